import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { redactUrlForLog, SECRET_PARAMS } from "./redact";

// Issue 10 #9: the dev server's request log (Next's own "GET /url 200 in 12ms" lines) must not
// print OAuth codes, states or any other secret. Decided by Next's own function, with our config.

const require = createRequire(import.meta.url);
const { ignoreLoggingIncomingRequests } = require("next/dist/server/dev/log-requests.js") as {
  ignoreLoggingIncomingRequests: (request: { url: string }, logging: unknown) => boolean;
};
const configUrl = new URL("../../next.config.mjs", import.meta.url).href;
const { default: nextConfig } = (await import(/* @vite-ignore */ configUrl)) as { default: { logging?: unknown } };
const logged = (url: string) => !ignoreLoggingIncomingRequests({ url }, nextConfig.logging);

describe("Next's development request log", () => {
  it("leaves out OAuth callbacks with their code and state", () => {
    expect(logged("/api/social/x/callback?state=abc123&code=Zx9-secret")).toBe(false);
    expect(logged("/integrations/meta-messaging/oauth/callback?code=AQB&state=s")).toBe(false);
    expect(logged("/api/auth/instagram/callback?code=AQD#_")).toBe(false);
  });

  it("leaves out every secret parameter redact.ts knows, and invitation links", () => {
    for (const name of [...SECRET_PARAMS, "state"]) expect(logged(`/anything?x=1&${name}=value`), name).toBe(false);
    expect(logged("/invite/3q2-secret-token")).toBe(false);
  });

  it("still logs ordinary requests", () => {
    expect(logged("/connections?connected=x&count=1")).toBe(true);
    expect(logged("/api/social/x/connect?target=personal")).toBe(true);
    expect(logged("/connections?error=consent_denied&platform=x")).toBe(true);
  });
});

describe("the sandbox's request log line", () => {
  it("redacts codes, states and tokens", () => {
    const line = redactUrlForLog("/www.facebook.com/v24.0/dialog/oauth?client_id=1&state=AbC123&redirect_uri=x&code=Zx9Secret");
    expect(line).not.toMatch(/AbC123|Zx9Secret/);
    expect(line).toContain("client_id=1");
  });
});
