import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../core/server";
import { LINKEDIN_COMPANY_APP, LINKEDIN_PERSONAL_APP } from "../../core/apps";
import { MEMBERS } from "./fixtures";
import { call, connect, currentVersion, newSandbox, postBody, SANDBOX } from "./test-helpers";

const [priya, daniel, sofia] = MEMBERS;
const ACLS = "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED";
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = newSandbox();
});

describe("LinkedIn company pages", () => {
  it("lists the pages a member administers, with names via decoration and lookup", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const r = await call(sandbox, "GET", `${ACLS}&projection=(elements*(*,organization~(localizedName)))`, t.access_token);
    expect(r.status).toBe(200);
    expect(r.body.elements.map((e: any) => e.organization)).toEqual(["urn:li:organization:10482931", "urn:li:organization:88120456"]);
    expect(r.body.elements[0]["organization~"].localizedName).toBe("Northwind Coffee Roasters");
    const orgs = await call(sandbox, "GET", "/rest/organizations?ids=List(10482931,88120456)", t.access_token);
    expect(orgs.body.results["88120456"]).toMatchObject({ localizedName: "Harbor Analytics", logoV2: { original: expect.stringMatching(/^urn:li:digitalmediaAsset:/) } });
    const legacy = await call(sandbox, "GET", "/v2/organizationalEntityAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED", t.access_token);
    expect(legacy.body.elements[0].organizationalTarget).toBe("urn:li:organization:10482931");
  });

  it("a member without pages gets an empty list", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, priya!.sub);
    expect((await call(sandbox, "GET", ACLS, t.access_token)).body.elements).toEqual([]);
  });

  it("ACCESS_DENIED when the company app lacks Community Management approval", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, sofia!.sub);
    const r = await call(sandbox, "GET", ACLS, t.access_token);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      status: 403,
      serviceErrorCode: 100,
      code: "ACCESS_DENIED",
      message: `Not enough permissions to access: organizationAcls.FINDER-roleAssignee.${currentVersion(sandbox)}`,
    });
  });

  it("ACCESS_DENIED when the token lacks the organization admin scopes", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, daniel!.sub);
    expect((await call(sandbox, "GET", ACLS, t.access_token)).body.code).toBe("ACCESS_DENIED");
  });
});

describe("LinkedIn-Version", () => {
  it("missing → 400, retired (13 months) or future → 426 NONEXISTENT_VERSION, 12 months old still works", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const missing = await call(sandbox, "GET", ACLS, t.access_token, { version: null });
    expect(missing.status).toBe(400);
    const old = await call(sandbox, "GET", ACLS, t.access_token, { version: currentVersion(sandbox, 13) });
    expect(old.status).toBe(426);
    expect(old.body).toMatchObject({ status: 426, code: "NONEXISTENT_VERSION" });
    expect((await call(sandbox, "GET", ACLS, t.access_token, { version: currentVersion(sandbox, -1) })).status).toBe(426);
    expect((await call(sandbox, "GET", ACLS, t.access_token, { version: currentVersion(sandbox, 12) })).status).toBe(200);
  });
});

describe("LinkedIn posts", () => {
  it("a member post answers 201 with x-restli-id and appears in /__sandbox/posts", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const r = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(`urn:li:person:${priya!.sub}`, "Hello LinkedIn") });
    expect(r.status).toBe(201);
    expect(r.headers.get("x-restli-id")).toMatch(/^urn:li:share:\d{19}$/);
    const posts = (await (await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=linkedin`))).json()) as { data: any[] };
    expect(posts.data).toMatchObject([{ target: `urn:li:person:${priya!.sub}`, text: "Hello LinkedIn", id: r.headers.get("x-restli-id") }]);
  });

  it("posts as an administered page, not as someone else's page", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody("urn:li:organization:10482931", "Spring roast is here") })).status).toBe(201);
    const other = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody("urn:li:organization:55501234", "Not my page") });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("ACCESS_DENIED");
  });

  it("a personal token cannot post as a page, nor as another member", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, daniel!.sub);
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody("urn:li:organization:10482931", "x") })).status).toBe(403);
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(`urn:li:person:${priya!.sub}`, "x") })).status).toBe(403);
  });

  it("rejects commentary over 3,000 characters, missing fields, and duplicates", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const author = `urn:li:person:${priya!.sub}`;
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "a".repeat(3001)) })).status).toBe(422);
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "a".repeat(3000)) })).status).toBe(201);
    const { distribution: _d, ...noDistribution } = postBody(author, "x");
    const missing = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: noDistribution });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("ERROR :: /distribution :: field is required but not found and has no default value");
    const dup = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "a".repeat(3000)) });
    expect(dup.status).toBe(422);
    expect(dup.body.message).toMatch(/^Content is a duplicate of urn:li:share:/);
  });

  it("legacy ugcPosts creates a share", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const r = await call(sandbox, "POST", "/v2/ugcPosts", t.access_token, {
      body: {
        author: `urn:li:person:${priya!.sub}`,
        lifecycleState: "PUBLISHED",
        specificContent: { "com.linkedin.ugc.ShareContent": { shareCommentary: { text: "From ugcPosts" }, shareMediaCategory: "NONE" } },
        visibility: { "com.linkedin.ugc.MemberNetworkVisibility": "PUBLIC" },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.id).toBe(r.headers.get("x-restli-id"));
  });
});
