import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships } from "@/db/schema";
import { addAllowedOriginAction, createApiKeyAction, revokeApiKeyAction } from "@/app/(app)/settings/api-keys-actions";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { person } from "@/tests/support/meta-messaging-harness";
import { callAction, outcomeCode, signedInAs, type TBrowser } from "@/tests/support/next";
import { useJobTestEnv } from "@/tests/support/world";
import { authenticateApiKey, listAllowedOrigins, listApiKeys, normalizeOrigin } from "@/lib/api-keys";

// Settings → API keys through the real server actions, on a real t.tdb.

const t = useJobTestEnv();
let orgA: string;
let admin: TBrowser;
let member: TBrowser;
let outsider: TBrowser;

beforeAll(async () => {
  const a = await person(t.tdb.db, "Ada");
  orgA = a.orgId;
  admin = await signedInAs(t.tdb, a.userId, orgA);
  const m = await createUserWithPersonalOrg(t.tdb.db, { name: "Mo", email: "mo@example.com", passwordHash: null });
  await t.tdb.db.insert(memberships).values({ organizationId: orgA, userId: m.id, role: "member" });
  member = await signedInAs(t.tdb, m.id, orgA);
  const o = await person(t.tdb.db, "Oz");
  outsider = await signedInAs(t.tdb, o.userId, o.orgId);
});


const path = "/settings/tab/api-keys";

describe("API keys in Settings", () => {
  it("an admin creates a key: shown once, stored only as a hash, listed by its prefix", async () => {
    const out = await callAction(createApiKeyAction, admin, { name: "Agent" }, path);
    expect(outcomeCode(out)).toBe("ok");
    const key = out.kind === "result" && out.result.ok ? out.result.data.key : "";
    expect(key).toMatch(/^sk_live_[\w-]{43}$/);
    const listed = await listApiKeys(t.tdb.db, orgA);
    expect(listed[0]).toMatchObject({ name: "Agent", prefix: key.slice(0, 16), lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.slice(16));
    const dump = await t.tdb.db.execute(sql`select * from api_keys`);
    expect(JSON.stringify(dump)).not.toContain(key);
    expect((await authenticateApiKey(t.tdb.db, new Headers({ authorization: `Bearer ${key}` }))).ok).toBe(true);
    expect((await listApiKeys(t.tdb.db, orgA))[0]!.lastUsedAt).not.toBeNull();
  });

  it("a member can neither create nor revoke keys (A2), and nothing is created", async () => {
    const before = (await listApiKeys(t.tdb.db, orgA)).length;
    expect(outcomeCode(await callAction(createApiKeyAction, member, { name: "Sneaky" }, path))).toBe("forbidden");
    expect(await listApiKeys(t.tdb.db, orgA)).toHaveLength(before);
    const [k] = await listApiKeys(t.tdb.db, orgA);
    expect(outcomeCode(await callAction(revokeApiKeyAction, member, { id: k!.id }, path))).toBe("forbidden");
    expect((await listApiKeys(t.tdb.db, orgA))[0]!.revokedAt).toBeNull();
  });

  it("another organization's admin cannot revoke our key (A1)", async () => {
    const [k] = await listApiKeys(t.tdb.db, orgA);
    expect(outcomeCode(await callAction(revokeApiKeyAction, outsider, { id: k!.id }, path))).toBe("not_found");
    expect((await listApiKeys(t.tdb.db, orgA))[0]!.revokedAt).toBeNull();
    expect(outcomeCode(await callAction(revokeApiKeyAction, admin, { id: k!.id }, path))).toBe("ok");
    expect((await listApiKeys(t.tdb.db, orgA))[0]!.revokedAt).not.toBeNull();
  });

  it("an empty or overlong name is refused with a clear message", async () => {
    const out = await callAction(createApiKeyAction, admin, { name: "  " }, path);
    expect(outcomeCode(out)).toBe("invalid_input");
    expect(outcomeCode(await callAction(createApiKeyAction, admin, { name: "x".repeat(81) }, path))).toBe("invalid_input");
  });

  it("allowed redirect origins: https or localhost only, stored as an origin", async () => {
    expect(outcomeCode(await callAction(addAllowedOriginAction, admin, { origin: "https://App.Example.com/some/path?q=1" }, path))).toBe("ok");
    expect(outcomeCode(await callAction(addAllowedOriginAction, admin, { origin: "http://app.example.com" }, path))).toBe("invalid_input");
    expect(outcomeCode(await callAction(addAllowedOriginAction, member, { origin: "https://member.example" }, path))).toBe("forbidden");
    expect(await listAllowedOrigins(t.tdb.db, orgA)).toEqual(["https://app.example.com"]);
  });
});

describe("normalizeOrigin", () => {
  it("accepts https anywhere and http only on localhost; refuses credentials and non-URLs", () => {
    expect(normalizeOrigin("https://a.example:8443/x")).toBe("https://a.example:8443");
    expect(normalizeOrigin("http://localhost:3000/cb")).toBe("http://localhost:3000");
    expect(normalizeOrigin("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    for (const bad of ["http://a.example", "//evil.example", "javascript:alert(1)", "https://user:pw@a.example", "ftp://a.example", "not a url"]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });
});
