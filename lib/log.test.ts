import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

const SECRET = "Sup3rS3cretValue";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, output: () => lines.join(""), lines };
}

describe("logger redaction", () => {
  it.each(["access_token", "refresh_token", "client_secret", "code", "password", "token"])(
    "hides %s given as a field, at the top level and nested",
    (key) => {
      const { logger, output } = capture();
      logger.info({ [key]: SECRET, tokens: { [key]: SECRET }, deep: { a: { [key]: SECRET } } }, "stored");
      expect(output()).not.toContain(SECRET);
      expect(output()).toContain(`"${key}":"***"`);
    },
  );

  it("hides the Authorization header of a logged request", () => {
    const { logger, output } = capture();
    logger.info({ headers: { authorization: `Bearer ${SECRET}`, accept: "application/json" } });
    logger.info({ req: { headers: { authorization: `Basic ${SECRET}` } } });
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain("application/json");
  });

  it.each([
    "access_token",
    "client_secret",
    "code",
    "refresh_token",
    "fb_exchange_token",
    "input_token",
    "code_verifier",
    "appsecret_proof",
    "signed_request",
    "password",
  ])("hides %s inside a logged URL, in the message and in a field", (name) => {
    const { logger, output } = capture();
    const url = `https://graph.facebook.com/v24.0/oauth/access_token?${name}=${SECRET}&fields=id`;
    logger.info({ url }, `calling ${url}`);
    logger.info(`form body %s`, `${name}=${SECRET}&grant_type=x`);
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain(`${name}=***`);
  });

  it("hides a Telegram bot token in a URL path", () => {
    const { logger, output } = capture();
    logger.warn({ url: `https://api.telegram.org/bot123456:${SECRET}/sendMessage` }, "telegram failed");
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain("/bot***/sendMessage");
  });

  it("hides a bearer token quoted in an error message", () => {
    const { logger, output } = capture();
    logger.error({ err: new Error(`upstream rejected Authorization: Bearer ${SECRET}`) }, "publish failed");
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain("upstream rejected");
  });

  it("hides secrets in a child logger's bindings", () => {
    const { logger, output } = capture();
    logger.child({ callback: `/cb?code=${SECRET}`, access_token: SECRET }).info("callback");
    expect(output()).not.toContain(SECRET);
  });

  it("keeps error codes, which share the key `code` with OAuth codes", () => {
    const { logger, lines } = capture();
    logger.warn({ error: { code: 190 }, cause: { code: "ECONNREFUSED" }, result: { code: "rate_limited" } });
    logger.warn({ query: { code: "AQBx7Yk3-9fZ_2mQ" } });
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
    expect(first?.error?.code).toBe(190);
    expect(first?.cause?.code).toBe("ECONNREFUSED");
    expect(first?.result?.code).toBe("rate_limited");
    expect(second?.query?.code).toBe("***");
  });
});

describe("log lines", () => {
  it("stay valid JSON after scrubbing, even when a secret sits next to an escaped quote", () => {
    const { logger, lines } = capture();
    logger.child({ note: `code=${SECRET}"quoted" and Authorization: x\\y` }).info(`msg password=${SECRET}\\n`);
    expect(lines[0]).not.toContain(SECRET);
    expect(() => JSON.parse(lines[0] ?? "")).not.toThrow();
  });

  it("logging an Error directly hides secrets in its message", () => {
    const { logger, output } = capture();
    logger.error(new Error(`GET https://api.x.com/2/me?access_token=${SECRET} failed`));
    expect(output()).not.toContain(SECRET);
  });
});
