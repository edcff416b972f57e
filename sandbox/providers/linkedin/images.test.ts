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
