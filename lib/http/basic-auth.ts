/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret are form-urlencoded before base64). */
export function basicAuthHeader(credentials: { clientId: string; clientSecret: string }): string {
  const enc = (v: string) => encodeURIComponent(v);
  return `Basic ${Buffer.from(`${enc(credentials.clientId)}:${enc(credentials.clientSecret)}`).toString("base64")}`;
}
