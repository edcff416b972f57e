import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { rewriteUrl } from "./rewrite";

const original = process.env.SANDBOX_URL;

afterEach(() => {
  if (original === undefined) delete process.env.SANDBOX_URL;
  else process.env.SANDBOX_URL = original;
  resetEnvForTests();
});

function useSandbox(url: string | undefined) {
  if (url === undefined) delete process.env.SANDBOX_URL;
  else process.env.SANDBOX_URL = url;
  resetEnvForTests();
}

describe("rewriteUrl", () => {
  it("sends a provider URL to the sandbox under a host-prefixed path when SANDBOX_URL is set", () => {
    useSandbox("http://127.0.0.1:4010");
    expect(rewriteUrl("https://graph.facebook.com/v24.0/me?x=1")).toBe(
      "http://127.0.0.1:4010/graph.facebook.com/v24.0/me?x=1",
    );
  });

  it("leaves URLs alone when SANDBOX_URL is unset", () => {
    useSandbox(undefined);
    expect(rewriteUrl("https://graph.facebook.com/v24.0/me?x=1")).toBe("https://graph.facebook.com/v24.0/me?x=1");
  });

  it("keeps the port, fragment and query of the provider URL and tolerates a trailing slash on SANDBOX_URL", () => {
    expect(rewriteUrl("https://www.linkedin.com:443/oauth/v2/authorization?a=1&b=2#x", "http://127.0.0.1:4010/")).toBe(
      "http://127.0.0.1:4010/www.linkedin.com:443/oauth/v2/authorization?a=1&b=2#x",
    );
  });

  it("never rewrites a URL twice or rewrites a plain-http local URL", () => {
    const sandbox = "https://sandbox.test";
    const once = rewriteUrl("https://api.x.com/2/users/me", sandbox);
    expect(rewriteUrl(once, sandbox)).toBe(once);
    expect(rewriteUrl("http://localhost:3000/api/x", sandbox)).toBe("http://localhost:3000/api/x");
  });
});
