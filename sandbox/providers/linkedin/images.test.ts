import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../core/server";
import { LINKEDIN_COMPANY_APP, LINKEDIN_PERSONAL_APP } from "../../core/apps";
import { SAMPLE_JPEG } from "../../core/media";
import { MEMBERS } from "./fixtures";
import { call, connect, newSandbox, postBody } from "./test-helpers";

const [priya, daniel] = MEMBERS;
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = newSandbox();
});

describe("LinkedIn image upload", () => {
  it("initializeUpload → PUT → PROCESSING → AVAILABLE, then a post with the image", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const author = `urn:li:person:${priya!.sub}`;
    const init = await call(sandbox, "POST", "/rest/images?action=initializeUpload", t.access_token, { body: { initializeUploadRequest: { owner: author } } });
    expect(init.status).toBe(200);
    const { uploadUrl, image } = init.body.value;
    expect(uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:4010\/www\.linkedin\.com\/dms-uploads\//);
    expect(image).toMatch(/^urn:li:image:/);
    const status = async () => (await call(sandbox, "GET", `/rest/images/${encodeURIComponent(image)}`, t.access_token)).body;
    expect((await status()).status).toBe("WAITING_UPLOAD");

    // Posting before the image is AVAILABLE fails.
    const early = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "too early", { media: { id: image } }) });
    expect(early.status).toBe(422);

    const put = await call(sandbox, "PUT", uploadUrl, t.access_token, { raw: new Uint8Array(SAMPLE_JPEG) });
    expect(put.status).toBe(201);
    expect((await status()).status).toBe("PROCESSING");
    sandbox.context.clock.advance(2500);
    const available = await status();
    expect(available).toMatchObject({ status: "AVAILABLE", owner: author, id: image });
    const bytes = await sandbox.handle(new Request(available.downloadUrl));
    expect(bytes.headers.get("content-type")).toBe("image/jpeg");

    const post = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "with a photo", { media: { id: image, altText: "beans" } }) });
    expect(post.status).toBe(201);
  });

  it("an image is AVAILABLE only after its upload PUT and the processing time on the sandbox clock, read through GET /rest/images", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const author = `urn:li:person:${priya!.sub}`;
    const init = async () => (await call(sandbox, "POST", "/rest/images?action=initializeUpload", t.access_token, { body: { initializeUploadRequest: { owner: author } } })).body.value;
    const status = async (urn: string) => (await call(sandbox, "GET", `/rest/images/${encodeURIComponent(urn)}`, t.access_token)).body.status;
    const never = await init();
    const uploaded = await init();
    // No timer: without an upload the image waits forever (well, a day here).
    sandbox.context.clock.advance(23 * 3_600_000);
    expect(await status(never.image)).toBe("WAITING_UPLOAD");
    expect((await call(sandbox, "PUT", uploaded.uploadUrl, t.access_token, { raw: new Uint8Array(SAMPLE_JPEG) })).status).toBe(201);
    expect(await status(uploaded.image)).toBe("PROCESSING");
    const tooSoon = await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "processing", { media: { id: uploaded.image } }) });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.message).toContain("is not AVAILABLE (status PROCESSING)");
    sandbox.context.clock.advance(1_000);
    expect(await status(uploaded.image)).toBe("PROCESSING");
    sandbox.context.clock.advance(1_000);
    expect(await status(uploaded.image)).toBe("AVAILABLE");
    expect(await status(never.image)).toBe("WAITING_UPLOAD");
    // Polling the images endpoint is a /rest call like any other: version and protocol headers.
    expect((await call(sandbox, "GET", `/rest/images/${encodeURIComponent(uploaded.image)}`, t.access_token, { protocol: null })).status).toBe(400);
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "ready", { media: { id: uploaded.image } }) })).status).toBe(201);
  });

  it("an upload that is not an image ends PROCESSING_FAILED and cannot be posted", async () => {
    const t = await connect(sandbox, LINKEDIN_PERSONAL_APP, priya!.sub);
    const author = `urn:li:person:${priya!.sub}`;
    const { uploadUrl, image } = (await call(sandbox, "POST", "/rest/images?action=initializeUpload", t.access_token, { body: { initializeUploadRequest: { owner: author } } })).body.value;
    await call(sandbox, "PUT", uploadUrl, t.access_token, { raw: new TextEncoder().encode("<html>not an image</html>") });
    sandbox.context.clock.advance(5_000);
    expect((await call(sandbox, "GET", `/rest/images/${encodeURIComponent(image)}`, t.access_token)).body.status).toBe("PROCESSING_FAILED");
    expect((await call(sandbox, "POST", "/rest/posts", t.access_token, { body: postBody(author, "broken", { media: { id: image } }) })).status).toBe(422);
  });

  it("an organization logo is an AVAILABLE image with a download URL", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const org = await call(sandbox, "GET", "/rest/organizations/10482931", t.access_token);
    const imageUrn = org.body.logoV2.original.replace("digitalmediaAsset", "image");
    const img = await call(sandbox, "GET", `/rest/images/${encodeURIComponent(imageUrn)}`, t.access_token);
    expect(img.body.status).toBe("AVAILABLE");
    expect((await sandbox.handle(new Request(img.body.downloadUrl))).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("cannot initialize an upload owned by a page the member does not administer", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const r = await call(sandbox, "POST", "/rest/images?action=initializeUpload", t.access_token, { body: { initializeUploadRequest: { owner: "urn:li:organization:77003311" } } });
    expect(r.status).toBe(403);
  });

  it("legacy registerUpload + upload + ugcPosts IMAGE share", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    const owner = "urn:li:organization:10482931";
    const reg = await call(sandbox, "POST", "/v2/assets?action=registerUpload", t.access_token, {
      body: { registerUploadRequest: { recipes: ["urn:li:digitalmediaRecipe:feedshare-image"], owner, serviceRelationships: [{ relationshipType: "OWNER", identifier: "urn:li:userGeneratedContent" }] } },
    });
    expect(reg.status).toBe(200);
    const { asset, uploadMechanism } = reg.body.value;
    const uploadUrl = uploadMechanism["com.linkedin.digitalmedia.uploading.MediaUploadHttpRequest"].uploadUrl;
    expect((await call(sandbox, "PUT", uploadUrl, t.access_token, { raw: new Uint8Array(SAMPLE_JPEG) })).status).toBe(201);
    sandbox.context.clock.advance(2500);
    const assetStatus = await call(sandbox, "GET", `/v2/assets/${asset.split(":").pop()}`, t.access_token);
    expect(assetStatus.body.recipes[0].status).toBe("AVAILABLE");
    const r = await call(sandbox, "POST", "/v2/ugcPosts", t.access_token, {
      body: {
        author: owner,
        lifecycleState: "PUBLISHED",
        specificContent: { "com.linkedin.ugc.ShareContent": { shareCommentary: { text: "Roastery photo" }, shareMediaCategory: "IMAGE", media: [{ status: "READY", media: asset }] } },
        visibility: { "com.linkedin.ugc.MemberNetworkVisibility": "PUBLIC" },
      },
    });
    expect(r.status).toBe(201);
  });
});
