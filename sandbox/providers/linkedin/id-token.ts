/** OpenID Connect id_token (RS256) and the JWKS that verifies it, as LinkedIn issues with the `openid` scope. */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

const KID = "sandbox-linkedin-1";
let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

function keyPair() {
  keys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return keys;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export function signIdToken(claims: Record<string, unknown>): string {
  const head = b64url({ alg: "RS256", kid: KID, typ: "JWT" });
  const body = b64url(claims);
  const sig = createSign("RSA-SHA256").update(`${head}.${body}`).sign(keyPair().privateKey).toString("base64url");
  return `${head}.${body}.${sig}`;
}

export function jwks(): { keys: unknown[] } {
  const jwk = keyPair().publicKey.export({ format: "jwk" });
  return { keys: [{ ...jwk, kid: KID, use: "sig", alg: "RS256" }] };
}
