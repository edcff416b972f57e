/**
 * The OAuth machinery every module shares: registered apps, authorization codes, access
 * tokens and refresh tokens. Modules decide what their errors look like; this store only
 * answers "is it valid, and if not, why".
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock, SandboxRequest } from "./types";

export interface RegisteredApp {
  /** Module name that owns the app, e.g. "facebook", "instagram", "x". */
  provider: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** Exact-match redirect URIs. */
  redirectUris: string[];
}

export interface AuthCode {
  code: string;
  provider: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userId: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** Module data carried to the token, e.g. the Pages ticked in the consent dialog. */
  extra: Record<string, unknown>;
}

export type TokenKind = "user" | "page" | "app";

export interface IssuedToken {
  token: string;
  provider: string;
  kind: TokenKind;
  clientId: string;
  userId: string;
  /** Page, account or other subject a non-user token acts as. */
  subjectId?: string;
  scopes: string[];
  issuedAt: number;
  /** null = does not expire. */
  expiresAt: number | null;
  revoked: boolean;
  extra: Record<string, unknown>;
}

export interface RefreshToken {
  token: string;
  provider: string;
  clientId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number | null;
  used: boolean;
  revoked: boolean;
  extra: Record<string, unknown>;
}

export type CodeFailure = "invalid" | "used" | "expired" | "client_mismatch" | "redirect_mismatch" | "pkce_missing" | "pkce_mismatch";
export type TokenFailure = "missing" | "invalid" | "expired" | "revoked";

/** A random opaque string, optionally with a provider-looking prefix (Meta tokens start with "EAA"). */
export function randomToken(prefix = "", bytes = 32): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

/** PKCE S256: BASE64URL(SHA256(verifier)) must equal the challenge. Plain is accepted only when asked. */
export function verifyPkce(verifier: string, challenge: string, method = "S256"): boolean {
  const computed = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The access token a request carries: `Authorization: Bearer/OAuth`, then `access_token` in query, form or JSON. */
export function tokenFromRequest(req: Pick<SandboxRequest, "headers" | "query" | "form" | "json">): string | undefined {
  const auth = req.headers.get("authorization");
  const m = auth?.match(/^(?:Bearer|OAuth)\s+(.+)$/i);
  if (m?.[1]) return m[1].trim();
  const fromQuery = req.query.get("access_token") ?? req.form.get("access_token");
  if (fromQuery) return fromQuery;
  const json = req.json as Record<string, unknown> | undefined;
  if (json && typeof json === "object" && typeof json.access_token === "string") return json.access_token;
  return undefined;
}

export class OAuthStore {
  private apps = new Map<string, RegisteredApp>();
  private codes = new Map<string, AuthCode>();
  private tokens = new Map<string, IssuedToken>();
  private refreshTokens = new Map<string, RefreshToken>();

  constructor(private readonly clock: Clock) {}

  registerApp(app: RegisteredApp): void {
    this.apps.set(app.clientId, app);
  }

  getApp(clientId: string | null | undefined, provider?: string): RegisteredApp | undefined {
    if (!clientId) return undefined;
    const app = this.apps.get(clientId);
    return app && (!provider || app.provider === provider) ? app : undefined;
  }

  listApps(provider?: string): RegisteredApp[] {
    return [...this.apps.values()].filter((a) => !provider || a.provider === provider);
  }

  /** Exact string match, as the real providers do (no trailing-slash or query leniency). */
  redirectAllowed(app: RegisteredApp, redirectUri: string | null | undefined): boolean {
    return !!redirectUri && app.redirectUris.includes(redirectUri);
  }

  secretMatches(app: RegisteredApp, secret: string | null | undefined): boolean {
    if (!secret) return false;
    const a = Buffer.from(secret);
    const b = Buffer.from(app.clientSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  issueCode(input: {
    provider: string;
    clientId: string;
    redirectUri: string;
    scopes: string[];
    userId: string;
    ttlMs: number;
    codeChallenge?: string;
    codeChallengeMethod?: string;
    extra?: Record<string, unknown>;
    prefix?: string;
  }): AuthCode {
    const now = this.clock.now();
    const code: AuthCode = {
      code: randomToken(input.prefix ?? "", 24),
      provider: input.provider,
      clientId: input.clientId,
      redirectUri: input.redirectUri,
      scopes: input.scopes,
      userId: input.userId,
      issuedAt: now,
      expiresAt: now + input.ttlMs,
      used: false,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: input.codeChallengeMethod,
      extra: input.extra ?? {},
    };
    this.codes.set(code.code, code);
    return code;
  }

  /**
   * Redeem a code: it must exist, be unused and unexpired, and match the client, the
   * redirect URI and (when a challenge was sent) the PKCE verifier. A successful redemption
   * burns the code; a replay also revokes the tokens it produced (RFC 6749 §4.1.2).
   */
  redeemCode(
    code: string | null | undefined,
    check: { provider: string; clientId: string; redirectUri?: string | null; codeVerifier?: string | null; requirePkce?: boolean },
  ): { ok: true; code: AuthCode } | { ok: false; reason: CodeFailure; code?: AuthCode } {
    const record = code ? this.codes.get(code) : undefined;
    if (!record || record.provider !== check.provider) return { ok: false, reason: "invalid" };
    if (record.used) {
      this.revokeWhere((t) => t.extra.fromCode === record.code);
      return { ok: false, reason: "used", code: record };
    }
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: "expired", code: record };
    if (record.clientId !== check.clientId) return { ok: false, reason: "client_mismatch", code: record };
    if (check.redirectUri !== undefined && record.redirectUri !== check.redirectUri) {
      return { ok: false, reason: "redirect_mismatch", code: record };
    }
    if (record.codeChallenge) {
      if (!check.codeVerifier) return { ok: false, reason: "pkce_missing", code: record };
      if (!verifyPkce(check.codeVerifier, record.codeChallenge, record.codeChallengeMethod)) {
        return { ok: false, reason: "pkce_mismatch", code: record };
      }
    } else if (check.requirePkce) {
      return { ok: false, reason: "pkce_missing", code: record };
    }
    record.used = true;
    return { ok: true, code: record };
  }

  issueToken(input: {
    provider: string;
    kind?: TokenKind;
    clientId: string;
    userId: string;
    subjectId?: string;
    scopes: string[];
    /** null = never expires. */
    ttlMs: number | null;
    extra?: Record<string, unknown>;
    prefix?: string;
    /** Use this exact token string (e.g. Meta's `app_id|app_secret`). */
    token?: string;
  }): IssuedToken {
    const now = this.clock.now();
    const token: IssuedToken = {
      token: input.token ?? randomToken(input.prefix ?? ""),
      provider: input.provider,
      kind: input.kind ?? "user",
      clientId: input.clientId,
      userId: input.userId,
      subjectId: input.subjectId,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: input.ttlMs === null ? null : now + input.ttlMs,
      revoked: false,
      extra: input.extra ?? {},
    };
    this.tokens.set(token.token, token);
    return token;
  }

  findToken(token: string | null | undefined): IssuedToken | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  /** Look up a token and say why it cannot be used, if it cannot. */
  checkToken(token: string | null | undefined, provider?: string): { ok: true; token: IssuedToken } | { ok: false; reason: TokenFailure; token?: IssuedToken } {
    if (!token) return { ok: false, reason: "missing" };
    const record = this.tokens.get(token);
    if (!record || (provider && record.provider !== provider)) return { ok: false, reason: "invalid" };
    if (record.revoked) return { ok: false, reason: "revoked", token: record };
    if (record.expiresAt !== null && this.clock.now() >= record.expiresAt) return { ok: false, reason: "expired", token: record };
    return { ok: true, token: record };
  }

  /** Seconds until expiry (0 = expired), or null for a token that does not expire. */
  expiresIn(token: IssuedToken | RefreshToken): number | null {
    if (token.expiresAt === null) return null;
    return Math.max(0, Math.floor((token.expiresAt - this.clock.now()) / 1000));
  }

  revokeToken(token: string): boolean {
    const t = this.tokens.get(token);
    const r = this.refreshTokens.get(token);
    if (t) t.revoked = true;
    if (r) r.revoked = true;
    return !!(t || r);
  }

  /** Revoke every access and refresh token matching the predicate; returns how many. */
  revokeWhere(predicate: (t: IssuedToken | RefreshToken) => boolean): number {
    let n = 0;
    for (const t of [...this.tokens.values(), ...this.refreshTokens.values()]) {
      if (!t.revoked && predicate(t)) {
        t.revoked = true;
        n++;
      }
    }
    return n;
  }

  listTokens(provider?: string): IssuedToken[] {
    return [...this.tokens.values()].filter((t) => !provider || t.provider === provider);
  }

  issueRefreshToken(input: {
    provider: string;
    clientId: string;
    userId: string;
    scopes: string[];
    ttlMs: number | null;
    extra?: Record<string, unknown>;
    prefix?: string;
  }): RefreshToken {
    const now = this.clock.now();
    const rt: RefreshToken = {
      token: randomToken(input.prefix ?? ""),
      provider: input.provider,
      clientId: input.clientId,
      userId: input.userId,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: input.ttlMs === null ? null : now + input.ttlMs,
      used: false,
      revoked: false,
      extra: input.extra ?? {},
    };
    this.refreshTokens.set(rt.token, rt);
    return rt;
  }

  /**
   * Use a refresh token. With `rotate` (the default) it is dead afterwards: the caller issues
   * a new one. A reused rotated token fails with "revoked" semantics as "invalid".
   */
  useRefreshToken(
    token: string | null | undefined,
    check: { provider: string; clientId?: string; rotate?: boolean },
  ): { ok: true; refresh: RefreshToken } | { ok: false; reason: TokenFailure | "used" | "client_mismatch"; refresh?: RefreshToken } {
    if (!token) return { ok: false, reason: "missing" };
    const rt = this.refreshTokens.get(token);
    if (!rt || rt.provider !== check.provider) return { ok: false, reason: "invalid" };
    if (rt.revoked) return { ok: false, reason: "revoked", refresh: rt };
    if (rt.used) return { ok: false, reason: "used", refresh: rt };
    if (rt.expiresAt !== null && this.clock.now() >= rt.expiresAt) return { ok: false, reason: "expired", refresh: rt };
    if (check.clientId && rt.clientId !== check.clientId) return { ok: false, reason: "client_mismatch", refresh: rt };
    if (check.rotate ?? true) rt.used = true;
    return { ok: true, refresh: rt };
  }
}
