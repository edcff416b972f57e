import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { eq, and, inArray } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type OutputInfo } from "sharp";
import type { DbOrTx } from "@/db/client";
import { mediaAssets, type TMediaAsset } from "@/db/schema";
import type { ImageSpec, PublishImage } from "@/lib/providers/types";
import type { MediaStorage } from "./storage";

/** What an upload may be (SECURITY A7): type by content, size and count. */
export const UPLOAD_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  maxFiles: 10,
  /** Decompression-bomb guard: sharp refuses larger images before decoding them. */
  maxPixels: 60_000_000,
  /** Longest side kept in storage; each platform's copy is resized further. */
  maxDimension: 4096,
  types: ["image/jpeg", "image/png", "image/webp", "image/gif"] as const,
} as const;

export type TUploadErrorCode = "too_large" | "unsupported_type" | "unreadable" | "too_many" | "empty";

export class UploadError extends Error {
  constructor(
    public readonly code: TUploadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

const EXT: Record<string, "jpg" | "png" | "gif" | "webp"> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

/**
 * Takes an uploaded file: checks its type by its bytes (file-type, never the name or the
 * browser's type), applies the EXIF orientation, strips metadata (location, camera), caps its
 * size, and stores it (JPEG stays JPEG, everything else becomes PNG).
 */
export async function ingestImage(
  db: DbOrTx,
  storage: MediaStorage,
  input: { organizationId: string; userId: string | null; bytes: Uint8Array; name?: string | null },
): Promise<TMediaAsset> {
  const { bytes } = input;
  if (bytes.length === 0) throw new UploadError("empty", "The file is empty.");
  if (bytes.length > UPLOAD_LIMITS.maxBytes) throw new UploadError("too_large", `Images can be at most ${UPLOAD_LIMITS.maxBytes / 1024 / 1024} MB.`);
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(UPLOAD_LIMITS.types as readonly string[]).includes(type.mime)) {
    throw new UploadError("unsupported_type", "Only JPEG, PNG, WebP and GIF images can be attached.");
  }
  let out: { data: Buffer; info: OutputInfo };
  try {
    const pipeline = sharp(bytes, { limitInputPixels: UPLOAD_LIMITS.maxPixels, animated: false })
      .rotate()
      .resize({ width: UPLOAD_LIMITS.maxDimension, height: UPLOAD_LIMITS.maxDimension, fit: "inside", withoutEnlargement: true });
    out = await (type.mime === "image/jpeg" ? pipeline.jpeg({ quality: 92 }) : pipeline.png()).toBuffer({ resolveWithObject: true });
  } catch {
    throw new UploadError("unreadable", "This image could not be read. Try exporting it again as JPEG or PNG.");
  }
  const mime = type.mime === "image/jpeg" ? "image/jpeg" : "image/png";
  const id = randomUUID();
  const storageKey = `${input.organizationId}/${id}.${EXT[mime]}`;
  await storage.put(storageKey, out.data);
  const name = input.name?.replace(/[^\p{L}\p{N} ._-]/gu, "").slice(0, 120) || null;
  const [row] = await db
    .insert(mediaAssets)
    .values({
      id,
      organizationId: input.organizationId,
      uploadedBy: input.userId,
      storageKey,
      mime,
      width: out.info.width,
      height: out.info.height,
      bytes: out.data.length,
      originalName: name,
    })
    .returning();
  return row!;
}

/** The organization's assets with these ids, in the given order (A1: others' ids are dropped). */
export async function loadAssets(db: DbOrTx, organizationId: string, ids: readonly string[]): Promise<TMediaAsset[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.organizationId, organizationId), inArray(mediaAssets.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is TMediaAsset => !!r);
}

/** Whether an image's aspect ratio is outside the platform's bounds (it will be fitted with padding). */
export function needsPadding(width: number, height: number, spec: ImageSpec | undefined): boolean {
  if (!spec?.aspectRatio) return false;
  const r = width / height;
  return r < spec.aspectRatio.min - 1e-3 || r > spec.aspectRatio.max + 1e-3;
}

/** The canvas that fits the image into the ratio bounds with padding (never cropping). */
function paddedCanvas(width: number, height: number, spec: ImageSpec): { width: number; height: number } {
  const { min, max } = spec.aspectRatio!;
  const r = width / height;
  if (r < min) return { width: Math.ceil(height * min), height };
  if (r > max) return { width, height: Math.ceil(width / max) };
  return { width, height };
}

function specHash(spec: ImageSpec): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 10);
}

/**
 * The asset as this platform wants it: resized to its maximum, converted to a format it takes
 * (JPEG for Instagram), fitted with padding into its aspect ratio. The copy is stored once per
 * spec and reused; an asset that already fits is used as is.
 */
export async function prepareImage(storage: MediaStorage, asset: TMediaAsset, spec: ImageSpec | undefined): Promise<PublishImage> {
  const original = (): Promise<Uint8Array> =>
    storage.get(asset.storageKey).then((b) => {
      if (!b) throw new Error(`media file missing for asset ${asset.id}`);
      return b;
    });
  const fits =
    !spec ||
    ((spec.formats as readonly string[]).includes(asset.mime) &&
      Math.max(asset.width, asset.height) <= spec.maxDimension &&
      asset.bytes <= spec.maxBytes &&
      !needsPadding(asset.width, asset.height, spec));
  if (fits) {
    return { id: asset.id, mime: asset.mime, width: asset.width, height: asset.height, url: storage.signedUrl(asset.storageKey), read: original };
  }
  const mime = (spec.formats as readonly string[]).includes(asset.mime) ? asset.mime : spec.formats[0]!;
  const key = `${asset.organizationId}/${asset.id}-${specHash(spec)}.${EXT[mime]}`;
  let bytes = await storage.get(key);
  let width: number;
  let height: number;
  if (!bytes) {
    const src = await original();
    let img = sharp(src).resize({ width: spec.maxDimension, height: spec.maxDimension, fit: "inside", withoutEnlargement: true });
    const resized = await img.toBuffer({ resolveWithObject: true });
    img = sharp(resized.data);
    if (needsPadding(resized.info.width, resized.info.height, spec)) {
      const canvas = paddedCanvas(resized.info.width, resized.info.height, spec);
      const dx = canvas.width - resized.info.width;
      const dy = canvas.height - resized.info.height;
      img = img.extend({
        left: Math.floor(dx / 2),
        right: Math.ceil(dx / 2),
        top: Math.floor(dy / 2),
        bottom: Math.ceil(dy / 2),
        background: { r: 255, g: 255, b: 255, alpha: 1 },
      });
    }
    let out: Buffer = Buffer.alloc(0);
    for (const quality of [88, 75, 60]) {
      out = await (mime === "image/jpeg" ? img.clone().flatten({ background: "#ffffff" }).jpeg({ quality }) : img.clone().png()).toBuffer();
      if (out.length <= spec.maxBytes || mime !== "image/jpeg") break;
    }
    await storage.put(key, out);
    bytes = new Uint8Array(out);
  }
  const meta = await sharp(bytes).metadata();
  width = meta.width ?? asset.width;
  height = meta.height ?? asset.height;
  const data = bytes;
  return { id: asset.id, mime, width, height, url: storage.signedUrl(key), read: async () => data };
}
