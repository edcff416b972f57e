import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createServer, type Server } from "node:http";
import path from "node:path";
import sharp from "sharp";
import { fileTypeFromBuffer } from "file-type";
import { mediaAssets, posts, socialConnections } from "@/db/schema";
import { ingestImage } from "@/lib/media/images";
import { serveSignedMedia } from "@/lib/media/serve";
import { createLocalStorage, type MediaStorage } from "@/lib/media/storage";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { connect, connectSix, person, settled, USERS, type TSixConnections } from "@/tests/support/publishing-harness";
import { createPost, ZCreatePostInput } from "./create";
import { toPublishConnection } from "./worker";
import { readAccessToken } from "@/lib/connections/store";
import { providers } from "@/lib/providers";
import type { PublishRequest } from "@/lib/providers/types";
import { useJobTestEnv } from "@/tests/support/world";

// Images reach every platform the way each wants them, downloaded from the app's signed URLs.

let server: Server;
let storage: MediaStorage;
let owner: TConnectSession;
let six: TSixConnections;

type SandboxPost = { platform: string; text: string; media: string[] };

async function sandboxPosts(platform?: string): Promise<SandboxPost[]> {
  const res = await fetch(`${w.sb.url}/__sandbox/posts${platform ? `?platform=${platform}` : ""}`);
  return ((await res.json()) as { data: SandboxPost[] }).data;
}

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 30, g: 140, b: 200 } } }).png().toBuffer();

async function upload(bytes: Buffer) {
  return ingestImage(w.tdb.db, storage, { organizationId: owner.organizationId, userId: owner.userId, bytes: new Uint8Array(bytes), name: "photo.png" });
}

// The app's media route, on a port of its own: what the platforms download from. Registered before
// the harness: its workers need this storage, and the server closes after they stop.
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const segments = url.pathname.replace(/^\/media\//, "").split("/");
    const answer = await serveSignedMedia(new Request(url), segments, storage);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  storage = createLocalStorage(path.resolve(process.env.DATA_DIR!, "uploads-images-test"), base);
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

const w = useJobTestEnv({ sandbox: true, workers: () => ({ pollingIntervalSeconds: 0.5, publish: { retryBaseMs: 60_000, storage } }) });

beforeEach(async () => {
  w.sb.sandbox.reset();
  await w.tdb.db.delete(posts);
  await w.tdb.db.delete(mediaAssets);
  await w.tdb.db.delete(socialConnections);
  owner = await person(w.tdb.db, "owner");
  six = await connectSix(w.tdb.db, owner);
});

describe("publishing with images", () => {
  it("a PNG reaches all six platforms; Instagram downloads a JPEG copy fitted into its ratio", async () => {
    // 3:1 is wider than Instagram's 1.91:1: Instagram gets it padded, never refused.
    const asset = await upload(await png(1500, 500));
    expect(asset.mime).toBe("image/png");
    const { post } = await createPost(w.tdb.db, w.boss, {
      organizationId: owner.organizationId,
      userId: owner.userId,
      post: ZCreatePostInput.parse({ text: "A wide view", mediaIds: [asset.id], targets: Object.values(six).map((c) => ({ connectionId: c.id })) }),
    });
    const done = await settled(w.tdb, post.id);
    for (const t of done) expect({ platform: t.platform, status: t.status, error: t.error, withoutImage: t.withoutImage }).toEqual({ platform: t.platform, status: "published", error: null, withoutImage: false });
    const sent = await sandboxPosts();
    expect(sent.map((p) => p.platform).sort()).toEqual(["facebook", "instagram", "linkedin", "telegram", "threads", "x"]);
    for (const p of sent) expect(p.media, p.platform).toHaveLength(1);
    const [ig] = await sandboxPosts("instagram");
    const bytes = Buffer.from(await (await fetch(ig!.media[0]!)).arrayBuffer());
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/jpeg");
    const meta = await sharp(bytes).metadata();
    expect(meta.width! / meta.height!).toBeCloseTo(1.91, 1);
  });

  it("several images: an Instagram carousel and a Telegram album", async () => {
    const a = await upload(await png(800, 800));
    const b = await upload(await png(1000, 800));
    const { post } = await createPost(w.tdb.db, w.boss, {
      organizationId: owner.organizationId,
      userId: owner.userId,
      post: ZCreatePostInput.parse({ text: "Two views", mediaIds: [a.id, b.id], targets: [{ connectionId: six.instagram.id }, { connectionId: six.telegram.id }] }),
    });
    const done = await settled(w.tdb, post.id);
    expect(done.map((t) => t.status)).toEqual(["published", "published"]);
    expect((await sandboxPosts("instagram"))[0]!.media).toHaveLength(2);
    expect((await sandboxPosts("telegram"))[0]).toMatchObject({ text: "Two views", media: [expect.any(String), expect.any(String)] });
  });

  it("LinkedIn refusing the image posts the text alone when allowed (\"published without image\"), and fails when not", async () => {
    const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#333" } }).webp().toBuffer();
    const request = (allowTextFallback: boolean, text: string): PublishRequest => ({
      connection: toPublishConnection(six.linkedin),
      accessToken: readAccessToken(six.linkedin),
      credentials: null,
      text,
      images: [{ id: "w", mime: "image/webp", width: 64, height: 64, url: "", read: async () => new Uint8Array(webp) }],
      allowTextFallback,
      progress: {},
      saveProgress: async () => undefined,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const result = await providers.linkedin.publishing!.publish(request(true, "Text without the picture"));
    expect(result.withoutImage).toBe(true);
    expect(await sandboxPosts("linkedin")).toEqual([expect.objectContaining({ text: "Text without the picture", media: [] })]);
    await expect(providers.linkedin.publishing!.publish(request(false, "Needs its picture"))).rejects.toMatchObject({ kind: "invalid_input" });
    expect(await sandboxPosts("linkedin")).toHaveLength(1);
  });

  it("X refusing media with its 403 posts the text alone when allowed (\"published without image\"), and fails the target when not", async () => {
    await connect(w.tdb.db, owner, "x", USERS.xMediaForbidden);
    const [noor] = await w.tdb.db.select().from(socialConnections).where(eq(socialConnections.providerAccountId, USERS.xMediaForbidden));
    const asset = await upload(await png(600, 400));
    const publish = async (text: string, allowTextFallback: boolean) => {
      const { post } = await createPost(w.tdb.db, w.boss, {
        organizationId: owner.organizationId,
        userId: owner.userId,
        post: ZCreatePostInput.parse({ text, mediaIds: [asset.id], allowTextFallback, targets: [{ connectionId: noor!.id }] }),
      });
      return (await settled(w.tdb, post.id))[0]!;
    };
    const allowed = await publish("Fresh loaves, picture to follow", true);
    expect({ status: allowed.status, withoutImage: allowed.withoutImage }).toEqual({ status: "published", withoutImage: true });
    expect(await sandboxPosts("x")).toEqual([expect.objectContaining({ text: "Fresh loaves, picture to follow", media: [] })]);
    const refused = await publish("Only with the picture", false);
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/^X refused the post: This request must be made using an approved developer account/);
    expect(await sandboxPosts("x")).toHaveLength(1);
  });

  it("an expired or forged media link is refused", async () => {
    const asset = await upload(await png(100, 100));
    const url = new URL(storage.signedUrl(asset.storageKey));
    expect((await fetch(url)).status).toBe(200);
    url.searchParams.set("sig", "A".repeat(43));
    expect((await fetch(url)).status).toBe(404);
    const expired = new URL(storage.signedUrl(asset.storageKey, -10));
    expect((await fetch(expired)).status).toBe(404);
  });
});
