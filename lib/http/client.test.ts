import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { resetEnvForTests } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { abortableSleep, createHttpClient, type HttpClient } from "./client";
import { HttpError } from "./errors";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
let hits: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
let sleeps: number[];
let logLines: string[];
let client: HttpClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = [];
  sleeps = [];
  logLines = [];
  handler = (_req, res) => res.end("ok");
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void logLines.push(line) } });
  client = createHttpClient({
    logger,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
  });
});

const sandboxBefore = process.env.SANDBOX_URL;
afterEach(() => {
  if (sandboxBefore === undefined) delete process.env.SANDBOX_URL;
  else process.env.SANDBOX_URL = sandboxBefore;
  resetEnvForTests();
});

/** Answers with the given statuses in order, then 200 "done". */
function statuses(...list: { status: number; headers?: Record<string, string> }[]): Handler {
  return (_req, res) => {
    const next = list[hits.length - 1];
    if (!next) return res.end("done");
    res.writeHead(next.status, next.headers);
    res.end("busy");
  };
}

describe("retries", () => {
  it("a GET that hits 503 twice is retried with jittered backoff and returns the third answer", async () => {
    handler = statuses({ status: 503 }, { status: 503 });
    const res = await client.get(`${base}/flaky`);
    expect(res.status).toBe(200);
    expect(res.text()).toBe("done");
    expect(res.attempts).toBe(3);
    expect(hits).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it("gives back the last error response when every attempt fails", async () => {
    handler = statuses({ status: 502 }, { status: 502 }, { status: 502 });
    const res = await client.get(`${base}/down`);
    expect(res.status).toBe(502);
    expect(hits).toHaveLength(3);
  });

  it("waits exactly as long as Retry-After says, in seconds or as an HTTP date", async () => {
    handler = statuses({ status: 429, headers: { "retry-after": "2" } });
    await client.get(`${base}/limited`);
    expect(sleeps).toEqual([2000]);

    hits = [];
    sleeps = [];
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    handler = statuses({ status: 503, headers: { "retry-after": inFiveSeconds } });
    const res = await client.get(`${base}/limited`);
    expect(res.status).toBe(200);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3_000);
    expect(sleeps[0]).toBeLessThanOrEqual(6_000);
  });

  it("does not wait for a Retry-After beyond the cap, and hands it back so the caller can schedule", async () => {
    handler = statuses({ status: 429, headers: { "retry-after": "120" } });
    const res = await client.get(`${base}/limited`);
    expect(res.status).toBe(429);
    expect(res.rateLimit.retryAfterSeconds).toBe(120);
    expect(hits).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("does not retry a POST that got a 503, because the post may already be published", async () => {
    handler = statuses({ status: 503 });
    const res = await client.post(`${base}/publish`, { json: { text: "hello" } });
    expect(res.status).toBe(503);
    expect(hits).toHaveLength(1);
  });

  it("retries a POST when the caller says it is safe", async () => {
    handler = statuses({ status: 503 });
    const res = await client.post(`${base}/token`, { form: { grant_type: "x" }, retry: true });
    expect(res.status).toBe(200);
    expect(hits).toHaveLength(2);
  });

  it("retries a POST whose connection was refused, since nothing was sent", async () => {
    const closed = await closedPort();
    const err = await client.post(`http://127.0.0.1:${closed}/publish`, { json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).kind).toBe("network");
    expect((err as HttpError).attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it("never retries when retry is false", async () => {
    handler = statuses({ status: 503 });
    await client.get(`${base}/x`, { retry: false });
    expect(hits).toHaveLength(1);
  });
});

describe("timeouts and failures", () => {
  it("a provider that never answers fails with a timeout error after timeoutMs", async () => {
    handler = () => {}; // never responds
    const started = Date.now();
    const err = await client.get(`${base}/hang`, { timeoutMs: 150, attempts: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a GET that times out is tried again before giving up", async () => {
    handler = () => {};
    const err = await client.get(`${base}/hang`, { timeoutMs: 100, attempts: 2 }).catch((e: unknown) => e);
    expect((err as HttpError).kind).toBe("timeout");
    expect(hits).toHaveLength(2);
  });

  it("a body that stalls halfway counts as a timeout", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":'); // and never ends
    };
    const err = await client.get(`${base}/stall`, { timeoutMs: 150, attempts: 1 }).catch((e: unknown) => e);
    expect((err as HttpError).kind).toBe("timeout");
  });

  it("a caller's abort stops the request with the caller's reason, not a retry", async () => {
    handler = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    const err = await client.get(`${base}/hang`, { signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("user cancelled");
    expect(hits).toHaveLength(1);
  });
});

describe("the real sleep between attempts", () => {
  it("waits, and stops waiting when the caller aborts", async () => {
    const started = Date.now();
    await abortableSleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});

describe("requests and responses", () => {
  it("sends form bodies as application/x-www-form-urlencoded", async () => {
    await client.post(`${base}/oauth/token`, { form: { grant_type: "authorization_code", redirect_uri: "https://a.test/cb?x=1" } });
    expect(hits[0]?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(hits[0]?.body).toBe("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.test%2Fcb%3Fx%3D1");
  });

  it("sends JSON bodies as application/json and multipart FormData as is", async () => {
    await client.post(`${base}/json`, { json: { a: 1 } });
    expect(hits[0]?.headers["content-type"]).toBe("application/json");
    expect(hits[0]?.body).toBe('{"a":1}');

    const data = new FormData();
    data.append("caption", "hi");
    data.append("photo", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "a.png");
    await client.post(`${base}/multipart`, { body: data });
    expect(hits[1]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(hits[1]?.body).toContain('name="caption"');
  });

  it("adds query parameters to the URL's own, skipping empty ones", async () => {
    await client.get(`${base}/me?fields=id`, { query: { limit: 25, after: undefined, ids: ["1", "2"] } });
    expect(hits[0]?.url).toBe("/me?fields=id&limit=25&ids=1&ids=2");
  });

  it("returns typed data through a zod schema", async () => {
    handler = (_req, res) => res.end(JSON.stringify({ id: "42", name: "Page" }));
    const res = await client.get(`${base}/me`);
    const me = res.json(z.object({ id: z.string(), name: z.string() }));
    expect(me.name).toBe("Page");
  });

  it("jsonOrUndefined reads an error body that may not be JSON", async () => {
    handler = (_req, res) => res.end(JSON.stringify({ error: { code: 190 } }));
    expect((await client.get(`${base}/a`)).jsonOrUndefined()).toEqual({ error: { code: 190 } });
    handler = (_req, res) => res.end("<html>Bad Gateway</html>");
    expect((await client.get(`${base}/b`)).jsonOrUndefined()).toBeUndefined();
  });

  it("a response of the wrong shape fails with invalid_response and does not quote the body", async () => {
    handler = (_req, res) => res.end(JSON.stringify({ access_token: "EAAsecret", expires_in: "soon" }));
    const res = await client.get(`${base}/token`);
    let err: unknown;
    try {
      res.json(z.object({ access_token: z.string(), expires_in: z.number() }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).kind).toBe("invalid_response");
    expect((err as HttpError).message).toContain("expires_in");
    expect((err as HttpError).message).not.toContain("EAAsecret");
  });

  it("requestJson throws a status error that still carries the provider's error body", async () => {
    handler = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"error":{"code":190,"message":"Invalid OAuth access token"}}');
    };
    const err = await client.requestJson(`${base}/me`, z.object({ id: z.string() })).catch((e: unknown) => e);
    expect((err as HttpError).kind).toBe("status");
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).response?.json()).toEqual({ error: { code: 190, message: "Invalid OAuth access token" } });
  });

  it("captures X and Meta rate-limit headers", async () => {
    handler = (_req, res) => {
      res.writeHead(200, {
        "x-rate-limit-limit": "900",
        "x-rate-limit-remaining": "899",
        "x-rate-limit-reset": "1767225600",
        "x-app-usage": '{"call_count":12,"total_time":3,"total_cputime":2}',
        "x-business-use-case-usage": '{"55":[{"type":"pages","call_count":40,"total_cputime":1,"total_time":1}]}',
      });
      res.end("{}");
    };
    const res = await client.get(`${base}/rl`);
    expect(res.rateLimit).toMatchObject({
      limit: 900,
      remaining: 899,
      resetAt: new Date(1767225600 * 1000),
      appUsage: { call_count: 12 },
      metaUsagePercent: 40,
    });
  });
});

describe("the sandbox switch", () => {
  it("sends https://graph.facebook.com/... to SANDBOX_URL/graph.facebook.com/...", async () => {
    process.env.SANDBOX_URL = base;
    resetEnvForTests();
    const res = await client.get("https://graph.facebook.com/v24.0/me?x=1");
    expect(res.status).toBe(200);
    expect(hits[0]?.url).toBe("/graph.facebook.com/v24.0/me?x=1");
  });
});

describe("logging", () => {
  it("writes one debug line per attempt with the URL redacted and never the bodies", async () => {
    handler = (_req, res) => {
      if (hits.length === 1) res.writeHead(503);
      res.end('{"access_token":"EAAresponse-secret","refresh_token":"rt-secret"}');
    };
    await client.get(`${base}/bot123456:AAbot-secret/getMe`, {
      query: { access_token: "EAAquery-secret", appsecret_proof: "proof-secret", fields: "id" },
      headers: { authorization: "Bearer header-secret" },
    });
    await client.post(`${base}/oauth/access_token`, {
      form: { client_secret: "client-secret", code: "code-secret", code_verifier: "verifier-secret" },
    });

    const output = logLines.join("");
    expect(logLines).toHaveLength(3);
    for (const secret of ["AAbot-secret", "EAAquery-secret", "proof-secret", "header-secret", "EAAresponse-secret", "rt-secret", "client-secret", "code-secret", "verifier-secret"]) {
      expect(output).not.toContain(secret);
    }
    const first = JSON.parse(logLines[0] ?? "{}") as Record<string, unknown>;
    expect(first).toMatchObject({ level: 20, method: "GET", status: 503, attempt: 1, retryInMs: 250 });
    expect(first.url).toBe(`${base}/bot***/getMe?access_token=***&appsecret_proof=***&fields=id`);
  });
});

async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
