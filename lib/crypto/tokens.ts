import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { defaultKeyring, type Keyring } from "./keyring";

/**
 * Tokens at rest: AES-256-GCM, a random 96-bit nonce per value, a 128-bit tag, stored as
 * `v1.<kid>.<b64url nonce>.<b64url ciphertext+tag>`. The additional authenticated data binds
 * each value to its place (table, row id, field), so a value copied to another row or column
 * no longer decrypts. Values under an old key are found with `NOT starts_with(col, prefix)`.
 */

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/**
 * Where a value lives: the SQL table name, the row's primary key and the SQL column name — the
 * same names `db/schema/encrypted-columns.ts` registers, because rotation rebuilds this context
 * from them. `id` is compared as text the way PostgreSQL prints it (lower-case UUIDs), so the
 * row id must be known before insert (e.g. `crypto.randomUUID()`).
 */
export interface TokenContext {
  table: string;
  id: string | number | bigint;
  field: string;
}

export type DecryptErrorCode = "malformed" | "unknown_key" | "tampered";

/** A value that cannot be decrypted. Fails closed; the message never contains the value. */
export class DecryptError extends Error {
  constructor(
    public readonly code: DecryptErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DecryptError";
  }
}

/** The prefix every value encrypted under `kid` starts with (`v1.<kid>.`). */
export function ciphertextPrefix(kid: string): string {
  return `${VERSION}.${kid}.`;
}

function aad(kid: string, ctx: TokenContext): Buffer {
  // A JSON array is an unambiguous encoding: ("a.b", "c") and ("a", "b.c") never collide.
  return Buffer.from(JSON.stringify([VERSION, kid, ctx.table, String(ctx.id), ctx.field]), "utf8");
}

function where(ctx: TokenContext): string {
  return `${ctx.table}.${ctx.field} of row ${String(ctx.id)}`;
}

/** Encrypts `plaintext` for the place `ctx` under the keyring's current key. */
export function encryptToken(plaintext: string, ctx: TokenContext, keyring: Keyring = defaultKeyring()): string {
  const kid = keyring.currentKeyId;
  const key = keyring.key(kid)!;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(kid, ctx));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${ciphertextPrefix(kid)}${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

/** Decrypts a value stored at `ctx`; throws DecryptError (malformed, unknown_key, tampered) instead of returning garbage. */
export function decryptToken(ciphertext: string, ctx: TokenContext, keyring: Keyring = defaultKeyring()): string {
  const parts = FORMAT.exec(ciphertext);
  if (!parts) throw new DecryptError("malformed", `The encrypted value in ${where(ctx)} is not in the v1 format`);
  const [, kid = "", nonceText = "", bodyText = ""] = parts;
  const key = keyring.key(kid);
  if (!key) {
    throw new DecryptError(
      "unknown_key",
      `The value in ${where(ctx)} is encrypted under key "${kid}", which TOKEN_ENCRYPTION_KEYS does not contain`,
    );
  }
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new DecryptError("malformed", `The encrypted value in ${where(ctx)} has a bad nonce or tag length`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(kid, ctx));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    return plain.toString("utf8");
  } catch {
    throw new DecryptError(
      "tampered",
      `The encrypted value in ${where(ctx)} failed authentication: it was altered or belongs to another row or field`,
    );
  }
}

/** The key id a stored value was encrypted under, or undefined when it is not a v1 value. */
export function keyIdOf(ciphertext: string): string | undefined {
  return FORMAT.exec(ciphertext)?.[1];
}

/** True when a stored value is not under the keyring's current key (so `keys:rotate` would rewrite it). */
export function needsRotation(ciphertext: string, keyring: Keyring = defaultKeyring()): boolean {
  return keyIdOf(ciphertext) !== keyring.currentKeyId;
}
