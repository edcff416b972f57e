/**
 * The world the authorization matrix (tests/authorization.integration.test.ts) runs in: a victim
 * organization V holding one of every kind of thing, and Dana, who belongs to two organizations —
 * she owns A and is a plain member of V. Working in A (her org cookie) with V's ids she tests the
 * organization filters; working in V she tests the role checks. `victimState` is what "nothing
 * happened" compares: every row of every table except A's own rows and bookkeeping, and the
 * sandbox's request counters (read BEFORE the call).
 */
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { accessRequests, clientConnections, connectors, invitations, messages, posts, postTargets, socialConnections } from "@/db/schema";
import { mediaStorage } from "@/lib/media/storage";
import { addAllowedOrigin, createApiKey } from "@/lib/api-keys";
import { createAccessRequest } from "@/lib/agency/requests";
import { storeAssetChoices } from "@/lib/agency/choices";
import { encryptToken } from "@/lib/crypto";
import { ensureConversation } from "@/lib/inbox/store";
import { getPendingSelection } from "@/lib/connections/pending";
import { createInvitation } from "@/lib/orgs/invitations";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { createTestDatabase, type TestDatabase } from "./db";
import { connectMeta, LUCAS, MAYA, MAYA_PAGE, startMetaSandbox, type MetaSandbox } from "./meta-messaging-harness";
import { callAction, callRoute, asBrowser, outcomeCode, signedInAs, signedOut, useAppDatabase, type TBrowser } from "./next";
import { connect, joinOrganization, person } from "./people";

export const AVA_IG = "17841450000000011"; // Instagram Login: @ava.bakes
export const KENJI_IG = "17841450000000022"; // Instagram Login: @kenjicreates
export const DANIEL_LINKEDIN = "k3Jd8ZpW1a"; // LinkedIn: administers two company pages
export const LUCAS_PAGE = "108273645019283"; // Oliveira Coffee Roasters

export interface TWorld {
  tdb: TestDatabase;
  sb: MetaSandbox;
  /** V's owner, working in V. */
  owner: TConnectSession;
  /** Dana: owner of A, plain member of V. */
  dana: { userId: string; orgA: string };
  /** A stranger's organization Dana does not belong to. */
  orgS: string;
  orgV: string;
  browsers: { ownerInV: TBrowser; danaInA: TBrowser; danaInV: TBrowser; signedOut: TBrowser };
  /** V's things, by id. */
  v: {
    xConnection: string;
    instagramLoginConnection: string;
    /** Dana's unfinished LinkedIn company pick in V (started while she was an admin there). */
    pendingSelection: string;
    pendingChoice: string;
    /** V's messaging Page (Maya's Bakery). */
    metaPage: string;
    /** One of Lucas's Pages waiting in Dana's Meta picker in V. */
    pendingPage: string;
    invitationToken: string;
    invitation: string;
    /** A Messenger conversation of V's Page. */
    conversation: string;
    /** A message in it with a kept image attachment (index 0). */
    messageWithAttachment: string;
    /** A scheduled post of V's and its (failed) X target. */
    post: string;
    postTarget: string;
    apiKey: string;
    allowedOrigin: string;
    connector: string;
    /** An agency access request of V's (Clients page). */
    accessRequest: string;
    /** The client connection behind it (an encrypted Meta user token). */
    clientConnection: string;
  };
  /** An API key of Dana's organization A (the connector API's caller). */
  danaApiKey: string;
}

/** Builds the world once per file: connections through the sandbox, a Meta Page, pending picks, an invitation. */
export async function buildWorld(): Promise<TWorld> {
  const tdb = await createTestDatabase();
  useAppDatabase(tdb);
  const sb = await startMetaSandbox();
  const owner = await person(tdb.db, "victim-owner");
  const orgV = owner.organizationId;
  const dana = await person(tdb.db, "dana");
  const stranger = await person(tdb.db, "stranger");
  await joinOrganization(tdb.db, dana.userId, orgV, "member");

  await connect(tdb.db, "x", owner);
  await connect(tdb.db, "instagram_login", owner, { user: AVA_IG });
  const rows = await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, orgV));
  const byPlatform = (p: string) => rows.find((r) => r.platform === p)!.id;

  // Dana's own unfinished picks in V, as if she had started them while she was still an admin
  // there: from A, only the organization filter stands between her and them.
  const danaInVAsAdmin: TConnectSession = { userId: dana.userId, organizationId: orgV, role: "admin" };
  const { location } = await connect(tdb.db, "linkedin", danaInVAsAdmin, { query: "?target=company", user: DANIEL_LINKEDIN });
  const pendingSelection = /\/connections\/select\/([0-9a-f-]{36})$/.exec(location)?.[1];
  if (!pendingSelection) throw new Error(`LinkedIn company connect should end in the picker, got ${location}`);
  const view = await getPendingSelection(tdb.db, { id: pendingSelection, userId: dana.userId, organizationId: orgV });

  await connectMeta(tdb.db, MAYA, { userId: owner.userId, orgId: orgV });
  const lucas = await connectMeta(tdb.db, LUCAS, { userId: dana.userId, orgId: orgV });
  if (lucas.kind !== "select") throw new Error(`Lucas's three Pages should wait in the picker, got ${lucas.kind}`);

  // The connector API: an API key each for V and A, an allowed origin and a connector of V's.
  const vKey = await createApiKey(tdb.db, { name: "victim's program", organizationId: orgV, userId: owner.userId });
  const vAccessRequest = await createAccessRequest(tdb.db, { clientName: "Victim's client", clientEmail: null, note: null, expiresInDays: null, organizationId: orgV, userId: owner.userId });
  // The client authorized it: their Meta user token, encrypted (the secret reference meta_client_<id>).
  const clientConnectionId = crypto.randomUUID();
  await tdb.db.insert(clientConnections).values({
    id: clientConnectionId,
    organizationId: orgV,
    accessRequestId: vAccessRequest.id,
    metaUserId: "90000001",
    metaUserName: "Victim's client",
    accessToken: encryptToken("EAAvictimClientUserToken", { table: "client_connections", id: clientConnectionId, field: "access_token" }),
    grantedScopes: ["ads_management", "ads_read", "business_management", "pages_read_engagement"],
    tokenExpiresAt: new Date(Date.now() + 60 * 86_400_000),
  });
  // What the client may share, waiting in their selector (the pending-choice store's agency kind, held by the link).
  const [vRequestRow] = await tdb.db.select().from(accessRequests).where(eq(accessRequests.id, vAccessRequest.id));
  const [vClientRow] = await tdb.db.select().from(clientConnections).where(eq(clientConnections.id, clientConnectionId));
  await storeAssetChoices(tdb.db, vRequestRow!, vClientRow!, {
    adAccounts: [{ kind: "ad_account", id: "act_900000011", name: "Victim's client — Ads", currency: "EUR", status: "Active", selectable: true, business: null }],
    pages: [{ kind: "page", id: "900000012", name: "Victim's client Page", pictureUrl: null, instagramUsername: null }],
    instagramAccounts: [],
    businesses: [],
    unavailable: [],
  });
  const aKey = await createApiKey(tdb.db, { name: "Dana's program", organizationId: dana.organizationId, userId: dana.userId });
  const allowedOrigin = "https://victim-app.example";
  await addAllowedOrigin(tdb.db, orgV, allowedOrigin);
  const connectorId = crypto.randomUUID();
  await tdb.db.insert(connectors).values({
    id: connectorId,
    organizationId: orgV,
    externalUserId: "victim-user-1",
    connectorType: "facebook_marketing",
    name: "Victim ads",
    credentialKind: "oauth",
    accessToken: encryptToken("EAAvictimMarketingToken", { table: "connectors", id: connectorId, field: "access_token" }),
    accountIds: ["act_1000000001"],
  });

  const { token } = await createInvitation(tdb.db, { email: `invitee-${crypto.randomUUID()}@example.com`, role: "admin", organizationId: orgV, invitedBy: owner.userId });

  // A Messenger conversation of V's Page, with one unread message from a customer.
  const conversation = await ensureConversation(tdb.db, { organizationId: orgV, channel: "messenger", accountId: MAYA_PAGE, via: "page", participantId: "5300000000000001" });
  const messageWithAttachment = crypto.randomUUID();
  const attachmentKey = `${orgV}/att-${messageWithAttachment}-0.png`;
  await mediaStorage().put(attachmentKey, new Uint8Array(await sharp({ create: { width: 2, height: 2, channels: 3, background: "#c00" } }).png().toBuffer()));
  await tdb.db.insert(messages).values({
    id: messageWithAttachment,
    organizationId: orgV,
    conversationId: conversation.id,
    providerMessageId: "m_victim_photo",
    direction: "in",
    status: "received",
    attachments: [{ type: "image", url: "https://scontent.xx.fbcdn.net/v/victim_n.png", key: attachmentKey, mime: "image/png" }],
  });

  // A scheduled post of V's to its X account, with one target.
  const postId = crypto.randomUUID();
  const postTargetId = crypto.randomUUID();
  await tdb.db.insert(posts).values({ id: postId, organizationId: orgV, createdBy: owner.userId, text: "Victim's launch post", scheduledAt: new Date(Date.now() + 86_400_000) });
  await tdb.db.insert(postTargets).values({ id: postTargetId, postId, organizationId: orgV, connectionId: byPlatform("x"), platform: "x", accountName: "Ada Okafor", status: "failed" });

  const [invitation] = await tdb.db.select().from(invitations).where(eq(invitations.organizationId, orgV));

  return {
    tdb,
    sb,
    owner,
    dana: { userId: dana.userId, orgA: dana.organizationId },
    orgS: stranger.organizationId,
    orgV,
    browsers: {
      ownerInV: await signedInAs(tdb, owner.userId, orgV),
      danaInA: await signedInAs(tdb, dana.userId, dana.organizationId),
      danaInV: await signedInAs(tdb, dana.userId, orgV),
      signedOut,
    },
    v: {
      xConnection: byPlatform("x"),
      instagramLoginConnection: byPlatform("instagram_login"),
      pendingSelection,
      pendingChoice: view!.choices[0]!.id,
      metaPage: MAYA_PAGE,
      pendingPage: LUCAS_PAGE,
      invitationToken: token,
      invitation: invitation!.id,
      conversation: conversation.id,
      messageWithAttachment,
      post: postId,
      postTarget: postTargetId,
      apiKey: vKey.id,
      allowedOrigin,
      connector: connectorId,
      accessRequest: vAccessRequest.id,
      clientConnection: clientConnectionId,
    },
    danaApiKey: aKey.key,
  };
}

/** Tables that change on every request whoever makes it (sessions, rate-limit counters, migrations). */
const BOOKKEEPING = new Set(["rate_limit_buckets", "auth_sessions", "__drizzle_migrations"]);

/**
 * Everything an attacker in A could have touched: every row of every public table (new tables are
 * included by themselves) except rows of A itself and bookkeeping, plus the sandbox's request counts.
 */
export async function victimState(w: TWorld): Promise<{ rows: Record<string, string[]>; providerCalls: Record<string, number> }> {
  // The tables never change during a run: listed once per world. Then one round trip reads every
  // row (two per check, 137 checks: per-table queries made this file the suite's slowest).
  const tables = await victimTables(w);
  const rows: Record<string, string[]> = Object.fromEntries(tables.map((t) => [t.table, []]));
  if (tables.length > 0) {
    const union = tables
      .map(({ table, hasOrg }, i) => `select ${i} as t, row_to_json(x)::text as r from "${table}" x${hasOrg ? " where x.organization_id::text is distinct from $1::text" : ""}`)
      .join(" union all ");
    const { rows: all } = await w.tdb.raw.query<{ t: number; r: string }>(union, tables.some((t) => t.hasOrg) ? [w.dana.orgA] : []);
    for (const { t, r } of all) rows[tables[Number(t)]!.table]!.push(r);
    for (const list of Object.values(rows)) list.sort();
  }
  // Read in-process (no socket): a kept-alive connection the sandbox closed meanwhile cannot fail it.
  const stats = await w.sb.sandbox.handle(new Request(`${w.sb.sandboxUrl}/__sandbox/stats`));
  return { rows, providerCalls: ((await stats.json()) as { counts: Record<string, number> }).counts };
}

const tablesOf = new WeakMap<TWorld, Promise<Array<{ table: string; hasOrg: boolean }>>>();

/** Every public table but bookkeeping, and whether it has an organization_id (then A's own rows are left out). */
function victimTables(w: TWorld): Promise<Array<{ table: string; hasOrg: boolean }>> {
  let found = tablesOf.get(w);
  if (!found) {
    found = w.tdb.raw
      .query<{ table_name: string; has_org: boolean }>(
        `select t.table_name, exists (select 1 from information_schema.columns c
           where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'organization_id') as has_org
         from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by t.table_name`,
      )
      .then((r) => r.rows.filter((row) => !BOOKKEEPING.has(row.table_name)).map((row) => ({ table: row.table_name, hasOrg: row.has_org })));
    tablesOf.set(w, found);
  }
  return found;
}

// ——— Calling entry points as a browser would, with the outcome as one comparable code ———

type AnyAction = Parameters<typeof callAction>[0];

/** A server action posted by `browser`: its error code, "ok", "redirect" or "not_found". */
export async function act(action: AnyAction, browser: TBrowser, input: Record<string, unknown> = {}): Promise<string> {
  return outcomeCode(await callAction(action, browser, input));
}

type AnyHandler = Parameters<typeof callRoute>[0];

/**
 * A route handler called by `browser`: the JSON `error.code`, a redirect's `error`/`meta_error`
 * parameter (or "redirect:<path>"), else "http_<status>".
 */
export async function hit(
  handler: AnyHandler,
  browser: TBrowser,
  path: string,
  init: { method?: string; json?: unknown; params?: Record<string, string>; cookie?: string; headers?: Record<string, string> } = {},
): Promise<string> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  if (init.cookie) headers.cookie = init.cookie;
  const request = asBrowser(browser, path, { method: init.method ?? "GET", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return responseCode(await callRoute(handler, request, init.params));
}

export async function responseCode(res: Response): Promise<string> {
  const location = res.headers.get("location");
  if (location) {
    const u = new URL(location, "http://app.invalid");
    return u.searchParams.get("error") ?? u.searchParams.get("meta_error") ?? `redirect:${u.pathname}`;
  }
  if ((res.headers.get("content-type") ?? "").includes("json")) {
    const body = (await res.json()) as { error?: { code?: string } };
    if (body.error?.code) return body.error.code;
  }
  return `http_${res.status}`;
}
