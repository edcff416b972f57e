import { describe, expect, it } from "vitest";
import { signMetaBody, verifyMetaSignature } from "./signature";

// X-Hub-Signature-256 (SECURITY W1): which of our Meta apps signed a webhook body, or none.
const body = Buffer.from('{"object":"page","entry":[]}', "utf8");
const apps = [
  { app: "facebook" as const, secret: "facebook-app-secret" },
  { app: "instagram" as const, secret: "instagram-app-secret" },
];

describe("verifyMetaSignature", () => {
  it("names the app whose secret signed the body, each of the two", () => {
    expect(verifyMetaSignature(body, signMetaBody(body, "facebook-app-secret"), apps)).toBe("facebook");
    expect(verifyMetaSignature(body, signMetaBody(body, "instagram-app-secret"), apps)).toBe("instagram");
  });

  it("accepts upper-case hex and surrounding spaces, as the header may come", () => {
    const sig = signMetaBody(body, "instagram-app-secret");
    expect(verifyMetaSignature(body, ` sha256=${sig.slice(7).toUpperCase()} `, apps)).toBe("instagram");
    expect(verifyMetaSignature(body, `SHA256=${sig.slice(7)}`, apps)).toBe("instagram");
  });

  it("is null for no header, another secret, another body, and a malformed header", () => {
    const sig = signMetaBody(body, "facebook-app-secret");
    expect(verifyMetaSignature(body, null, apps)).toBeNull();
    expect(verifyMetaSignature(body, "", apps)).toBeNull();
    expect(verifyMetaSignature(body, signMetaBody(body, "not-our-secret"), apps)).toBeNull();
    expect(verifyMetaSignature(Buffer.from('{"object":"page","entry":[{}]}'), sig, apps)).toBeNull();
    for (const bad of [sig.slice(7), `sha1=${sig.slice(7)}`, `${sig}0`, sig.slice(0, -1), `x${sig}`, `${sig.slice(0, -1)}g`]) {
      expect(verifyMetaSignature(body, bad, apps)).toBeNull();
    }
  });

  it("an app without a secret configured matches nothing (never the HMAC of an empty key)", () => {
    expect(verifyMetaSignature(body, signMetaBody(body, ""), [{ app: "facebook", secret: "" }, { app: "instagram", secret: undefined }])).toBeNull();
    expect(verifyMetaSignature(body, signMetaBody(body, "instagram-app-secret"), [{ app: "facebook", secret: undefined }, apps[1]!])).toBe("instagram");
  });

  it("when both apps share a secret the first listed is named", () => {
    const same = [{ app: "facebook" as const, secret: "shared" }, { app: "instagram" as const, secret: "shared" }];
    expect(verifyMetaSignature(body, signMetaBody(body, "shared"), same)).toBe("facebook");
  });
});
