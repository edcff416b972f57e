import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring } from "./keyring";
import { DecryptError, decryptToken, encryptToken, keyIdOf, needsRotation, type TokenContext } from "./tokens";

const key = () => randomBytes(32).toString("base64");
const k1 = key();
const k2 = key();
const keyring = createKeyring(`k1:${k1}`);
const token = "EAAG-access-token-ñ-🔑";
const place: TokenContext = { table: "social_connections", id: "5b0e3f3c-8a51-4c3e-9a0e-3c1f1d2a9b10", field: "access_token" };

function decryptError(fn: () => unknown): DecryptError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptError);
    return error as DecryptError;
  }
  throw new Error("expected a DecryptError, but decryption succeeded");
}

describe("token encryption at rest", () => {
  it("a stored token decrypts back to the original", () => {
    const stored = encryptToken(token, place, keyring);
    expect(decryptToken(stored, place, keyring)).toBe(token);
    expect(decryptToken(encryptToken("", place, keyring), place, keyring)).toBe("");
  });

  it("the stored value shows its key id and never the token", () => {
    const stored = encryptToken(token, place, keyring);
    expect(stored).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain("access-token");
    expect(keyIdOf(stored)).toBe("k1");
  });

  it("encrypting the same token twice gives different values (S2)", () => {
    const a = encryptToken(token, place, keyring);
    const b = encryptToken(token, place, keyring);
    expect(a).not.toBe(b);
    expect(decryptToken(a, place, keyring)).toBe(decryptToken(b, place, keyring));
  });

  it("flipping any single bit of a stored value makes it fail as tampered", () => {
    const stored = encryptToken(token, place, keyring);
    const [v, kid, nonce, body] = stored.split(".") as [string, string, string, string];
    for (const part of ["nonce", "body"] as const) {
      const bytes = Buffer.from(part === "nonce" ? nonce : body, "base64url");
      for (let bit = 0; bit < bytes.length * 8; bit += 7) {
        const flipped = Buffer.from(bytes);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const forged =
          part === "nonce"
            ? [v, kid, flipped.toString("base64url"), body].join(".")
            : [v, kid, nonce, flipped.toString("base64url")].join(".");
        expect(decryptError(() => decryptToken(forged, place, keyring)).code).toBe("tampered");
      }
    }
  });

  it("a value swapped between two rows fails to decrypt (S2)", () => {
    const rowA = { ...place, id: "row-a" };
    const rowB = { ...place, id: "row-b" };
    const storedA = encryptToken("token-of-a", rowA, keyring);
    const storedB = encryptToken("token-of-b", rowB, keyring);
    expect(decryptError(() => decryptToken(storedA, rowB, keyring)).code).toBe("tampered");
    expect(decryptError(() => decryptToken(storedB, rowA, keyring)).code).toBe("tampered");
  });

  it("a value moved to another field or table of the same row fails to decrypt (S2)", () => {
    const refresh = encryptToken("refresh", { ...place, field: "refresh_token" }, keyring);
    expect(decryptError(() => decryptToken(refresh, place, keyring)).code).toBe("tampered");
    expect(decryptError(() => decryptToken(refresh, { ...place, table: "other", field: "refresh_token" }, keyring)).code).toBe(
      "tampered",
    );
  });

  it("numeric and text row ids of the same value are the same place", () => {
    const stored = encryptToken(token, { ...place, id: 42 }, keyring);
    expect(decryptToken(stored, { ...place, id: "42" }, keyring)).toBe(token);
    expect(decryptToken(stored, { ...place, id: 42n }, keyring)).toBe(token);
  });

  it("a value under a key id the keyring does not have fails closed as unknown_key", () => {
    const stored = encryptToken(token, place, keyring);
    const error = decryptError(() => decryptToken(stored, place, createKeyring(`k2:${k2}`)));
    expect(error.code).toBe("unknown_key");
    expect(error.message).toContain('"k1"');
    expect(error.message).not.toContain(stored);
  });

  it("relabelling a value with another known key id does not decrypt it", () => {
    const both = createKeyring(`k2:${k2},k1:${k1}`);
    const relabelled = encryptToken(token, place, keyring).replace(/^v1\.k1\./, "v1.k2.");
    expect(decryptError(() => decryptToken(relabelled, place, both)).code).toBe("tampered");
  });

  it("plaintext, truncated or garbled values are rejected as malformed, never returned", () => {
    const stored = encryptToken(token, place, keyring);
    const [v, kid, nonce, body] = stored.split(".") as [string, string, string, string];
    const shortTag = Buffer.from(body, "base64url").subarray(0, 15).toString("base64url");
    for (const bad of [token, "", "v1.k1..", `v2.k1.${nonce}.${body}`, `${v}.${kid}.${nonce}`, `${v}.${kid}.AAAA.${body}`, `${v}.${kid}.${nonce}.${shortTag}`]) {
      expect(decryptError(() => decryptToken(bad, place, keyring)).code).toBe("malformed");
    }
    // A tag cut to 12 bytes must not be accepted as a shorter GCM tag.
    const cut = Buffer.from(body, "base64url");
    const truncatedTag = cut.subarray(0, cut.length - 4).toString("base64url");
    expect(() => decryptToken(`${v}.${kid}.${nonce}.${truncatedTag}`, place, keyring)).toThrow(DecryptError);
  });

  it("each failure says which place failed (table.field of row id) and why, never the value", () => {
    const stored = encryptToken(token, place, keyring);
    const [v, kid, nonce, body] = stored.split(".") as [string, string, string, string];
    const at = `${place.table}.${place.field} of row ${String(place.id)}`;
    const cases: Array<[string, string, RegExp]> = [
      [token, "malformed", /is not in the v1 format/],
      [`${v}.${kid}.AAAA.${body}`, "malformed", /has a bad nonce or tag length/],
      [encryptToken(token, { ...place, id: "elsewhere" }, keyring), "tampered", /failed authentication/],
    ];
    for (const [bad, code, why] of cases) {
      const error = decryptError(() => decryptToken(bad, place, keyring));
      expect(error.code).toBe(code);
      expect(error.message).toContain(at);
      expect(error.message).toMatch(why);
      expect(error.message).not.toContain(token);
    }
    expect(decryptError(() => decryptToken(stored, place, createKeyring(`k2:${k2}`))).message).toContain(at);
  });

  it("after a new key is added first, old values still decrypt and new ones use the new key (S3)", () => {
    const old = encryptToken(token, place, keyring);
    const rotated = createKeyring(`k2:${k2},k1:${k1}`);
    expect(decryptToken(old, place, rotated)).toBe(token);
    expect(needsRotation(old, rotated)).toBe(true);
    const fresh = encryptToken(token, place, rotated);
    expect(keyIdOf(fresh)).toBe("k2");
    expect(needsRotation(fresh, rotated)).toBe(false);
    expect(needsRotation("not encrypted", rotated)).toBe(true);
    expect(keyIdOf("not encrypted")).toBeUndefined();
  });
});
