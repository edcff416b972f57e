import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { fileTypeFromBuffer } from "file-type";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { memberships } from "@/db/schema";
import { eq } from "drizzle-orm";
import { ingestImage, prepareImage, UploadError, UPLOAD_LIMITS } from "./images";
import { serveSignedMedia } from "./serve";
import { createLocalStorage, InvalidMediaKeyError, type MediaStorage } from "./storage";

let tdb: TestDatabase;
let dir: string;
let storage: MediaStorage;
let organizationId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "sb-media-"));
  storage = createLocalStorage(path.join(dir, "uploads"), "http://localhost:3000");
  const user = await createUserWithPersonalOrg(tdb.db, { name: "m", email: `m-${Math.random()}@example.com`, passwordHash: null });
  organizationId = (await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id)))[0]!.organizationId;
});

afterAll(async () => {
  await tdb?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const ingest = (bytes: Uint8Array, name = "x.jpg") => ingestImage(tdb.db, storage, { organizationId, userId: null, bytes, name });

describe("uploads (SECURITY A7)", () => {
  it("are judged by their bytes: HTML named .jpg is refused; a PNG named .jpg is stored as a PNG", async () => {
    await expect(ingest(new TextEncoder().encode("<html><body>hi</body></html>"), "cat.jpg")).rejects.toMatchObject({ code: "unsupported_type" });
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#f00" } }).png().toBuffer();
    const asset = await ingest(png, "cat.jpg");
    expect(asset.mime).toBe("image/png");
    expect(asset.storageKey).toMatch(/\.png$/);
  });

  it("refuse an empty file and one over the size cap", async () => {
    await expect(ingest(new Uint8Array())).rejects.toMatchObject({ code: "empty" });
    await expect(ingest(new Uint8Array(UPLOAD_LIMITS.maxBytes + 1))).rejects.toBeInstanceOf(UploadError);
  });

  it("apply the EXIF orientation and strip metadata", async () => {
    // 200×100 stored sideways (orientation 6 = rotate 90°): shown as 100×200.
    const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#0a0" } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: "secret camera" } } })
      .toBuffer();
    const asset = await ingest(jpeg);
    expect([asset.width, asset.height]).toEqual([100, 200]);
    const stored = (await storage.get(asset.storageKey))!;
    const meta = await sharp(stored).metadata();
    expect(meta.orientation ?? 1).toBe(1);
    expect(meta.exif).toBeUndefined();
  });

  it("are converted per platform: JPEG for Instagram, resized, padded into its ratio", async () => {
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();
    const asset = await ingest(png);
    const ready = await prepareImage(storage, asset, { maxDimension: 1440, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg"], aspectRatio: { min: 0.8, max: 1.91 } });
    const bytes = Buffer.from(await ready.read());
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/jpeg");
    expect(ready.width).toBe(1440);
    expect(ready.width / ready.height).toBeCloseTo(1.91, 2);
    // A second preparation reuses the stored copy.
    expect((await prepareImage(storage, asset, { maxDimension: 1440, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg"], aspectRatio: { min: 0.8, max: 1.91 } })).url.split("?")[0]).toBe(ready.url.split("?")[0]);
  });
});

describe("file serving is confined to its folder (SECURITY A4)", () => {
  it("refuses ../ and any key that is not one of ours, even with a valid-looking signature", async () => {
    for (const key of ["../dev-secrets.json", `${organizationId}/../../etc/passwd.jpg`, "a/b/c.jpg", `${organizationId}/x.svg`]) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidMediaKeyError);
    }
    for (const segments of [["..", "dev-secrets.json"], ["%2e%2e", "%2e%2e", "etc", "passwd"], [organizationId, "..%2F..%2Fsecrets.jpg"]]) {
      const res = await serveSignedMedia(new Request(`http://localhost:3000/media/${segments.join("/")}?exp=9999999999&sig=x`), segments, storage);
      expect(res.status).toBe(404);
    }
  });
});
