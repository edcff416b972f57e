/**
 * For integration tests of the organization Meta connection: the provider sandbox in-process,
 * a stand-in for our webhook endpoint (Meta verifies the callback URL while we subscribe the
 * app), and the browser's part of a connect (consent, callback).
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizationMetaSettings, pendingChoices } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { env, resetEnvForTests } from "@/lib/env";
import { appsecretProof } from "@/lib/providers/facebook/graph";
import { beginOAuth, finishOAuth } from "@/lib/oauth";
import { callbackRequest } from "@/tests/support/sandbox-app";
import { createSandbox, type Sandbox } from "@/sandbox/core/server";
import { modules } from "@/sandbox/providers";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { igAccountsOfUser, pagesOfUser } from "@/sandbox/providers/facebook/fixtures";
import { sandboxAppEnv } from "@/scripts/sandbox-env";
import * as webhookRoute from "@/app/api/webhooks/meta/route";
import { callRoute, useAppDatabase } from "./next";
import { completeMetaAuthorization } from "@/lib/meta-messaging/authorize";
import { META_MESSAGING_CALLBACK_PATH, META_MESSAGING_PURPOSE } from "@/lib/meta-messaging/constants";
import { metaMessagingLogin } from "@/lib/meta-messaging/provider";

export const MAYA = "10160938475610293"; // 1 Page with Instagram
export const MAYA_PAGE = "104857392016482";
export const LUCAS = "10158273645019284"; // 3 Pages, one without Instagram
export const TOMAS = "10157465839201746"; // 1 Page owned by a Business Portfolio
export const TOMAS_PAGE = "112938475610293";
export const NOAH = "10162039485761029"; // 0 Pages
export const APP_ID = "100000000000001";

export interface TPerson {
  userId: string;
  orgId: string;
}

export interface MetaSandbox {
  sandbox: Sandbox;
  sandboxUrl: string;
  /** Where our stand-in webhook endpoint listens (APP_URL). */
  appUrl: string;
  /** How the stand-in answers Meta's verification GET. */
  receiver: { answers: "echo" | "refuse" };
  stats(): Promise<Record<string, number>>;
  subscriptions(): Promise<{ app: Record<string, Record<string, { callbackUrl: string; fields: string[] }>>; pages: Record<string, string[]> }>;
  /** POST a control call (`/__sandbox/...`). */
  control(path: string, body: Record<string, unknown>): Promise<unknown>;
  /** A Graph call straight at the sandbox, as someone other than Switchboard would make it. */
  graph(method: string, path: string, token: string, form?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

/**
 * The app's webhook endpoint as Meta reaches it: an HTTP server on APP_URL that hands each request
 * to the real route handler (app/api/webhooks/meta/route.ts), so Meta's verification GET meets the
 * real token and hub.mode checks. `receiver.answers = "refuse"` makes the app unreachable (503)
 * instead — a deployment that is down. Route handlers use `getDb()`: call `useAppDatabase` first.
 */
function webhookServer(receiver: { answers: "echo" | "refuse" }, appUrl: () => string): Server {
  return createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, appUrl());
      const handler = (webhookRoute as Record<string, unknown>)[req.method ?? "GET"];
      if (receiver.answers === "refuse" || url.pathname !== "/api/webhooks/meta" || typeof handler !== "function") {
        res.writeHead(503).end("unavailable");
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
      const response = await callRoute(handler as (r: Request) => Promise<Response>, new Request(url, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
}

/** The sandbox and the app's real webhook route on random ports, with SANDBOX_URL, APP_URL and the Meta app pointed at them. */
export async function startMetaSandbox(): Promise<MetaSandbox> {
  const receiver = { answers: "echo" as "echo" | "refuse" };
  let appUrlValue = "";
  const server = webhookServer(receiver, () => appUrlValue);
  const appUrl = (appUrlValue = `http://localhost:${await listen(server)}`);
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  const sandboxUrl = `http://127.0.0.1:${port}`;
  const sandbox = createSandbox({ modules, sandboxUrl, appOrigins: [appUrl] });
  await sandbox.listen(port, "127.0.0.1");
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({ ...sandboxAppEnv(sandboxUrl), APP_URL: appUrl })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetEnvForTests();
  return {
    sandbox,
    sandboxUrl,
    appUrl,
    receiver,
    async stats() {
      return ((await (await fetch(`${sandboxUrl}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
    },
    async subscriptions() {
      return (await (await fetch(`${sandboxUrl}/__sandbox/subscriptions`)).json()) as Awaited<ReturnType<MetaSandbox["subscriptions"]>>;
    },
    async control(path, body) {
      const res = await fetch(`${sandboxUrl}/__sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}`);
      return res.json();
    },
    graph(method, path, token, form) {
      // Signed like any server call (the sandbox requires appsecret_proof, as "Require App Secret" does).
      const proof = appsecretProof(token, env().FACEBOOK_APP_SECRET!);
      return fetch(`${sandboxUrl}/graph.facebook.com/${env().GRAPH_API_VERSION}/${path.replace(/^\/+/, "")}?appsecret_proof=${proof}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        body: form ? new URLSearchParams(form) : undefined,
      });
    },
    async close() {
      await sandbox.close();
      await new Promise((r) => server.close(r));
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    },
  };
}

/** A new user with their own organization (they own it). */
export async function person(db: DbOrTx, name: string): Promise<TPerson> {
  const user = await createUserWithPersonalOrg(db, { name, email: `${name}-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, orgId: m!.organizationId };
}

/** Connect with Facebook pressed by `who`: the flow record and the authorize URL. */
export function startMetaConnect(db: DbOrTx, who: TPerson) {
  return beginOAuth(db, {
    provider: metaMessagingLogin,
    platform: "facebook",
    purpose: META_MESSAGING_PURPOSE,
    userId: who.userId,
    organizationId: who.orgId,
    redirectPath: META_MESSAGING_CALLBACK_PATH,
    returnTo: "/settings/tab/integrations",
  });
}

/** Allow on the consent page as `user`, with every Page and Instagram account ticked. Returns the callback URL. */
export async function allowAs(authorizeUrl: string, user: string): Promise<string> {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set("decision", "allow");
  form.set("sandbox_user", user);
  for (const p of pagesOfUser(user)) form.append("page_ids", p.page.id);
  for (const a of igAccountsOfUser(user)) form.append("ig_ids", a.id);
  const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
  return res.headers.get("location")!;
}

/** The callback's token exchange for `who`. */
export function finishMetaConnect(db: DbOrTx, request: Request, who: TPerson) {
  return finishOAuth(db, {
    provider: metaMessagingLogin,
    platform: "facebook",
    purpose: META_MESSAGING_PURPOSE,
    request,
    userId: who.userId,
    organizationId: who.orgId,
  });
}

/** The whole connect as the callback route runs it: `who`'s organization links `user`'s Page(s). */
export async function connectMeta(db: DbOrTx, user: string, who: TPerson) {
  const begun = await startMetaConnect(db, who);
  const r = await finishMetaConnect(db, callbackRequest(await allowAs(begun.redirectUrl, user), begun.setCookie), who);
  if (!r.ok) throw new Error(r.code);
  return completeMetaAuthorization(db, { organizationId: who.orgId, userId: who.userId, userAccessToken: r.token.accessToken });
}

export interface MetaTestEnv {
  tdb: TestDatabase;
  sb: MetaSandbox;
  /** Owners of two organizations. */
  alice: TPerson;
  bob: TPerson;
}

/**
 * The setup every Meta messaging integration file shares: its own database, the sandbox with our
 * webhook stand-in, two organization owners, and a clean slate (sandbox and Meta rows) per test.
 * The returned object is filled in before the first test.
 */
export function useMetaTestEnv(): MetaTestEnv {
  const t = {} as MetaTestEnv;
  beforeAll(async () => {
    t.tdb = await createTestDatabase();
    useAppDatabase(t.tdb);
    t.sb = await startMetaSandbox();
    t.alice = await person(t.tdb.db, "alice");
    t.bob = await person(t.tdb.db, "bob");
  });
  afterAll(async () => {
    await t.sb?.close();
    await t.tdb?.cleanup();
  });
  beforeEach(async () => {
    t.sb.receiver.answers = "echo";
    t.sb.sandbox.reset();
    await t.tdb.db.delete(organizationMetaSettings);
    await t.tdb.db.delete(pendingChoices);
  });
  return t;
}
