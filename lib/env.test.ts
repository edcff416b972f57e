import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("configuration", () => {
  it("in production, a missing secret stops the start with a message naming it", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40) })).toThrowError(
      /TOKEN_ENCRYPTION_KEYS is required in production/,
    );
    try {
      parseEnv({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems).toEqual(
        expect.arrayContaining(["AUTH_SECRET is required in production", "TOKEN_ENCRYPTION_KEYS is required in production"]),
      );
    }
  });

  it("names a malformed variable and says what is wrong with it", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrowError(/DATABASE_URL/);
    expect(() => parseEnv({ GRAPH_API_VERSION: "24" })).toThrowError(/GRAPH_API_VERSION must look like v24.0/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET must be at least 32 characters/);
  });

  it("runs in development with nothing configured, on the embedded database", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.RUN_WORKERS).toBe(true);
  });

  it("treats empty values as unset and parses booleans", () => {
    const env = parseEnv({ DATABASE_URL: "", RUN_WORKERS: "false", SANDBOX_URL: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SANDBOX_URL).toBeUndefined();
    expect(env.RUN_WORKERS).toBe(false);
  });

  it("allows the E2E test hooks only against the sandbox", () => {
    expect(() => parseEnv({ E2E_TEST_HOOKS: "1" })).toThrowError(/E2E_TEST_HOOKS is only allowed with SANDBOX_URL/);
    expect(parseEnv({ E2E_TEST_HOOKS: "1", SANDBOX_URL: "http://127.0.0.1:4010" }).E2E_TEST_HOOKS).toBe(true);
    expect(parseEnv({}).E2E_TEST_HOOKS).toBe(false);
  });
});
