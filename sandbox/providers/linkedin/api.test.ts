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

  it("the batch get answers LinkedIn's documented {results, statuses, errors}, keyed by id", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const r = await call(sandbox, "GET", "/rest/organizations?ids=List(10482931,999)", t.access_token);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["errors", "results", "statuses"]);
    expect(r.body.results["10482931"]).toMatchObject({ id: 10482931, localizedName: "Northwind Coffee Roasters", vanityName: expect.any(String) });
    expect(r.body.statuses).toEqual({ "10482931": 200, "999": 404 });
    expect(r.body.errors["999"]).toMatchObject({ status: 404 });
    expect(r.body.results).not.toHaveProperty("999");
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
    const first = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "Roast day") });
    const dup = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, " Roast day ") });
    expect(dup.status).toBe(422);
    // LinkedIn's real shape: the code is in errorDetails.inputErrors[], not at the top level.
    expect(dup.body).toEqual({
      errorDetailType: "com.linkedin.common.error.BadRequest",
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${first.headers.get("x-restli-id")}`,
      errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] },
      status: 422,
    });
  });

  it("commentary is little text: escaped reserved characters arrive whole, an unescaped one silently cuts the text there", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const author = `urn:li:person:${priya!.sub}`;
    const posts = async () => ((await (await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=linkedin`))).json()) as { data: Array<{ text: string }> }).data;
    const raw = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "New roast (Ethiopia) today #coffee") });
    expect(raw.status).toBe(201); // accepted, as LinkedIn does...
    expect((await posts()).at(-1)!.text).toBe("New roast "); // ...and cut at the "("
    const escaped = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "Ours \\(Kenya\\) \\#beans \\*fresh\\* \\_a\\_ \\~ \\| \\@ \\[x\\] \\{y\\} \\<z\\> \\\\") });
    expect(escaped.status).toBe(201);
    expect((await posts()).at(-1)!.text).toBe("Ours (Kenya) #beans *fresh* _a_ ~ | @ [x] {y} <z> \\");
    const elements = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "Thanks @[Northwind Coffee Roasters](urn:li:organization:10482931) {hashtag|\\#|coffee}") });
    expect(elements.status).toBe(201);
    expect((await posts()).at(-1)!.text).toBe("Thanks Northwind Coffee Roasters #coffee");
    const state = sandbox.context.state((await import("./index")).linkedin);
    expect(state.posts[0]!.commentary).toBe("New roast ");
  });

  it("needs X-Restli-Protocol-Version: 2.0.0 on /rest calls and on legacy ugcPosts and assets", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const author = `urn:li:person:${daniel!.sub}`;
    const calls: Array<[string, string, unknown?]> = [
      ["POST", "/rest/posts", postBody(author, "no protocol")],
      ["POST", "/rest/images?action=initializeUpload", { initializeUploadRequest: { owner: author } }],
      ["GET", ACLS],
      ["GET", "/rest/organizations/10482931"],
      ["POST", "/v2/ugcPosts", { author, lifecycleState: "PUBLISHED", specificContent: { "com.linkedin.ugc.ShareContent": { shareCommentary: { text: "x" }, shareMediaCategory: "NONE" } }, visibility: { "com.linkedin.ugc.MemberNetworkVisibility": "PUBLIC" } }],
      ["POST", "/v2/assets?action=registerUpload", { registerUploadRequest: { recipes: ["urn:li:digitalmediaRecipe:feedshare-image"], owner: author } }],
    ];
    for (const [method, path, body] of calls) {
      const missing = await call(sandbox, method, path, t.access_token, { body, protocol: null });
      expect(missing.status, `${method} ${path}`).toBe(400);
      expect(missing.body).toMatchObject({ status: 400, code: "ILLEGAL_ARGUMENT", message: expect.stringContaining("X-Restli-Protocol-Version: 2.0.0") });
      expect((await call(sandbox, method, path, t.access_token, { body, protocol: "1.0.0" })).status).toBe(400);
      expect((await call(sandbox, method, path, t.access_token, { body })).status, `${method} ${path}`).toBeLessThan(300);
    }
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "no protocol") })).status).toBe(422); // sent once above
    const personal = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    expect((await call(sandbox, "GET", "/v2/userinfo", personal.access_token, { protocol: null })).status).toBe(200);
    expect((await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=linkedin`)).then((r) => r.json())).data).toHaveLength(2);
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
