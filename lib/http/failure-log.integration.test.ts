import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";
import { createLogger } from "@/lib/log";
import { httpJson } from "./client";

// Issue 10 #11: a failed provider call is one readable log line — method, host, redacted path,
// status, the provider's error code and message — never "[unable to serialize…]", never a token.
let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox();
});

afterAll(async () => {
  await sb?.close();
});

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, line: (i = 0) => JSON.parse(lines[i]!) as { msg: string; err: Record<string, unknown> } };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should fail"),
    (e: unknown) => e,
  );
}

describe("the log line of a failed provider call", () => {
  it("Graph: method, provider host, path without the query, status, Meta's code and message; no token", async () => {
    const token = "EAAGbogusTokenValue1234567890";
    const err = await failure(httpJson(`https://graph.facebook.com/v24.0/me?fields=id,name&access_token=${token}`, z.object({ id: z.string() })));
    const { logger, lines, line } = capture();
    logger.error({ err, platform: "facebook" }, "oauth step failed unexpectedly");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("unable to serialize");
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).not.toContain("access_token");
    const { err: logged } = line();
    expect(logged).toMatchObject({ type: "HttpError", kind: "status", method: "GET", host: "graph.facebook.com", path: "/v24.0/me", providerCode: "190" });
    expect(logged.status).toBeGreaterThanOrEqual(400);
    expect(String(logged.providerMessage)).toMatch(/token/i);
    expect(logged).not.toHaveProperty("response");
  });

  it("Telegram: the bot token in the path is redacted; the Bot API's error_code and description are kept", async () => {
    const bot = "5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt";
    const err = await failure(httpJson(`https://api.telegram.org/bot${bot}/getMe`, z.object({ ok: z.literal(true) })));
    const { logger, lines, line } = capture();
    logger.warn({ err }, "telegram failed");
    expect(lines[0]).not.toContain("AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt");
    expect(line().err).toMatchObject({ method: "GET", host: "api.telegram.org", path: "/bot***/getMe", status: 401, providerCode: "401", providerMessage: "Unauthorized" });
  });

  it("a provider failure inside another error (as its cause) is summarized too", async () => {
    const cause = await failure(httpJson("https://api.linkedin.com/v2/userinfo", z.object({ sub: z.string() }), { headers: { authorization: "Bearer AQVbogus123456" } }));
    const { logger, lines, line } = capture();
    logger.error({ err: new Error("connect failed", { cause }) }, "oauth step failed unexpectedly");
    expect(lines[0]).not.toContain("unable to serialize");
    expect(lines[0]).not.toContain("AQVbogus123456");
    expect(line().err.provider).toMatchObject({ method: "GET", host: "api.linkedin.com", path: "/v2/userinfo", status: 401 });
  });
});
