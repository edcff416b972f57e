import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { GET as avatarRoute } from "@/app/api/connections/[id]/avatar/route";
import { connectionAvatars, memberships } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { downloadAvatar } from "@/lib/media/avatar";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { asBrowser, callRoute, signedInAs, useAppDatabase } from "@/tests/support/next";
import { callbackRequest, consent, startSandbox, TEST_APP_URL, type RunningSandbox } from "@/tests/support/sandbox-app";
import { storeConnectionAvatars } from "@/lib/connections/avatars";
import { finishConnect, startConnect, type TConnectSession } from "@/lib/connections/oauth-routes";
import { listConnections } from "@/lib/connections/queries";

// Issue 10 #14: each account's picture is downloaded once at connect, only from the provider's
// picture hosts (SECURITY A3: no redirect off them, a size cap, a timeout), judged by its bytes,
// kept as a 96×96 WebP and served by the app to the organization's members only.
let tdb: TestDatabase;
let sb: RunningSandbox;
let owner: TConnectSession;

async function person(name: string): Promise<TConnectSession> {
  const user = await createUserWithPersonalOrg(tdb.db, { name, email: `${name}-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, organizationId: m!.organizationId, role: "owner" };
}

async function connectX(session: TConnectSession) {
  const start = await startConnect(tdb.db, new Request(`${TEST_APP_URL}/api/social/x/connect`), session, "x");
  const pair = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
  const cookie = { name: pair.slice(0, pair.indexOf("=")), value: decodeURIComponent(pair.slice(pair.indexOf("=") + 1)) };
  const res = await finishConnect(tdb.db, callbackRequest(await consent(start.headers.get("location")!), cookie), session, "x");
  expect(res.headers.get("location")).toContain("connected=x");
  const [c] = await listConnections(tdb.db, session.organizationId);
  return c!;
}

const picture = (host: string, path: string) => `https://${host}${path}`;
const requestsTo = async (label: string) => (await sb.stats())[label] ?? 0;

beforeAll(async () => {
  tdb = await createTestDatabase();
  useAppDatabase(tdb);
  sb = await startSandbox();
});

beforeEach(async () => {
  sb.sandbox.reset();
  owner = await person("owner");
});

afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

describe("connection avatars", () => {
  it("connecting downloads the picture once and keeps a 96×96 WebP that the card loads from the app", async () => {
    const c = await connectX(owner);
    expect(await requestsTo("pbs.twimg.com GET picture")).toBe(1);
    const [stored] = await tdb.db.select().from(connectionAvatars).where(eq(connectionAvatars.connectionId, c.id));
    expect(stored).toMatchObject({ organizationId: owner.organizationId, contentType: "image/webp" });
    const meta = await sharp(stored!.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 96, 96]);
    // The DTO points at the app's copy, versioned; never at the provider's URL.
    expect(c.avatarUrl).toBe(`/api/connections/${c.id}/avatar?v=${stored!.etag}`);
    expect(JSON.stringify(c)).not.toContain("twimg");

    const res = await callRoute(avatarRoute, asBrowser(await signedInAs(tdb, owner.userId, owner.organizationId), c.avatarUrl!), { id: c.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(stored!.image)).toBe(true);
  });

  it("another organization's member, a stranger and a bad id get 404 (or 401), never the picture", async () => {
    const c = await connectX(owner);
    const other = await person("other");
    const asOther = await callRoute(avatarRoute, asBrowser(await signedInAs(tdb, other.userId, other.organizationId), c.avatarUrl!), { id: c.id });
    expect(asOther.status).toBe(404);
    expect(await asOther.json()).toMatchObject({ error: { code: "not_found" } });
    const signedOut = await callRoute(avatarRoute, new Request(`${TEST_APP_URL}${c.avatarUrl}`), { id: c.id });
    expect(signedOut.status).toBe(401);
    const bad = await callRoute(avatarRoute, asBrowser(await signedInAs(tdb, owner.userId, owner.organizationId), "/api/connections/x/avatar"), { id: "../etc" });
    expect(bad.status).toBe(404);
  });

  it("only the provider's picture hosts are fetched, over https; a redirect off them is not followed", async () => {
    const hosts = ["pbs.twimg.com"];
    expect(await downloadAvatar("https://attacker.example/me.png", { allowedHosts: hosts })).toEqual({ ok: false, reason: "host_not_allowed" });
    expect(await downloadAvatar("http://pbs.twimg.com/profile_images/1/a.png", { allowedHosts: hosts })).toEqual({ ok: false, reason: "host_not_allowed" });
    expect(await downloadAvatar("https://pbs.twimg.com.attacker.example/a.png", { allowedHosts: hosts })).toEqual({ ok: false, reason: "host_not_allowed" });
    expect(await downloadAvatar(picture("scontent.xx.fbcdn.net", "/v/1/me.png"), { allowedHosts: hosts })).toEqual({ ok: false, reason: "host_not_allowed" });
    expect(await requestsTo("scontent.xx.fbcdn.net GET picture")).toBe(0);

    const away = await downloadAvatar(picture("scontent.xx.fbcdn.net", "/v/t39/redirect-away_n.png"), { allowedHosts: ["fbcdn.net"] });
    expect(away).toEqual({ ok: false, reason: "redirect_not_allowed" });
  });

  it("a body over the cap, an HTML page served as image/jpeg, a 404 and a stalled CDN are refused", async () => {
    const hosts = ["pbs.twimg.com", "media.licdn.com", "cdninstagram.com"];
    expect(await downloadAvatar(picture("pbs.twimg.com", "/profile_images/1/too-large.png"), { allowedHosts: hosts })).toEqual({ ok: false, reason: "too_large" });
    expect(await downloadAvatar(picture("media.licdn.com", "/dms/image/v2/not-an-image/0.png"), { allowedHosts: hosts })).toEqual({ ok: false, reason: "not_an_image" });
    expect(await downloadAvatar(picture("scontent.cdninstagram.com", "/v/gone.png"), { allowedHosts: hosts })).toMatchObject({ ok: false, reason: "http_status", status: 404 });
    // A CDN that never answers (the sandbox holds the request until the assertion is done).
    const stalled = sb.sandbox.hold("pbs.twimg.com GET picture");
    try {
      expect(await downloadAvatar(picture("pbs.twimg.com", "/profile_images/2/slow.png"), { allowedHosts: hosts, timeoutMs: 100 })).toEqual({ ok: false, reason: "timeout" });
      expect(stalled.count).toBe(1);
    } finally {
      stalled.release();
    }
  });

  it("a failed download at reconnect keeps the copy we have; a connection without a picture shows initials", async () => {
    const c = await connectX(owner);
    const [before] = await tdb.db.select().from(connectionAvatars).where(eq(connectionAvatars.connectionId, c.id));
    const row = { id: c.id, organizationId: owner.organizationId, platform: "x" };
    const failed = await storeConnectionAvatars(tdb.db, [{ ...row, avatarUrl: picture("pbs.twimg.com", "/profile_images/1/gone.png") }]);
    expect(failed.get(c.id)).toMatchObject({ ok: false });
    const [after] = await tdb.db.select().from(connectionAvatars).where(eq(connectionAvatars.connectionId, c.id));
    expect(after!.etag).toBe(before!.etag);
    await storeConnectionAvatars(tdb.db, [{ ...row, avatarUrl: null }]);
    expect((await listConnections(tdb.db, owner.organizationId))[0]!.avatarUrl).toBeNull();
  });
});
