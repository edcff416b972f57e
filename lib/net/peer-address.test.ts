import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/rate-limit/keys";
import { installPeerAddressHook } from "./peer-address";

// A real HTTP server on a real socket, with the hook the app installs at start
// (instrumentation.ts): what does a handler see in X-Forwarded-For?

let port = 0;
let seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push({ ...req.headers });
  // What Next does next (see the last test): it fills the header only when it is missing.
  req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;
  res.end();
});

beforeAll(async () => {
  installPeerAddressHook();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(headers: Record<string, string> = {}): Promise<IncomingHttpHeaders> {
  seen = [];
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(seen[0]!));
    });
    req.on("error", reject);
    req.end();
  });
}

const ipOf = (headers: IncomingHttpHeaders, hops: number) => clientIp(new Headers({ "x-forwarded-for": String(headers["x-forwarded-for"] ?? "") }), hops);

describe("the socket's address in X-Forwarded-For", () => {
  it("is the whole header when the client sends none", async () => {
    const headers = await get();
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(ipOf(headers, 0)).toBe("127.0.0.1");
  });

  it("is appended after whatever the client sent, so with no trusted proxy a forged header makes no new bucket", async () => {
    const a = await get({ "x-forwarded-for": "203.0.113.7" });
    const b = await get({ "x-forwarded-for": "198.51.100.9, 192.0.2.1" });
    expect(a["x-forwarded-for"]).toBe("203.0.113.7, 127.0.0.1");
    expect(b["x-forwarded-for"]).toBe("198.51.100.9, 192.0.2.1, 127.0.0.1");
    expect(ipOf(a, 0)).toBe("127.0.0.1");
    expect(ipOf(b, 0)).toBe("127.0.0.1");
    // Behind one trusted proxy (here: the socket's peer), the entry the proxy appended is the client.
    expect(ipOf(a, 1)).toBe("203.0.113.7");
    expect(ipOf(b, 1)).toBe("192.0.2.1");
  });

  it("relies on Next filling X-Forwarded-For only when it is missing (re-check on a Next upgrade)", () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve("next/dist/server/base-server.js"), "utf8");
    expect(source).toMatch(/req\.headers\['x-forwarded-for'\] \?\?= .*socket.*remoteAddress/);
  });
});
