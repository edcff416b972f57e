import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { createKeyring, defaultKeyring, KeyringError } from "./keyring";

const key = (bytes = 32) => randomBytes(bytes).toString("base64");

function problemsOf(spec: string): string[] {
  try {
    createKeyring(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyringError);
    return (error as KeyringError).problems;
  }
  throw new Error("expected createKeyring to throw");
}

describe("TOKEN_ENCRYPTION_KEYS", () => {
  it("encrypts with the first key and keeps every listed key for decrypting", () => {
    const keyring = createKeyring(`new:${key()}, old:${key()}`);
    expect(keyring.currentKeyId).toBe("new");
    expect(keyring.keyIds).toEqual(["new", "old"]);
  });

  it("accepts unpadded and URL-safe base64 keys", () => {
    const raw = randomBytes(32);
    expect(createKeyring(`a:${raw.toString("base64url")}`).keyIds).toEqual(["a"]);
    expect(createKeyring(`b:${raw.toString("base64").replace(/=+$/, "")}`).keyIds).toEqual(["b"]);
  });

  it("an empty value says keys are missing and how to make one", () => {
    expect(problemsOf(" , ")).toEqual([expect.stringContaining("has no keys")]);
    expect(problemsOf("")[0]).toContain("openssl rand -base64 32");
  });

  it("a key that is not 32 bytes names the entry and the byte count", () => {
    expect(problemsOf(`k1:${key()},k2:${key(16)}`)).toEqual([
      expect.stringMatching(/entry 2 \("k2"\) key decodes to 16 bytes; it must be exactly 32/),
    ]);
  });

  it("a bare key without a key id is reported without echoing the key", () => {
    const bare = key();
    const [problem] = problemsOf(bare);
    expect(problem).toContain('entry 1 has no ":"');
    expect(problem).not.toContain(bare);
  });

  it("reports a bad key id, a duplicate id, a missing key and non-base64 text, all at once", () => {
    const error = (() => {
      try {
        createKeyring(`bad.id:${key()},k1:${key()},k1:${key()},k2:,k3:not*base64`);
      } catch (e) {
        return e as KeyringError;
      }
    })();
    expect(error?.problems).toEqual([
      expect.stringMatching(/entry 1 key id must be 1-32 characters of A-Z, a-z, 0-9/),
      expect.stringMatching(/entry 3 \("k1"\) repeats a key id/),
      expect.stringMatching(/entry 4 \("k2"\) has no key/),
      expect.stringMatching(/entry 5 \("k3"\) key is not valid base64/),
    ]);
    expect(error?.message).toMatch(/^TOKEN_ENCRYPTION_KEYS is invalid:/);
  });

  it("never shows key bytes when the keyring is logged or serialized", () => {
    const secret = randomBytes(32);
    const keyring = createKeyring(`k1:${secret.toString("base64")}`);
    const shown = JSON.stringify(keyring) + String(keyring) + inspect(keyring, { depth: 5, showHidden: true });
    expect(shown).not.toContain(secret.toString("base64"));
    expect(shown).not.toContain(secret.toString("hex"));
  });
});

describe("the default keyring", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("uses TOKEN_ENCRYPTION_KEYS when it is set", () => {
    vi.stubEnv("TOKEN_ENCRYPTION_KEYS", `prod1:${key()}`);
    resetEnvForTests();
    expect(defaultKeyring().currentKeyId).toBe("prod1");
  });

  it("in development without TOKEN_ENCRYPTION_KEYS, generates one key once and keeps it in DATA_DIR", () => {
    const dataDir = path.resolve(`.data-test/keyring-${process.pid}`);
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("TOKEN_ENCRYPTION_KEYS", "");
    resetEnvForTests();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(defaultKeyring().currentKeyId).toBe("dev1");
      const file = path.join(dataDir, "dev-secrets.json");
      expect(existsSync(file)).toBe(true);
      const stored = (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>).TOKEN_ENCRYPTION_KEYS;
      expect(stored).toMatch(/^dev1:[A-Za-z0-9+/]{43}=$/);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
