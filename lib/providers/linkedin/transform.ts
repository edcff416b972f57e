import { ProviderError, type ConnectableAccount, type TokenSet } from "@/lib/providers/types";
import { ZLinkedInError, type TOrganization, type TUserinfo } from "./schema";

function expiry(token: TokenSet, now: number): Date | null {
  return token.expiresIn ? new Date(now + token.expiresIn * 1000) : null;
}

/** A member's profile as a connection. */
export function toProfileAccount(me: TUserinfo, token: TokenSet, scopes: readonly string[], now = Date.now()): ConnectableAccount {
  const name = me.name ?? ([me.given_name, me.family_name].filter(Boolean).join(" ") || "LinkedIn member");
  return {
    providerAccountId: me.sub,
    displayName: name,
    handle: null,
    avatarUrl: me.picture ?? null,
    postTargetType: "profile",
    appType: "personal",
    accessToken: token.accessToken,
    refreshToken: token.refreshToken ?? null,
    tokenExpiresAt: expiry(token, now),
    scopes: token.scopes ?? [...scopes],
    details: { urn: `urn:li:person:${me.sub}` },
  };
}

export function organizationName(o: TOrganization | undefined, id: number): string {
  if (!o) return `Organization ${id}`;
  return o.localizedName ?? Object.values(o.name?.localized ?? {})[0] ?? `Organization ${id}`;
}

/** Administered organizations as company-page connections (one token, one row per page). */
export function toCompanyAccounts(
  ids: number[],
  orgs: Map<number, TOrganization>,
  token: TokenSet,
  scopes: readonly string[],
  now = Date.now(),
): ConnectableAccount[] {
  return ids.map((id) => {
    const o = orgs.get(id);
    return {
      providerAccountId: String(id),
      displayName: organizationName(o, id),
      handle: o?.vanityName ?? null,
      avatarUrl: null,
      postTargetType: "organization",
      appType: "company",
      accessToken: token.accessToken,
      refreshToken: token.refreshToken ?? null,
      tokenExpiresAt: expiry(token, now),
      scopes: token.scopes ?? [...scopes],
      details: { urn: `urn:li:organization:${id}`, subtitle: "Company page" },
      pickerDetail: o?.vanityName ? `linkedin.com/company/${o.vanityName}` : "Company page",
      ...(o ? {} : { provisionalName: true }),
    };
  });
}

/** LinkedIn REST / OAuth errors → ProviderError (ACCESS_DENIED keeps its code for the company-approval message). */
export function parseLinkedInError(status: number, body: unknown, headers?: Headers): ProviderError {
  const p = ZLinkedInError.safeParse(body);
  const e = p.success ? p.data : {};
  const message = e.message ?? e.error_description ?? `LinkedIn answered ${status}`;
  const providerCode = e.code ?? e.error ?? (e.serviceErrorCode !== undefined ? String(e.serviceErrorCode) : undefined);
  if (status === 429) {
    const retry = Number(headers?.get("retry-after"));
    return new ProviderError("rate_limit", message, { status, providerCode, retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined });
  }
  if (status === 401 || e.error === "invalid_grant") return new ProviderError("auth", message, { status, providerCode });
  if (status === 403) return new ProviderError("permission", message, { status, providerCode });
  if (status >= 500) return new ProviderError("transient", message, { status, providerCode });
  if (status >= 400) return new ProviderError("invalid_input", message, { status, providerCode });
  return new ProviderError("unknown", message, { status, providerCode });
}
