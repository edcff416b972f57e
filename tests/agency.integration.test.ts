import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { accessRequests, clientConnections, notifications, pendingChoices } from "@/db/schema";
import { confirmAssetsAction, connectMetaAction } from "@/app/access/[token]/actions";
import { GET as accessCallback } from "@/app/api/access/meta/callback/route";
import { GET as clientAssetsRoute } from "@/app/api/client-assets/[connectionId]/meta_ads/route";
import { createApiKey } from "@/lib/api-keys";
import { asBrowser, callAction, callRoute, inRequestScope, signedInAs, signedOut, type TBrowser } from "@/tests/support/next";
import { person } from "@/tests/support/people";
import { adAccountsOfUser, callbackRequest, FB, igAccountsOfUser, pagesOfUser } from "@/tests/support/sandbox-app";
import { useJobTestEnv } from "@/tests/support/world";
import { listClientAssets } from "@/lib/agency/assets";
import { clientToken, metaCredentials } from "@/lib/agency/connections";
import { runClientAccessExpiryCheck } from "@/lib/agency/expiry";
import { createAccessRequest, revokeAccessRequest } from "@/lib/agency/requests";
import { choiceIdOf, confirmedHere, selectorState } from "@/lib/agency/authorize";
import { takeAssetChoices } from "@/lib/agency/choices";
import { takePendingChoice } from "@/lib/pending-choices";
import { sql } from "drizzle-orm";

// Every log line of this file, at debug level, through the app's own redacting logger (O7, S5).
const logLines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/log")>();
  const logger = mod.createLogger({ level: "debug", destination: { write: (line: string) => void logLines.push(line) } });
  return { ...mod, logger, childLogger: (bindings: Record<string, unknown>) => logger.child(bindings) };
});

// An agency's access link end to end on a real database and the in-process sandbox: the client
// authorizes (no sign-in), picks assets, the agency reads them; expiry warnings on the sandbox clock.

const GRACE = "10163847561029384"; // business with owned + partner-shared Instagram, a personal Page and ad account
const SOFIA = "10164000000000001"; // 3 businesses, 60 Pages, 10 ad accounts (one disabled)
const DANIEL = "10156574839201847"; // ad accounts only, one disabled
const OKAFOR_BUSINESS = "1938475610293847";
const GRACE_ASSETS = {
  page_ids: ["115610293847561", "113847561029384", "114756102938475"],
  business_ids: [OKAFOR_BUSINESS],
  ig_ids: ["17841400000000501", "17841400000000502", "17841400000000503", "17841400000000504"],
  ad_account_ids: ["act_561029384756102", "act_193847561029384", "act_193847561029385"],
};
const SCOPES = ["ads_management", "ads_read", "business_management", "pages_read_engagement", "pages_show_list"];
const DAY = 86_400_000;

let agency: Awaited<ReturnType<typeof person>>;
let agencyBrowser: TBrowser;
let other: Awaited<ReturnType<typeof person>>;
let otherBrowser: TBrowser;

const w = useJobTestEnv({ sandbox: true });

beforeAll(async () => {
  agency = await person(w.tdb.db, "Agency");
  agencyBrowser = await signedInAs(w.tdb, agency.userId, agency.organizationId);
  other = await person(w.tdb.db, "Other");
  otherBrowser = await signedInAs(w.tdb, other.userId, other.organizationId);
});
beforeEach(() => w.sb.sandbox.reset());

const tokenOf = (link: string) => new URL(link).pathname.split("/").pop()!;
const graphRequests = (before: Record<string, number>, after: Record<string, number>) =>
  Object.entries(after).reduce((n, [label, count]) => (label.startsWith("graph.facebook.com") ? n + count - (before[label] ?? 0) : n), 0);

async function newRequest(clientName = "Okafor Home Goods") {
  const created = await createAccessRequest(w.tdb.db, { clientName, clientEmail: null, note: null, expiresInDays: null, organizationId: agency.organizationId, userId: agency.userId });
  return { id: created.id, link: created.link, token: tokenOf(created.link) };
}

function firstCookie(setCookies: string[], name: string): string | undefined {
  for (const c of setCookies) {
    const [pair] = c.split(";");
    const at = pair!.indexOf("=");
    if (pair!.slice(0, at) === name) return decodeURIComponent(pair!.slice(at + 1));
  }
  return undefined;
}

/** Connect Meta from a signed-out browser at its own address (each call its own per-address limit). */
async function startConnect(token: string): Promise<{ kind: "redirect" | "result"; location: string; setCookies: string[]; code: string }> {
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.9`;
  const fd = new FormData();
  fd.set("token", token);
  const setCookies: string[] = [];
  const request = new Request(`http://localhost:3000/access/${token}`, { method: "POST", headers: { "x-forwarded-for": ip, origin: "http://localhost:3000" } });
  try {
    const { value } = await inRequestScope(request, () => connectMetaAction(null, fd), setCookies);
    return { kind: "result", location: "", setCookies, code: value.ok ? "ok" : value.error.code };
  } catch (error) {
    const digest = error && typeof error === "object" && "digest" in error ? String((error as { digest: unknown }).digest) : "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return { kind: "redirect", location: digest.split(";")[2] ?? "", setCookies, code: "redirect" };
  }
}

/** The person on Facebook's dialog: Allow as `user` with these assets ticked (and some permissions unticked), or Cancel. */
async function dialog(authorizeUrl: string, user: string, assets: Record<string, string[]>, opts: { decline?: string[]; cancel?: boolean } = {}): Promise<string> {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set("decision", opts.cancel ? "cancel" : "allow");
  form.set("sandbox_user", user);
  if (opts.decline) {
    form.set("scope_choice", "1");
    for (const s of (u.searchParams.get("scope") ?? "").split(",")) if (!opts.decline.includes(s)) form.append("granted_scope", s);
  }
  for (const [k, list] of Object.entries(assets)) for (const v of list) form.append(k, v);
  const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

/** Opens the link in a fresh signed-out browser, Connect Meta, the dialog, Facebook's return. */
async function authorize(token: string, user: string, assets: Record<string, string[]>, opts: { decline?: string[]; cancel?: boolean } = {}) {
  const start = await startConnect(token);
  if (start.kind !== "redirect") throw new Error(`Connect Meta did not redirect: ${JSON.stringify(start)}`);
  const flowCookie = "oauth_state_facebook_agency_access";
  const flow = firstCookie(start.setCookies, flowCookie);
  const callbackUrl = await dialog(start.location, user, assets, opts);
  const res = await callRoute(accessCallback, callbackRequest(callbackUrl, { name: flowCookie, value: flow! }));
  const session = firstCookie(res.headers.getSetCookie(), "agency_access");
  return { authorizeUrl: start.location, callbackUrl, flowCookie: flow!, res, location: res.headers.get("location") ?? "", browser: { cookies: session ? { agency_access: session } : {} } as TBrowser };
}

async function connectionOf(requestId: string) {
  return w.tdb.db.select().from(clientConnections).where(eq(clientConnections.accessRequestId, requestId));
}

describe("listing what a client can share", () => {
  it("3 businesses, 60 Pages and 10 ad accounts take two upstream requests: every Page, ad account (the disabled one not selectable) and Instagram account once", async () => {
    const req = await newRequest("Lindqvist");
    const sofia = FB.user(SOFIA)!;
    const pages = pagesOfUser(SOFIA).map((p) => p.page.id);
    const igs = igAccountsOfUser(SOFIA).map((a) => a.id);
    const ads = adAccountsOfUser(SOFIA).map((a) => a.id);
    const { location } = await authorize(req.token, SOFIA, { page_ids: pages, business_ids: sofia.businessIds, ig_ids: igs, ad_account_ids: ads });
    expect(location).toContain(`/access/${req.token}/select`);
    const [row] = await connectionOf(req.id);

    const before = await w.sb.stats();
    const assets = await listClientAssets(clientToken(row!), metaCredentials());
    const after = await w.sb.stats();
    expect(after["graph.facebook.com POST / (batch)"]! - (before["graph.facebook.com POST / (batch)"] ?? 0)).toBe(2);
    expect(assets.pages).toHaveLength(60);
    expect(assets.adAccounts).toHaveLength(10);
    expect(assets.adAccounts.filter((a) => !a.selectable)).toEqual([expect.objectContaining({ status: "Disabled", name: "Lindqvist Kids — Campaigns 3 (disabled)" })]);
    expect(assets.instagramAccounts.map((a) => a.id).sort()).toEqual([...new Set(igs)].sort());
    expect(assets.businesses).toHaveLength(3);
  });

  it("an Instagram account shared with the client's business only through `instagram_accounts` is listed, and one reachable twice is listed once", async () => {
    const req = await newRequest();
    await authorize(req.token, GRACE, GRACE_ASSETS);
    const [row] = await connectionOf(req.id);
    const assets = await listClientAssets(clientToken(row!), metaCredentials());
    const usernames = assets.instagramAccounts.map((a) => a.name);
    expect(usernames).toContain("@adaeze.ceramics");
    expect(usernames.filter((n) => n === "@okaforhome")).toHaveLength(1);
    expect(usernames.sort()).toEqual(["@adaeze.ceramics", "@graceokafor.photo", "@okaforhome", "@okaforhome.studio"]);
  });
});

describe("the client's authorization through the link", () => {
  it("stores one client connection with the 60-day token encrypted, the granted scopes and the Meta user; re-authorizing through the same link updates that row and resets the expiry", async () => {
    const req = await newRequest();
    const first = await authorize(req.token, GRACE, GRACE_ASSETS);
    expect(first.res.status).toBe(303);
    expect(first.res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(first.res.headers.get("cache-control")).toBe("no-store");
    expect(first.location).toBe(`http://localhost:3000/access/${req.token}/select`);
    const [row] = await connectionOf(req.id);
    expect(row).toMatchObject({ metaUserId: GRACE, metaUserName: "Grace Okafor", organizationId: agency.organizationId });
    expect([...row!.grantedScopes].sort()).toEqual([...SCOPES].sort());
    expect(row!.accessToken).not.toContain(clientToken(row!));
    const days = (row!.tokenExpiresAt!.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThanOrEqual(60);

    await w.tdb.db.update(clientConnections).set({ tokenExpiresAt: new Date(Date.now() + 3 * DAY), expiredAt: new Date() }).where(eq(clientConnections.id, row!.id));
    await authorize(req.token, GRACE, GRACE_ASSETS);
    const rows = await connectionOf(req.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(row!.id);
    expect(rows[0]!.expiredAt).toBeNull();
    expect((rows[0]!.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
  });

  it("asks Facebook for exactly the Marketing API scopes, with the state bound to this browser (O8, O1)", async () => {
    const req = await newRequest();
    const start = await startConnect(req.token);
    expect(start.kind).toBe("redirect");
    const url = new URL(start.kind === "redirect" ? start.location : "");
    expect(url.searchParams.get("scope")!.split(",")).toEqual(SCOPES);
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/access/meta/callback");
    expect(url.toString()).not.toContain(req.token);

    // The callback opened in another browser (no flow cookie) creates nothing, and the real one still works.
    const callbackUrl = await dialog(url.toString(), GRACE, GRACE_ASSETS);
    const stolen = await callRoute(accessCallback, callbackRequest(callbackUrl));
    expect(stolen.headers.get("location")).toContain("/access/problem?problem=expired_flow");
    expect(await connectionOf(req.id)).toHaveLength(0);
    const flow = firstCookie(start.setCookies, "oauth_state_facebook_agency_access")!;
    const real = await callRoute(accessCallback, callbackRequest(callbackUrl, { name: "oauth_state_facebook_agency_access", value: flow }));
    expect(real.headers.get("location")).toContain("/select");
    expect(await connectionOf(req.id)).toHaveLength(1);
  });

  it("the same callback fired twice at once exchanges the code once and stores one row (O2)", async () => {
    const req = await newRequest();
    const start = await startConnect(req.token);
    const location = start.kind === "redirect" ? start.location : "";
    const flow = { name: "oauth_state_facebook_agency_access", value: firstCookie(start.setCookies, "oauth_state_facebook_agency_access")! };
    const callbackUrl = await dialog(location, GRACE, GRACE_ASSETS);
    const before = await w.sb.stats();
    const [a, b] = await Promise.all([callRoute(accessCallback, callbackRequest(callbackUrl, flow)), callRoute(accessCallback, callbackRequest(callbackUrl, flow))]);
    const locations = [a.headers.get("location"), b.headers.get("location")];
    expect(locations.filter((l) => l?.endsWith("/select"))).toHaveLength(1);
    const after = await w.sb.stats();
    const exchanges = Object.entries(after).filter(([l]) => l.includes("oauth/access_token")).reduce((n, [l, c]) => n + c - (before[l] ?? 0), 0);
    expect(exchanges).toBe(2); // one code exchange + its one long-lived exchange
    expect(await connectionOf(req.id)).toHaveLength(1);
  });

  it("a declined permission ends on the link's page naming it, and nothing is stored", async () => {
    const req = await newRequest();
    const { location } = await authorize(req.token, GRACE, GRACE_ASSETS, { decline: ["ads_read"] });
    expect(location).toBe(`http://localhost:3000/access/${req.token}?problem=missing_scopes&missing=ads_read`);
    expect(await connectionOf(req.id)).toHaveLength(0);
  });

  it("Cancel on Facebook comes back to the link with consent_denied", async () => {
    const req = await newRequest();
    const { location } = await authorize(req.token, GRACE, GRACE_ASSETS, { cancel: true });
    expect(location).toBe(`http://localhost:3000/access/${req.token}?problem=consent_denied`);
    expect(await connectionOf(req.id)).toHaveLength(0);
  });

  it("a link revoked while the client is at Facebook ends in the dead end and stores nothing", async () => {
    const req = await newRequest();
    const start = await startConnect(req.token);
    const flow = { name: "oauth_state_facebook_agency_access", value: firstCookie(start.setCookies, "oauth_state_facebook_agency_access")! };
    const callbackUrl = await dialog(start.kind === "redirect" ? start.location : "", GRACE, GRACE_ASSETS);
    expect(await revokeAccessRequest(w.tdb.db, agency.organizationId, req.id)).toBe(true);
    const res = await callRoute(accessCallback, callbackRequest(callbackUrl, flow));
    expect(res.headers.get("location")).toBe("http://localhost:3000/access/problem?problem=revoked");
    expect(await connectionOf(req.id)).toHaveLength(0);
    const again = await startConnect(req.token);
    expect(again.kind === "result" && again.code).toBe("not_found");
  });
});

describe("what the client's authorization writes to the log (SECURITY O7, S5)", () => {
  it("never the code, the state, the link, the client's token or the app secret — through success and a replayed callback", async () => {
    const req = await newRequest();
    const first = await authorize(req.token, GRACE, GRACE_ASSETS);
    expect(first.location).toContain("/select");
    // The same callback again (a replay): refused, and logged as such.
    const replay = await callRoute(accessCallback, callbackRequest(first.callbackUrl, { name: "oauth_state_facebook_agency_access", value: first.flowCookie }));
    expect(replay.headers.get("location")).not.toContain("/select");

    const [row] = await connectionOf(req.id);
    const callback = new URL(first.callbackUrl);
    const secrets = {
      code: callback.searchParams.get("code")!,
      state: callback.searchParams.get("state")!,
      link: req.token,
      clientToken: clientToken(row!),
      appSecret: metaCredentials().clientSecret,
    };
    const log = logLines.join("");
    expect(log).toContain("graph.facebook.com");
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, `${name} is known`).toBeGreaterThan(8);
      expect(log.includes(value), `${name} must not be logged`).toBe(false);
    }
  });
});

describe("choosing and reading the shared assets", () => {
  async function shared() {
    const req = await newRequest();
    const auth = await authorize(req.token, GRACE, GRACE_ASSETS);
    const [row] = await connectionOf(req.id);
    return { req, auth, row: row! };
  }
  const pick = { adAccounts: ["act_193847561029384"], pages: ["113847561029384", "115610293847561"], instagramAccounts: ["17841400000000504"] };

  it("the client's Confirm stores exactly the picked assets, and the agency reads exactly those live (session and API key)", async () => {
    const { req, auth, row } = await shared();
    const out = await callAction(confirmAssetsAction, auth.browser, { token: req.token, ...pick }, `/access/${req.token}/select`);
    expect(out.kind).toBe("redirect");
    const [after] = await connectionOf(req.id);
    expect(after!.selectedAssets.map((a) => a.id).sort()).toEqual([...pick.adAccounts, ...pick.pages, ...pick.instagramAccounts].sort());
    expect(after!.assetsSharedAt).not.toBeNull();

    const res = await callRoute(clientAssetsRoute, asBrowser(agencyBrowser, `/api/client-assets/${row.id}/meta_ads`), { connectionId: row.id });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ad_accounts.map((a: { id: string }) => a.id)).toEqual(pick.adAccounts);
    expect(body.pages.map((a: { id: string }) => a.id).sort()).toEqual([...pick.pages].sort());
    expect(body.instagram_accounts.map((a: { name: string }) => a.name)).toEqual(["@adaeze.ceramics"]);
    expect(body).toMatchObject({ client_name: "Okafor Home Goods", secret_ref: `meta_client_${row.id}` });
    expect(JSON.stringify(body)).not.toContain(clientToken(row));

    const { key } = await createApiKey(w.tdb.db, { organizationId: agency.organizationId, userId: agency.userId, name: "tools" });
    const viaKey = await callRoute(clientAssetsRoute, new Request(`http://localhost:3000/api/client-assets/${row.id}/meta_ads`, { headers: { authorization: `Bearer ${key}` } }), { connectionId: row.id });
    expect(viaKey.status).toBe(200);
    expect((await viaKey.json()).pages).toHaveLength(2);
  });

  it("another organization's connection id is a 404 by session and by API key, and Meta is not called (A1)", async () => {
    const { row } = await shared();
    const before = await w.sb.stats();
    const res = await callRoute(clientAssetsRoute, asBrowser(otherBrowser, `/api/client-assets/${row.id}/meta_ads`), { connectionId: row.id });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
    const { key } = await createApiKey(w.tdb.db, { organizationId: other.organizationId, userId: other.userId, name: "other" });
    const viaKey = await callRoute(clientAssetsRoute, new Request(`http://localhost:3000/api/client-assets/${row.id}/meta_ads`, { headers: { authorization: `Bearer ${key}` } }), { connectionId: row.id });
    expect(viaKey.status).toBe(404);
    expect(graphRequests(before, await w.sb.stats())).toBe(0);
    const junk = await callRoute(clientAssetsRoute, asBrowser(agencyBrowser, `/api/client-assets/not-a-uuid/meta_ads`), { connectionId: "not-a-uuid" });
    expect(junk.status).toBe(404);
  });

  it("Confirm without this browser's authorization, with a disabled ad account only, or after revocation changes nothing", async () => {
    const { req, auth } = await shared();
    const stranger = await callAction(confirmAssetsAction, signedOut, { token: req.token, ...pick }, `/access/${req.token}/select`);
    expect(stranger.kind === "result" && !stranger.result.ok && stranger.result.error.code).toBe("forbidden");
    const [row] = await connectionOf(req.id);
    expect(row!.selectedAssets).toEqual([]);

    const danielReq = await newRequest("Kim Fitness");
    const daniel = await authorize(danielReq.token, DANIEL, { ad_account_ids: ["act_736455463728192", "act_736455463728193"] });
    const disabled = await callAction(confirmAssetsAction, daniel.browser, { token: danielReq.token, adAccounts: ["act_736455463728193"], pages: [], instagramAccounts: [] }, "/");
    expect(disabled.kind === "result" && !disabled.result.ok && disabled.result.error.code).toBe("invalid_input");

    await revokeAccessRequest(w.tdb.db, agency.organizationId, req.id);
    const revoked = await callAction(confirmAssetsAction, auth.browser, { token: req.token, ...pick }, "/");
    expect(revoked.kind === "result" && !revoked.result.ok && revoked.result.error.code).toBe("not_found");
    expect((await connectionOf(req.id))[0]!.selectedAssets).toEqual([]);
  });
});

describe("the selector's pending choice (one pending-choice store, kind agency_assets)", () => {
  const pick = { adAccounts: ["act_193847561029384"], pages: ["113847561029384"], instagramAccounts: [] };
  const requestRow = async (id: string) => (await w.tdb.db.select().from(accessRequests).where(eq(accessRequests.id, id)))[0]!;
  const choicesOf = (requestId: string) => w.tdb.db.select().from(pendingChoices).where(eq(pendingChoices.accessRequestId, requestId));
  const altered = (sealed: string) => {
    const at = Math.floor(sealed.length / 2);
    return `${sealed.slice(0, at)}${sealed[at] === "A" ? "B" : "A"}${sealed.slice(at + 1)}`;
  };
  const codeOf = (out: Awaited<ReturnType<typeof callAction>>) => (out.kind === "result" && !out.result.ok ? out.result.error : null);

  it("is listed once when the client authorizes: held by the link in the agency's organization, the browser gets only its id, and the selector reads it without calling Meta", async () => {
    const req = await newRequest();
    const auth = await authorize(req.token, GRACE, GRACE_ASSETS);
    const [choice] = await choicesOf(req.id);
    expect(choice).toMatchObject({ kind: "agency_assets", userId: null, organizationId: agency.organizationId, platform: "facebook" });
    expect(await choiceIdOf(auth.browser.cookies.agency_access)).toBe(choice!.id);
    expect(choice!.choices.filter((c) => c.group === "ad_account").map((c) => c.id).sort()).toEqual([...GRACE_ASSETS.ad_account_ids].sort());
    expect(choice!.payload).not.toContain((await connectionOf(req.id))[0]!.id);

    const before = await w.sb.stats();
    const state = await selectorState(w.tdb.db, await requestRow(req.id), (await connectionOf(req.id))[0]!, auth.browser.cookies.agency_access);
    expect(state.status === "ready" && state.assets.instagramAccounts.map((a) => a.name).sort()).toEqual(["@adaeze.ceramics", "@graceokafor.photo", "@okaforhome", "@okaforhome.studio"]);
    expect(state.status === "ready" && state.assets.businesses).toBe(1);
    expect(graphRequests(before, await w.sb.stats())).toBe(0);
    // Without the cookie, or with one altered, there is nothing to choose.
    expect((await selectorState(w.tdb.db, await requestRow(req.id), (await connectionOf(req.id))[0]!, undefined)).status).toBe("none");
    expect((await selectorState(w.tdb.db, await requestRow(req.id), (await connectionOf(req.id))[0]!, altered(auth.browser.cookies.agency_access!))).status).toBe("none");
  });

  it("is taken once: a second Confirm (a replay) is refused and the first selection stands", async () => {
    const req = await newRequest();
    const auth = await authorize(req.token, GRACE, GRACE_ASSETS);
    const first = await callAction(confirmAssetsAction, auth.browser, { token: req.token, ...pick }, `/access/${req.token}/select`);
    expect(first.kind).toBe("redirect");
    expect(await choicesOf(req.id)).toEqual([]);
    const replay = await callAction(confirmAssetsAction, auth.browser, { token: req.token, adAccounts: [], pages: ["115610293847561"], instagramAccounts: [] }, `/access/${req.token}/select`);
    expect(codeOf(replay)?.code).toBe("forbidden");
    expect((await connectionOf(req.id))[0]!.selectedAssets.map((a) => a.id).sort()).toEqual([...pick.adAccounts, ...pick.pages].sort());
    // The done page lists what was shared only in the browser whose choice it was.
    const other = await authorize((await newRequest("Other client")).token, GRACE, GRACE_ASSETS);
    expect(await confirmedHere((await connectionOf(req.id))[0]!, auth.browser.cookies.agency_access)).toBe(true);
    expect(await confirmedHere((await connectionOf(req.id))[0]!, other.browser.cookies.agency_access)).toBe(false);
    expect(await confirmedHere((await connectionOf(req.id))[0]!, undefined)).toBe(false);
  });

  it("another link's or another organization's holder cannot take it, and the browser's cookie does not open another link's selector", async () => {
    const reqA = await newRequest("Client A");
    const reqB = await newRequest("Client B");
    const a = await authorize(reqA.token, GRACE, GRACE_ASSETS);
    await authorize(reqB.token, GRACE, GRACE_ASSETS);
    const choiceA = (await choicesOf(reqA.id))[0]!.id;

    // A's browser confirming on B's link: B's choice is not A's id; nothing is taken or stored.
    const crossLink = await callAction(confirmAssetsAction, a.browser, { token: reqB.token, ...pick }, `/access/${reqB.token}/select`);
    expect(codeOf(crossLink)?.code).toBe("forbidden");
    expect((await connectionOf(reqB.id))[0]!.selectedAssets).toEqual([]);
    expect((await selectorState(w.tdb.db, await requestRow(reqB.id), (await connectionOf(reqB.id))[0]!, a.browser.cookies.agency_access)).status).toBe("none");
    // The store itself: the same id under link B, or under another organization, takes nothing.
    expect(await takePendingChoice(w.tdb.db, { kind: "agency_assets", organizationId: agency.organizationId, accessRequestId: reqB.id, id: choiceA })).toBeNull();
    expect(await takePendingChoice(w.tdb.db, { kind: "agency_assets", organizationId: other.organizationId, accessRequestId: reqA.id, id: choiceA })).toBeNull();
    expect(await takePendingChoice(w.tdb.db, { kind: "connect", organizationId: agency.organizationId, userId: agency.userId, id: choiceA })).toBeNull();
    expect((await choicesOf(reqA.id)).map((c) => c.id)).toEqual([choiceA]);

    const own = await callAction(confirmAssetsAction, a.browser, { token: reqA.token, ...pick }, `/access/${reqA.token}/select`);
    expect(own.kind).toBe("redirect");
  });

  it("past its hour (database clock) the selector says choosing expired, Confirm says so with the next step, and nothing is stored", async () => {
    const req = await newRequest();
    const auth = await authorize(req.token, GRACE, GRACE_ASSETS);
    await w.tdb.db.update(pendingChoices).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(pendingChoices.accessRequestId, req.id));
    expect((await selectorState(w.tdb.db, await requestRow(req.id), (await connectionOf(req.id))[0]!, auth.browser.cookies.agency_access)).status).toBe("expired");
    const late = await callAction(confirmAssetsAction, auth.browser, { token: req.token, ...pick }, `/access/${req.token}/select`);
    expect(codeOf(late)).toMatchObject({ code: "selection_expired", message: expect.stringContaining("Connect Meta again") });
    expect((await connectionOf(req.id))[0]!.selectedAssets).toEqual([]);
    // The refused Confirm left it, so the selector still says why on reload; taken past its hour, it gives nothing.
    expect((await selectorState(w.tdb.db, await requestRow(req.id), (await connectionOf(req.id))[0]!, auth.browser.cookies.agency_access)).status).toBe("expired");
    expect(await takeAssetChoices(w.tdb.db, await requestRow(req.id), (await choiceIdOf(auth.browser.cookies.agency_access))!)).toEqual({ ok: false, code: "selection_expired" });
  });

  it("re-authorizing through the link replaces the waiting choice: the older browser's id no longer confirms", async () => {
    const req = await newRequest();
    const older = await authorize(req.token, GRACE, GRACE_ASSETS);
    const newer = await authorize(req.token, GRACE, GRACE_ASSETS);
    expect(await choicesOf(req.id)).toHaveLength(1);
    const stale = await callAction(confirmAssetsAction, older.browser, { token: req.token, ...pick }, "/");
    expect(codeOf(stale)?.code).toBe("forbidden");
    expect((await callAction(confirmAssetsAction, newer.browser, { token: req.token, ...pick }, "/")).kind).toBe("redirect");
  });
});

describe("the daily expiry job", () => {
  async function sandboxNow(advanceMs = 0): Promise<Date> {
    const res = await fetch(`${w.sb.url}/__sandbox/clock`, advanceMs ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs }) } : {});
    return new Date(((await res.json()) as { now: number }).now);
  }
  const warnings = () =>
    w.tdb.db.select().from(notifications).where(and(eq(notifications.organizationId, agency.organizationId), eq(notifications.kind, "client_access_expiring")));

  it("warns the agency once at day 50 (10 days left) across three runs; after day 60 the connection is marked expired and no longer used", async () => {
    await w.tdb.db.delete(notifications);
    await w.tdb.db.delete(clientConnections);
    const req = await newRequest("Clocked Client");
    const { browser } = await authorize(req.token, GRACE, GRACE_ASSETS);
    await callAction(confirmAssetsAction, browser, { token: req.token, adAccounts: ["act_561029384756102"], pages: [], instagramAccounts: [] }, "/");
    const [row] = await connectionOf(req.id);

    expect((await runClientAccessExpiryCheck(w.tdb.db, await sandboxNow(49 * DAY))).warned).toBe(0);
    const day50 = await sandboxNow(DAY);
    expect(await runClientAccessExpiryCheck(w.tdb.db, day50)).toEqual({ warned: 1, expired: 0 });
    expect(await runClientAccessExpiryCheck(w.tdb.db, day50)).toEqual({ warned: 0, expired: 0 });
    expect(await runClientAccessExpiryCheck(w.tdb.db, await sandboxNow(DAY))).toEqual({ warned: 0, expired: 0 });
    const [warning] = await warnings();
    expect(await warnings()).toHaveLength(1);
    expect(warning).toMatchObject({ userId: agency.userId, link: `/clients/${req.id}`, dedupeKey: `client_connection:${row!.id}:${row!.tokenExpiresAt!.toISOString()}:expiring` });
    expect(warning!.subject).toBe("Clocked Client's Meta access expires in 10 days");

    expect(await runClientAccessExpiryCheck(w.tdb.db, await sandboxNow(10 * DAY))).toEqual({ warned: 0, expired: 1 });
    const [expired] = await connectionOf(req.id);
    expect(expired!.expiredAt).not.toBeNull();
    const before = await w.sb.stats();
    const res = await callRoute(clientAssetsRoute, asBrowser(agencyBrowser, `/api/client-assets/${row!.id}/meta_ads`), { connectionId: row!.id });
    expect(res.status).toBe(409);
    expect(graphRequests(before, await w.sb.stats())).toBe(0);
  });
});

describe("security of the link and its endpoints (SECURITY O4, A5)", () => {
  const fromAddress = (ip: string, url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", ip);
    return new Request(new URL(url, "http://localhost:3000"), { ...init, headers });
  };

  it("an agency_access flow sent to the Messenger link's callback is refused there and stores nothing (O4)", async () => {
    const { GET: messagingCallback } = await import("@/app/integrations/meta-messaging/oauth/callback/route");
    const req = await newRequest();
    const start = await startConnect(req.token);
    const flow = start.kind === "redirect" ? firstCookie(start.setCookies, "oauth_state_facebook_agency_access")! : "";
    const callbackUrl = (await dialog(start.kind === "redirect" ? start.location : "", GRACE, GRACE_ASSETS)).replace("/api/access/meta/callback", "/integrations/meta-messaging/oauth/callback");
    const res = await callRoute(messagingCallback, callbackRequest(callbackUrl, { name: "oauth_state_facebook_agency_access", value: flow }));
    expect(res.headers.get("location")).toContain("meta_error=");
    expect(await connectionOf(req.id)).toHaveLength(0);
  });

  it("Connect Meta, the callback and the assets API are rate-limited per address or caller, with Retry-After (A5)", async () => {
    const req = await newRequest();
    const form = () => {
      const fd = new FormData();
      fd.set("token", req.token);
      return fd;
    };
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      try {
        const { value } = await inRequestScope(fromAddress("10.20.30.40", `/access/${req.token}`, { method: "POST" }), () => connectMetaAction(null, form()));
        codes.push(value.ok ? "ok" : value.error.code);
      } catch {
        codes.push("redirect");
      }
    }
    expect(codes.slice(0, 20).every((c) => c === "redirect")).toBe(true);
    expect(codes[20]).toBe("rate_limited");

    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await callRoute(accessCallback, fromAddress("10.20.30.41", "/api/access/meta/callback?state=x&code=y"));
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);

    const hammer = await person(w.tdb.db, "Hammer");
    const hammerBrowser = await signedInAs(w.tdb, hammer.userId, hammer.organizationId);
    let api: Response | undefined;
    for (let i = 0; i < 61; i++) api = await callRoute(clientAssetsRoute, asBrowser(hammerBrowser, "/api/client-assets/x/meta_ads"), { connectionId: "x" });
    expect(api!.status).toBe(429);
    expect(Number(api!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api!.json()).error.code).toBe("rate_limited");
  });
});
