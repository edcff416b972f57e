import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { devSecret } from "@/lib/dev-secrets";

/**
 * The small storage interface uploads live behind (DESIGN: lib/media). The local implementation
 * keeps files under DATA_DIR/uploads; another backend (S3…) implements the same four calls.
 */
export interface MediaStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there is no such file. */
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
  /** An absolute URL that serves the file until `expiresInSeconds` from now (SECURITY A4). */
  signedUrl(key: string, expiresInSeconds?: number): string;
}

/** Keys are `<organization id>/<file name>`: letters, digits, dashes, one slash, one dot. */
const KEY_PATTERN = /^[0-9a-f-]{36}\/[A-Za-z0-9_-]{1,80}\.(jpg|png|gif|webp|bin)$/;
export const DEFAULT_URL_TTL_SECONDS = 60 * 60;

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export class InvalidMediaKeyError extends Error {
  constructor() {
    super("invalid media key");
    this.name = "InvalidMediaKeyError";
  }
}

function signingKey(): Buffer {
  const secret = env().AUTH_SECRET ?? devSecret("AUTH_SECRET");
  // Its own key, derived: a media signature can never be replayed as a session signature.
  return Buffer.from(hkdfSync("sha256", secret, "switchboard", "media-url-signature", 32));
}

export function signMediaKey(key: string, expiresAt: number): string {
  return createHmac("sha256", signingKey()).update(`${key}\n${expiresAt}`).digest("base64url");
}

/** Whether a signature is valid and unexpired for this key (constant-time compare). */
export function verifyMediaSignature(key: string, expiresAt: number, signature: string, now = Date.now()): boolean {
  if (!Number.isSafeInteger(expiresAt) || expiresAt * 1000 < now) return false;
  const expected = Buffer.from(signMediaKey(key, expiresAt));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Files under `root`; every key is checked and the resolved path must stay inside it (A4). */
export function createLocalStorage(root: string, appUrl: string): MediaStorage {
  const base = path.resolve(root);
  const fileOf = (key: string): string => {
    if (!isValidKey(key)) throw new InvalidMediaKeyError();
    const file = path.resolve(base, key);
    if (!file.startsWith(base + path.sep)) throw new InvalidMediaKeyError();
    return file;
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    signedUrl(key, expiresInSeconds = DEFAULT_URL_TTL_SECONDS) {
      fileOf(key);
      const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
      const u = new URL(`/media/${key}`, appUrl);
      u.searchParams.set("exp", String(exp));
      u.searchParams.set("sig", signMediaKey(key, exp));
      return u.toString();
    },
  };
}

/** The app's storage: DATA_DIR/uploads, URLs on APP_URL. */
export function mediaStorage(): MediaStorage {
  const { DATA_DIR, APP_URL } = env();
  return createLocalStorage(path.resolve(DATA_DIR, "uploads"), APP_URL);
}
