/**
 * People and connections for integration tests, shared instead of copied per file: a person with
 * their own organization, a membership in someone else's, the flow cookie of a connect start, and
 * a whole connect (start → the sandbox's consent page → callback) through the real routes' domain
 * functions.
 */
import { expect } from "vitest";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, type TMembershipRole } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { finishConnect, startConnect, type TConnectSession } from "@/lib/connections/oauth-routes";
import { callbackRequest, consent, TEST_APP_URL } from "./sandbox-app";

/** A new user who owns a new personal organization; `role` is theirs in it as the connect routes see it. */
export async function person(db: DbOrTx, name: string): Promise<TConnectSession> {
  const user = await createUserWithPersonalOrg(db, { name, email: `${name}-${crypto.randomUUID()}@example.com`, passwordHash: null });
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, organizationId: m!.organizationId, role: m!.role };
}

/** Adds `userId` to another organization with `role`; returns their session working there. */
export async function joinOrganization(db: DbOrTx, userId: string, organizationId: string, role: TMembershipRole): Promise<TConnectSession> {
  await db.insert(memberships).values({ userId, organizationId, role });
  return { userId, organizationId, role };
}

/** The first Set-Cookie of a response as {name, value} (the OAuth flow cookie of a connect start). */
export function cookieOf(res: Response): { name: string; value: string } {
  const header = res.headers.get("set-cookie") ?? "";
  const [pair] = header.split(";");
  const eqAt = pair!.indexOf("=");
  return { name: pair!.slice(0, eqAt), value: decodeURIComponent(pair!.slice(eqAt + 1)) };
}

export interface TConnectOptions {
  /** Query of the connect start, e.g. "?target=company". */
  query?: string;
  /** The sandbox user who signs in on the consent page (default: the preselected one). */
  user?: string;
  decision?: "allow" | "cancel";
  /** The session the callback arrives with (default: the one that started). */
  as?: TConnectSession;
  /** Extra consent-form fields, e.g. the Facebook dialog's `page_ids`. */
  assets?: Record<string, string>;
}

/** Connect → consent (Allow as `user`) → callback, through startConnect/finishConnect. */
export async function connect(db: DbOrTx, platform: string, session: TConnectSession, opts: TConnectOptions = {}) {
  const start = await startConnect(db, new Request(`${TEST_APP_URL}/api/social/${platform}/connect${opts.query ?? ""}`), session, platform);
  expect(start.status).toBe(303);
  const cookie = cookieOf(start);
  const callbackUrl = await consent(start.headers.get("location")!, opts.decision ?? "allow", opts.user, opts.assets);
  const res = await finishConnect(db, callbackRequest(callbackUrl, cookie), opts.as ?? session, platform);
  return { res, callbackUrl, cookie, location: res.headers.get("location") ?? "" };
}
