import { describe, expect, it } from "vitest";
import { codeChallengeS256, createCodeVerifier, createState, hashState, safeEqual } from "./pkce";

describe("PKCE and state", () => {
  it("the S256 challenge matches RFC 7636 appendix B's test vector", () => {
    const octets = new Uint8Array([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5,
      88, 83, 132, 141, 121,
    ]);
    const verifier = createCodeVerifier(octets);
    expect(verifier).toBe("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    expect(codeChallengeS256(verifier)).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("a verifier comes from at least 32 random bytes and uses only unreserved characters", () => {
    const a = createCodeVerifier();
    const b = createCodeVerifier();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(() => createCodeVerifier(new Uint8Array(16))).toThrow(/32 random bytes/);
  });

  it("a state is 32 random bytes and is stored only as its hash", () => {
    const s = createState();
    expect(Buffer.from(s, "base64url")).toHaveLength(32);
    expect(createState()).not.toBe(s);
    expect(hashState(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashState(s)).not.toContain(s);
  });
});

describe("safeEqual", () => {
  it("is true only for the same string; different lengths are false, not a thrown RangeError", () => {
    const h = hashState("state");
    expect(safeEqual(h, hashState("state"))).toBe(true);
    expect(safeEqual(h, hashState("other"))).toBe(false);
    expect(safeEqual(h, h.slice(0, -1))).toBe(false);
    expect(safeEqual(h, `${h}0`)).toBe(false);
    expect(safeEqual("", h)).toBe(false);
    // Same number of characters, different number of UTF-8 bytes.
    expect(safeEqual("é", "e")).toBe(false);
  });
});
