import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random OAuth state: 32 bytes, base64url (43 characters). */
export function createState(): string {
  return randomBytes(32).toString("base64url");
}

/** How a state is stored and looked up: SHA-256, hex. The state itself is never stored. */
export function hashState(state: string): string {
  return createHash("sha256").update(state, "utf8").digest("hex");
}

/** A PKCE code verifier (RFC 7636 §4.1): 32 random bytes, base64url → 43 unreserved characters. */
export function createCodeVerifier(bytes: Uint8Array = randomBytes(32)): string {
  if (bytes.length < 32) throw new RangeError("a PKCE verifier needs at least 32 random bytes");
  return Buffer.from(bytes).toString("base64url");
}

/** The S256 code challenge (RFC 7636 §4.2): BASE64URL(SHA256(ASCII(verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Constant-time string equality. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
