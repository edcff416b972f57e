/**
 * For publishing integration tests: a person with one connection per platform, connected through
 * the sandbox's real OAuth flows (and Telegram's bot check), and pg-boss workers on the test database.
 */
import { eq } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { memberships, postTargets, socialConnections, type TPostTarget, type TSocialConnection } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { finishConnect, startConnect, type TConnectSession } from "@/lib/connections/oauth-routes";
import { connectTelegram } from "@/lib/connections/telegram";
import { callbackRequest, consent } from "@/tests/support/sandbox-app";

export const APP = "http://localhost:3000";
export const USERS = {
  x: "1719203847561234433",
  xNearLimit: "1650012378899001344",
  /** Its app's access level refuses media upload (X's 403 client-forbidden). */
  xMediaForbidden: "1702938475610293847",
  linkedin: "yR7cT2mQ9v",
  facebook: "10160938475610293",
  threads: "26728394857610293",
} as const;
export const MAYAS_PAGE = "104857392016482";
export const MAYAS_INSTAGRAM = "17841400000000101";
export const TELEGRAM_BOT = "7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j";

export async function person(db: DbOrTx, name: string): Promise<TConnectSession> {
  const user = await createUserWithPersonalOrg(db, { name, email: `${name}-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, organizationId: m!.organizationId, role: "owner" };
}

function cookieOf(res: Response): { name: string; value: string } {
  const [pair] = (res.headers.get("set-cookie") ?? "").split(";");
  const at = pair!.indexOf("=");
  return { name: pair!.slice(0, at), value: decodeURIComponent(pair!.slice(at + 1)) };
}

/** Connect → consent (Allow as `user`, ticking `assets`) → callback, as the browser does it. */
export async function connect(db: DbOrTx, session: TConnectSession, platform: string, user: string, assets: Record<string, string> = {}): Promise<void> {
  const start = await startConnect(db, new Request(`${APP}/api/social/${platform}/connect`), session, platform);
  if (start.status !== 303) throw new Error(`connect ${platform} answered ${start.status}`);
  const callbackUrl = await consent(start.headers.get("location")!, "allow", user, assets);
  const res = await finishConnect(db, callbackRequest(callbackUrl, cookieOf(start)), session, platform);
  const location = res.headers.get("location") ?? "";
  if (!location.includes(`connected=${platform}`)) throw new Error(`connect ${platform} ended at ${location}`);
}

export type TSixConnections = Record<"x" | "linkedin" | "facebook" | "instagram" | "threads" | "telegram", TSocialConnection>;

/** One connection on each of the six publishing platforms. */
export async function connectSix(db: DbOrTx, session: TConnectSession, xUser: string = USERS.x): Promise<TSixConnections> {
  await connect(db, session, "x", xUser);
  await connect(db, session, "linkedin", USERS.linkedin);
  await connect(db, session, "facebook", USERS.facebook, { page_ids: MAYAS_PAGE });
  await connect(db, session, "instagram", USERS.facebook, { page_ids: MAYAS_PAGE, ig_ids: MAYAS_INSTAGRAM });
  await connect(db, session, "threads", USERS.threads);
  await connectTelegram(db, { botToken: TELEGRAM_BOT, chatId: "@northwind_news", organizationId: session.organizationId, userId: session.userId });
  const rows = await db.select().from(socialConnections).where(eq(socialConnections.organizationId, session.organizationId));
  const by = (p: string) => {
    const r = rows.find((c) => c.platform === p);
    if (!r) throw new Error(`no ${p} connection`);
    return r;
  };
  return { x: by("x"), linkedin: by("linkedin"), facebook: by("facebook"), instagram: by("instagram"), threads: by("threads"), telegram: by("telegram") };
}

export async function targetsOf(db: DbOrTx, postId: string): Promise<TPostTarget[]> {
  return db.select().from(postTargets).where(eq(postTargets.postId, postId));
}

const FINAL = new Set(["published", "failed", "unknown", "cancelled"]);

/**
 * Waits until every target of the post settles (published, failed, unknown, cancelled) —
 * by listening: the workers run for real, so this polls the rows, with no fixed sleep to tune.
 */
export async function settled(database: Database, postId: string, done: (t: TPostTarget) => boolean = (t) => FINAL.has(t.status)): Promise<TPostTarget[]> {
  for (;;) {
    const rows = await targetsOf(database.db, postId);
    if (rows.length > 0 && rows.every(done)) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}
