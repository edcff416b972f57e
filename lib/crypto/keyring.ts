import "server-only";
import { createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import { devSecret } from "@/lib/dev-secrets";
import { env } from "@/lib/env";

/**
 * The token-encryption keys, parsed from `TOKEN_ENCRYPTION_KEYS` = `kid:base64key,kid2:base64key`.
 * The FIRST key encrypts; every key decrypts, so a key can be added, rotated to and retired
 * (`npm run keys:rotate`) without downtime. Key bytes live in KeyObjects and are never printed.
 */

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const KEY_BYTES = 32;

/** A malformed `TOKEN_ENCRYPTION_KEYS`; the message names every problem but never a key. */
export class KeyringError extends Error {
  constructor(public readonly problems: string[]) {
    super(`TOKEN_ENCRYPTION_KEYS is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "KeyringError";
  }
}

export class Keyring {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  /** The key id new values are encrypted under. */
  readonly currentKeyId: string;

  constructor(keys: ReadonlyMap<string, KeyObject>) {
    const first = keys.keys().next();
    if (first.done) throw new KeyringError(["no keys given"]);
    this.#keys = keys;
    this.currentKeyId = first.value;
  }

  /** Every key id that can decrypt, current first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** The key for `kid`, or undefined when this keyring does not hold it. */
  key(kid: string): KeyObject | undefined {
    return this.#keys.get(kid);
  }

  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }
}

/** Parses `kid:base64key[,kid2:base64key…]` (32-byte keys, first one encrypts); throws KeyringError. */
export function createKeyring(spec: string): Keyring {
  const problems: string[] = [];
  const keys = new Map<string, KeyObject>();
  const entries = spec
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) {
    throw new KeyringError(['has no keys; expected "kid:base64key[,kid2:base64key]" with 32-byte keys (`openssl rand -base64 32`)']);
  }
  for (const [i, entry] of entries.entries()) {
    const problem = addEntry(keys, entry, i + 1);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new KeyringError(problems);
  return new Keyring(keys);
}

/** Validates one `kid:base64key` entry and adds it to `keys`; returns the problem, if any. */
function addEntry(keys: Map<string, KeyObject>, entry: string, n: number): string | undefined {
  const colon = entry.indexOf(":");
  // Never echo the entry itself: without a colon it may be a bare key.
  if (colon < 0) return `entry ${n} has no ":"; expected "kid:base64key"`;
  const kid = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (kid === "") return `entry ${n} has an empty key id; expected "kid:base64key"`;
  if (!KID.test(kid)) return `entry ${n} key id must be 1-32 characters of A-Z, a-z, 0-9, "_" or "-"`;
  const where = `entry ${n} ("${kid}")`;
  if (keys.has(kid)) return `${where} repeats a key id; each key id must be unique`;
  if (encoded === "") return `${where} has no key after ":"`;
  if (!BASE64.test(encoded)) return `${where} key is not valid base64`;
  // Node's base64 decoder accepts both the standard and the URL-safe alphabet.
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== KEY_BYTES) {
    return `${where} key decodes to ${bytes.length} bytes; it must be exactly ${KEY_BYTES} (generate one with \`openssl rand -base64 32\`)`;
  }
  keys.set(kid, createSecretKey(bytes));
  bytes.fill(0);
  return undefined;
}

let cached: { source: string | undefined; keyring: Keyring } | undefined;

/**
 * The process keyring from `TOKEN_ENCRYPTION_KEYS`; outside production, when unset, a development
 * key generated once into DATA_DIR. Re-parsed only when the variable changes.
 */
export function defaultKeyring(): Keyring {
  const source = env().TOKEN_ENCRYPTION_KEYS;
  if (cached && cached.source === source) return cached.keyring;
  const spec = source ?? devSecret("TOKEN_ENCRYPTION_KEYS", () => `dev1:${randomBytes(KEY_BYTES).toString("base64")}`);
  cached = { source, keyring: createKeyring(spec) };
  return cached.keyring;
}
