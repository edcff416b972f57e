import { describe, expect, it } from "vitest";
import { json } from "./http";
import { createSandbox } from "./server";
import type { SandboxModule } from "./types";

const echo: SandboxModule<{ hits: number }> = {
  name: "echo",
  createState: () => ({ hits: 0 }),
  routes: [
    {
      method: "GET",
      host: ["api.echo.test", "legacy.echo.test"],
      path: "/v1/items/:id",
      label: "echo GET /v1/items/{id}",
      handler: (req, ctx) => {
        ctx.state(echo).hits++;
        return json({ id: req.params.id, hits: ctx.state(echo).hits });
      },
    },
    { method: "GET", host: "api.echo.test", path: "/v1/items/special", handler: () => json({ special: true }) },
    { method: "GET", host: "api.echo.test", path: "/files/:rest*", handler: (req) => json({ rest: req.params.rest }) },
    { method: "POST", host: "api.echo.test", path: "/form", handler: (req) => json({ a: req.form.get("a"), j: req.json }) },
  ],
  errors: {
    serverError: () => json({ title: "Service Unavailable" }, 503),
    rateLimited: (_req, info) => json({ title: "Too Many Requests" }, 429, { "x-rate-limit-limit": String(info.limit), "x-rate-limit-remaining": "0" }),
  },
};

function sandbox() {
  return createSandbox({ modules: [echo], sandboxUrl: "http://sandbox.test", appOrigins: ["http://localhost:3000"] });
}
const get = (s: ReturnType<typeof sandbox>, path: string, headers: Record<string, string> = {}) =>
  s.handle(new Request(`http://sandbox.test${path}`, { headers }));
const post = (s: ReturnType<typeof sandbox>, path: string, body: unknown) =>
  s.handle(new Request(`http://sandbox.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

describe("sandbox server", () => {
  it("serves a module route under /<host>/<path>, for every host it declares, literal segments first", async () => {
    const s = sandbox();
    expect(await (await get(s, "/api.echo.test/v1/items/42")).json()).toEqual({ id: "42", hits: 1 });
    expect(await (await get(s, "/legacy.echo.test/v1/items/7")).json()).toEqual({ id: "7", hits: 2 });
    expect(await (await get(s, "/api.echo.test/v1/items/special")).json()).toEqual({ special: true });
    expect(await (await get(s, "/api.echo.test/files/a/b/c.jpg")).json()).toEqual({ rest: "a/b/c.jpg" });
    expect((await get(s, "/unknown.test/x")).status).toBe(404);
  });

  it("parses form and JSON bodies", async () => {
    const s = sandbox();
    const form = await s.handle(
      new Request("http://sandbox.test/api.echo.test/form", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1" }),
    );
    expect(await form.json()).toEqual({ a: "1" });
    expect(await (await post(s, "/api.echo.test/form", { x: 1 })).json()).toEqual({ a: null, j: { x: 1 } });
  });

  it("counts requests per route label", async () => {
    const s = sandbox();
    await get(s, "/api.echo.test/v1/items/1");
    await get(s, "/api.echo.test/v1/items/2");
    const stats = (await (await get(s, "/__sandbox/stats")).json()) as { counts: Record<string, number> };
    expect(stats.counts["echo GET /v1/items/{id}"]).toBe(2);
  });

  it("answers the provider's 429 with its headers after N requests", async () => {
    const s = sandbox();
    await post(s, "/__sandbox/knobs", { rateLimitAfter: 2 });
    expect((await get(s, "/api.echo.test/v1/items/1")).status).toBe(200);
    expect((await get(s, "/api.echo.test/v1/items/1")).status).toBe(200);
    const limited = await get(s, "/api.echo.test/v1/items/1");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-rate-limit-limit")).toBe("2");
    // The window is on the sandbox clock.
    await post(s, "/__sandbox/clock", { advanceMs: 15 * 60_000 });
    expect((await get(s, "/api.echo.test/v1/items/1")).status).toBe(200);
  });

  it("answers the provider's 5xx at failure rate 1, and per request through a header", async () => {
    const s = sandbox();
    expect((await get(s, "/api.echo.test/v1/items/1", { "x-sandbox-failure-rate": "1" })).status).toBe(503);
    expect((await get(s, "/api.echo.test/v1/items/1")).status).toBe(200);
    await post(s, "/__sandbox/knobs", { failureRate: 1 });
    const res = await get(s, "/api.echo.test/v1/items/1");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ title: "Service Unavailable" });
  });

  it("fails exactly the chosen requests to a route (counted since the knobs were set)", async () => {
    const s = sandbox();
    await post(s, "/__sandbox/knobs", { overrides: { "api.echo.test": { failRequests: [2] } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(s, "/api.echo.test/v1/items/1")).status);
    expect(statuses).toEqual([200, 503, 200]);
  });

  it("adds latency: each request waits latencyMs (the knob, or the request's header) before it is answered", async () => {
    // The wait goes through the injected sleep: recorded, not spent on the wall clock.
    const slept: number[] = [];
    let answered = false;
    let wake!: () => void;
    const s = createSandbox({
      modules: [echo],
      sandboxUrl: "http://sandbox.test",
      appOrigins: ["http://localhost:3000"],
      sleep: (ms) => {
        slept.push(ms);
        return new Promise<void>((r) => (wake = r));
      },
    });
    expect((await get(s, "/api.echo.test/v1/items/1")).status).toBe(200);
    expect(slept).toEqual([]);
    await post(s, "/__sandbox/knobs", { latencyMs: 120 });
    const pending = get(s, "/api.echo.test/v1/items/1").then((res) => ((answered = true), res));
    await new Promise((r) => setImmediate(r));
    expect(slept).toEqual([120]);
    expect(answered).toBe(false);
    wake();
    expect((await pending).status).toBe(200);
    const viaHeader = get(s, "/api.echo.test/v1/items/1", { "x-sandbox-latency-ms": "40" });
    await new Promise((r) => setImmediate(r));
    wake();
    await viaHeader;
    expect(slept).toEqual([120, 40]);
  });

  it("reset brings back state, clock and knobs", async () => {
    // A pinned base clock: the reset's clock is compared exactly, not against the wall clock.
    const s = createSandbox({ modules: [echo], sandboxUrl: "http://sandbox.test", appOrigins: ["http://localhost:3000"], now: () => 1_700_000_000_000 });
    await get(s, "/api.echo.test/v1/items/1");
    await post(s, "/__sandbox/knobs", { failureRate: 1 });
    await post(s, "/__sandbox/clock", { advanceMs: 1000 });
    await post(s, "/__sandbox/reset", {});
    expect(await (await get(s, "/api.echo.test/v1/items/1")).json()).toEqual({ id: "1", hits: 1 });
    const clock = (await (await get(s, "/__sandbox/clock")).json()) as { now: number };
    expect(clock.now).toBe(1_700_000_000_000);
  });

  it("works over a real socket", async () => {
    const s = sandbox();
    const { url } = await s.listen(0);
    try {
      const res = await fetch(`${url}/api.echo.test/v1/items/9`);
      expect(await res.json()).toEqual({ id: "9", hits: 1 });
      const avatar = await fetch(`${url}/__sandbox/avatar/abc.svg?label=Ada%20Lovelace`);
      expect(avatar.headers.get("content-type")).toBe("image/svg+xml");
      expect(await avatar.text()).toContain(">AL<");
    } finally {
      await s.close();
    }
  });
});
