import { beforeEach, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { createHmac } from "node:crypto";
import { accessRequests, clientConnections, memberships, notifications, organizationMetaSettings, pendingChoices, socialConnections, userIdentities } from "@/db/schema";
import { upsertConnections } from "@/lib/connections/store";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { saveMetaPage } from "@/lib/meta-messaging/settings";
import { POST as deauthorizeFacebook } from "@/app/api/meta/deauthorize/route";
import { POST as dataDeletionFacebook } from "@/app/api/meta/data-deletion/route";
import { POST as deauthorizeInstagram } from "@/app/api/instagram/deauthorize/route";
import { POST as dataDeletionInstagram } from "@/app/api/instagram/data-deletion/route";
import { callRoute } from "@/tests/support/next";
import { useJobTestEnv } from "@/tests/support/world";
import { deletionStatus, deletionSummary } from "@/lib/meta-callbacks/callbacks";
import { signRequest } from "@/lib/meta-callbacks/signed-request";
import { createPendingSelection } from "@/lib/connections/pending";
import { instagramToConnectable, pageToConnectable } from "@/lib/providers/facebook/transform";
import { createAccessRequest } from "@/lib/agency/requests";
import { saveClientAuthorization } from "@/lib/agency/connections";
import { storeAssetChoices } from "@/lib/agency/choices";

// Meta's deauthorize and data-deletion callbacks (SECURITY W5), through the real route handlers.

const MAYA = "10160938475610293";
const OTHER = "10157465839201746";
const IG_AVA = "17841400000000201";

const t = useJobTestEnv({ sandbox: true });
let orgId: string;
let userId: string;

beforeEach(async () => {
  const user = await createUserWithPersonalOrg(t.tdb.db, { name: "Owner", email: `owner-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await t.tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  orgId = m!.organizationId;
  userId = user.id;
  const account = (id: string, name: string, fbUser: string) => ({
    providerAccountId: id, displayName: name, postTargetType: "page" as const, appType: "personal" as const, accessToken: `EAA${id}`, scopes: [], details: { pageName: name, facebookUserId: fbUser },
  });
  await upsertConnections(t.tdb.db, { organizationId: orgId, userId, platform: "facebook", accounts: [account("104857392016482", "Maya's Bakery", MAYA), account("112938475610293", "Herrera Studio", OTHER)] });
  await upsertConnections(t.tdb.db, {
    organizationId: orgId, userId, platform: "instagram_login",
    accounts: [{ providerAccountId: IG_AVA, displayName: "Ava Martins", postTargetType: "instagram_account" as const, appType: "personal" as const, accessToken: "IGAAava", scopes: [], details: {} }],
  });
  await saveMetaPage(t.tdb.db, {
    organizationId: orgId, userId,
    page: { pageId: "104857392016482", name: "Maya's Bakery", pictureUrl: null, instagramBusinessAccountId: null, instagramUsername: null, pageAccessToken: "EAApage", facebookUserId: MAYA },
  });
});

const fbSecret = () => env().FACEBOOK_APP_SECRET!;
const igSecret = () => env().INSTAGRAM_APP_SECRET!;
const payload = (user_id: string, algorithm = "HMAC-SHA256") => ({ algorithm, user_id, issued_at: Math.floor(Date.now() / 1000), expires: 0 });

function post(path: string, signedRequest: string): Request {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ signed_request: signedRequest }).toString(),
  });
}

async function statusOf(platformOrAll?: string) {
  const rows = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, orgId));
  return Object.fromEntries(rows.filter((r) => !platformOrAll || r.platform === platformOrAll).map((r) => [r.displayName, r.status]));
}

/** A signed_request whose signature is right for a different payload, and other forgeries. */
function forgeries(secret: string, user: string): Record<string, string> {
  const good = signRequest(payload(user), secret);
  const [sig, body] = good.split(".");
  const changed = Buffer.from(JSON.stringify({ ...payload(user), user_id: OTHER })).toString("base64url");
  const flipped = (sig![0] === "A" ? "B" : "A") + sig!.slice(1);
  const plain = Buffer.from(JSON.stringify(payload(user, "plain"))).toString("base64url");
  return {
    "a bad signature": `${flipped}.${body}`,
    "a changed payload": `${sig}.${changed}`,
    "another algorithm (signed correctly)": `${createHmac("sha256", secret).update(plain).digest("base64url")}.${plain}`,
    "another app's secret": signRequest(payload(user), "not-the-app-secret-at-all-0123456789"),
    "no signature": `.${body}`,
    garbage: "not a signed request",
  };
}


/**
 * What `fbUser`'s login can leave waiting besides connections: a connect picker list (a Page and
 * its Instagram account, as the Facebook provider lists them) and an access link's client
 * connection with its asset list. Answers their ids.
 */
async function leaveWaiting(fbUser: string) {
  const page = { id: `9${fbUser.slice(-6)}`, name: `Page of ${fbUser}`, accessToken: `EAApage${fbUser}`, pictureUrl: null, instagram: { id: `178${fbUser.slice(-6)}`, username: `ig${fbUser.slice(-4)}`, pictureUrl: null } };
  const picker = await createPendingSelection(t.tdb.db, { userId, organizationId: orgId, platform: "facebook", accounts: [pageToConnectable(page, [], fbUser)], returnTo: "/connections" });
  const igPicker = await createPendingSelection(t.tdb.db, { userId, organizationId: orgId, platform: "instagram", accounts: [instagramToConnectable(page, [], fbUser)!], returnTo: "/connections" });
  const request = await createAccessRequest(t.tdb.db, { clientName: `Client ${fbUser}`, clientEmail: null, note: null, expiresInDays: null, organizationId: orgId, userId });
  const [requestRow] = await t.tdb.db.select().from(accessRequests).where(eq(accessRequests.id, request.id));
  const connection = await saveClientAuthorization(t.tdb.db, requestRow!, { metaUserId: fbUser, metaUserName: "Client", accessToken: `EAAclient${fbUser}`, grantedScopes: ["pages_show_list"], tokenExpiresAt: null });
  const assetList = await storeAssetChoices(t.tdb.db, requestRow!, connection, {
    adAccounts: [], instagramAccounts: [], businesses: [], unavailable: [],
    pages: [{ kind: "page", id: page.id, name: page.name, pictureUrl: null, instagramUsername: null }],
  });
  return { choices: [picker, igPicker, assetList], connection: connection.id };
}
const choicesLeft = async (ids: string[]) => (await t.tdb.db.select({ id: pendingChoices.id }).from(pendingChoices).where(inArray(pendingChoices.id, ids))).length;
const clientConnectionOf = async (id: string) => (await t.tdb.db.select().from(clientConnections).where(eq(clientConnections.id, id)))[0];

describe("deauthorize (W5)", () => {
  it("a bad signature, a changed payload or another algorithm is 401 and changes nothing; a valid one revokes Maya's connections and Messenger link, and notifies once", async () => {
    for (const [what, sr] of Object.entries(forgeries(fbSecret(), MAYA))) {
      const res = await callRoute(deauthorizeFacebook, post("/api/meta/deauthorize", sr));
      expect(res.status, what).toBe(401);
      expect((await res.json()).error.code, what).toBe("bad_signature");
    }
    expect(await statusOf("facebook")).toEqual({ "Maya's Bakery": "active", "Herrera Studio": "active" });
    expect(await t.tdb.db.select().from(notifications).where(eq(notifications.organizationId, orgId))).toHaveLength(0);

    const valid = signRequest(payload(MAYA), fbSecret());
    for (let i = 0; i < 2; i++) {
      const res = await callRoute(deauthorizeFacebook, post("/api/meta/deauthorize", valid));
      expect(res.status).toBe(200);
    }
    expect(await statusOf("facebook")).toEqual({ "Maya's Bakery": "revoked", "Herrera Studio": "active" });
    const [link] = await t.tdb.db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, orgId));
    expect(link!.tokenStatus).toBe("needs_reconnect");
    const sent = await t.tdb.db.select().from(notifications).where(eq(notifications.organizationId, orgId));
    expect(sent.map((n) => n.subject).sort()).toEqual(["Maya's Bakery (Facebook Page) was disconnected at the platform", "Maya's Bakery (Messenger) was disconnected at Facebook"]);
  });

  it("ends the access Maya gave agencies through access links (her client connection is no longer used); another client's stays", async () => {
    const mayas = await leaveWaiting(MAYA);
    const others = await leaveWaiting(OTHER);
    const res = await callRoute(deauthorizeFacebook, post("/api/meta/deauthorize", signRequest(payload(MAYA), fbSecret())));
    expect(res.status).toBe(200);
    expect((await clientConnectionOf(mayas.connection))!.expiredAt).toBeInstanceOf(Date);
    expect((await clientConnectionOf(others.connection))!.expiredAt).toBeNull();
    // Instagram Login's deauthorize names an Instagram account, never a client connection.
    await callRoute(deauthorizeInstagram, post("/api/instagram/deauthorize", signRequest(payload(OTHER), igSecret())));
    expect((await clientConnectionOf(others.connection))!.expiredAt).toBeNull();
  });

  it("Instagram Login's pair verifies with the Instagram app's secret, not Facebook's", async () => {
    const withFacebookSecret = await callRoute(deauthorizeInstagram, post("/api/instagram/deauthorize", signRequest(payload(IG_AVA), fbSecret())));
    expect(withFacebookSecret.status).toBe(401);
    const ok = await callRoute(deauthorizeInstagram, post("/api/instagram/deauthorize", signRequest(payload(IG_AVA), igSecret())));
    expect(ok.status).toBe(200);
    expect(await statusOf("instagram_login")).toEqual({ "Ava Martins": "revoked" });
    expect(await statusOf("facebook")).toEqual({ "Maya's Bakery": "active", "Herrera Studio": "active" });
  });

  it("a JSON body or an empty form is refused", async () => {
    const json = new Request("http://localhost:3000/api/meta/deauthorize", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signed_request: signRequest(payload(MAYA), fbSecret()) }) });
    expect((await callRoute(deauthorizeFacebook, json)).status).toBe(401);
    expect((await callRoute(deauthorizeFacebook, new Request("http://localhost:3000/api/meta/deauthorize", { method: "POST" }))).status).toBe(401);
  });
});

describe("data deletion (W5)", () => {
  it("forgeries are refused; a valid request deletes Maya's tokens and answers a working status URL; a repeat answers the same code", async () => {
    for (const [what, sr] of Object.entries(forgeries(fbSecret(), MAYA))) {
      expect((await callRoute(dataDeletionFacebook, post("/api/meta/data-deletion", sr))).status, what).toBe(401);
    }
    expect(Object.keys(await statusOf("facebook"))).toHaveLength(2);

    // Every workspace's rows Maya's login made (each test adds some).
    const mayas = (await t.tdb.db.select().from(socialConnections)).filter((r) => r.details.facebookUserId === MAYA).length;
    const links = (await t.tdb.db.select().from(organizationMetaSettings)).filter((r) => r.facebookUserId === MAYA).length;
    const res = await callRoute(dataDeletionFacebook, post("/api/meta/data-deletion", signRequest(payload(MAYA), fbSecret())));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { url: string; confirmation_code: string };
    expect(body.confirmation_code).toMatch(/^[0-9A-F]{16}$/);
    expect(body.url).toBe(`http://localhost:3000/data-deletion/${body.confirmation_code}`);
    // Maya's tokens are gone from the database; another Facebook user's stay.
    const left = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, orgId));
    expect(left.map((r) => r.displayName).sort()).toEqual(["Ava Martins", "Herrera Studio"]);
    const dump = JSON.stringify(await t.tdb.db.select().from(socialConnections));
    expect(dump).not.toContain(MAYA);
    expect(await t.tdb.db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, orgId))).toHaveLength(0);

    // The status for that code (the page at `url`, opened in e2e/lifecycle.spec.ts) is counts only.
    const status = await deletionStatus(t.tdb.db, body.confirmation_code);
    expect(status).toMatchObject({ app: "facebook", status: "completed" });
    expect(status!.deleted).toMatchObject({ connections: mayas, messengerLinks: links });
    expect(deletionSummary({ connections: 1, messengerLinks: 2 })).toBe("Switchboard deleted 1 connected account (with its access token), 2 Messenger links.");
    expect(await deletionStatus(t.tdb.db, "0000000000000000")).toBeNull();

    const again = (await (await callRoute(dataDeletionFacebook, post("/api/meta/data-deletion", signRequest(payload(MAYA), fbSecret())))).json()) as { confirmation_code: string };
    expect(again.confirmation_code).toBe(body.confirmation_code);
    expect((await deletionStatus(t.tdb.db, body.confirmation_code))!.deleted).toMatchObject({ connections: mayas, messengerLinks: links });
  });

  it("also removes what Maya's login left waiting — connect picker lists (Facebook and Instagram), an agency's asset list — and the access she gave agencies, token and all; another user's stay", async () => {
    // A Facebook user of this test alone: the status page counts every deletion of one user.
    const maya = `1016${Date.now()}`;
    const mayas = await leaveWaiting(maya);
    const others = await leaveWaiting(OTHER);
    const res = await callRoute(dataDeletionFacebook, post("/api/meta/data-deletion", signRequest(payload(maya), fbSecret())));
    expect(res.status).toBe(200);
    const { confirmation_code } = (await res.json()) as { confirmation_code: string };
    expect(await choicesLeft(mayas.choices)).toBe(0);
    expect(await clientConnectionOf(mayas.connection)).toBeUndefined();
    expect(await choicesLeft(others.choices)).toBe(3);
    expect(await clientConnectionOf(others.connection)).toBeDefined();
    // The status page counts them: three accounts that were waiting, one agency access.
    expect((await deletionStatus(t.tdb.db, confirmation_code))!.deleted).toEqual({ connections: 0, messengerLinks: 0, pendingPages: 3, identities: 0, agencyConnections: 1 });
    expect(deletionSummary({ pendingPages: 3, agencyConnections: 1 })).toBe(
      "Switchboard deleted 3 accounts waiting to be picked, 1 access granted to an agency (with its access token).",
    );
    // Instagram Login's data deletion names an Instagram account: no Facebook user's rows go.
    await callRoute(dataDeletionInstagram, post("/api/instagram/data-deletion", signRequest(payload(OTHER), igSecret())));
    expect(await choicesLeft(others.choices)).toBe(3);
    expect(await clientConnectionOf(others.connection)).toBeDefined();
  });

  it("Instagram Login's data deletion removes the Instagram connection and the sign-in identity", async () => {
    await t.tdb.db.insert(userIdentities).values({ userId, provider: "instagram", providerUserId: IG_AVA });
    const res = await callRoute(dataDeletionInstagram, post("/api/instagram/data-deletion", signRequest(payload(IG_AVA), igSecret())));
    expect(res.status).toBe(200);
    expect(await statusOf("instagram_login")).toEqual({});
    expect(await t.tdb.db.select().from(userIdentities).where(and(eq(userIdentities.provider, "instagram"), eq(userIdentities.providerUserId, IG_AVA)))).toHaveLength(0);
  });
});
