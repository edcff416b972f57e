import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchMedia } from "./fetch-media";
import { createSandbox } from "./server";
import { startMediaServer, UNREACHABLE, type MediaServer } from "./test-media-server";

const BASE = "http://sandbox.test";
let media: MediaServer;
beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

const sandbox = () => createSandbox({ modules: [], sandboxUrl: BASE, appOrigins: ["http://localhost:3000"] });
const MB = 1024 * 1024;

describe("fetchMedia: how the sandbox downloads an image URL", () => {
  it("sniffs the bytes, not the extension or the Content-Type", async () => {
    const ctx = sandbox().context;
    const noExt = await fetchMedia(ctx, BASE, `${media.url}/media/photo`, { maxBytes: MB });
    expect(noExt).toMatchObject({ ok: true, mime: "image/jpeg", contentType: "application/octet-stream" });
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/picture`, { maxBytes: MB })).toMatchObject({ ok: true, mime: "image/png" });
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/fake.jpg`, { maxBytes: MB })).toMatchObject({ ok: true, mime: "image/png", contentType: "image/jpeg" });
    const html = await fetchMedia(ctx, BASE, `${media.url}/media/page.jpg`, { maxBytes: MB });
    expect(html).toMatchObject({ ok: true, mime: undefined });
  });

  it("fetches the app's own URLs on localhost / 127.0.0.1 (signed media URLs in dev and tests)", async () => {
    const ctx = sandbox().context;
    const port = new URL(media.url).port;
    for (const host of ["127.0.0.1", "localhost"]) {
      expect(await fetchMedia(ctx, BASE, `http://${host}:${port}/media/photo?sig=abc&exp=1`, { maxBytes: MB })).toMatchObject({ ok: true, mime: "image/jpeg" });
    }
  });

  it("reports a 404, an unreachable host, a non-HTTP URL", async () => {
    const ctx = sandbox().context;
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/missing.jpg`, { maxBytes: MB })).toEqual({ ok: false, reason: "http_status", status: 404 });
    expect(await fetchMedia(ctx, BASE, UNREACHABLE, { maxBytes: MB })).toMatchObject({ ok: false, reason: "unreachable" });
    expect(await fetchMedia(ctx, BASE, "file:///etc/passwd", { maxBytes: MB })).toEqual({ ok: false, reason: "invalid_url" });
    expect(await fetchMedia(ctx, BASE, "not a url", { maxBytes: MB })).toEqual({ ok: false, reason: "invalid_url" });
  });

  it("stops reading at the size cap, with or without a Content-Length", async () => {
    const ctx = sandbox().context;
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/huge.jpg`, { maxBytes: 5 * MB })).toEqual({ ok: false, reason: "too_large" });
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/photo.jpg`, { maxBytes: 100 })).toEqual({ ok: false, reason: "too_large" });
  });

  it("gives up on a server that never answers (timeout)", async () => {
    const ctx = sandbox().context;
    expect(await fetchMedia(ctx, BASE, `${media.url}/media/hang.jpg`, { maxBytes: MB, timeoutMs: 200 })).toEqual({ ok: false, reason: "timeout" });
  });

  it("serves the sandbox's own URLs in-process (no listening socket needed)", async () => {
    const ctx = sandbox().context;
    expect(await fetchMedia(ctx, BASE, `${BASE}/__sandbox/media/bread.jpg`, { maxBytes: MB })).toMatchObject({ ok: true, mime: "image/jpeg" });
    expect(await fetchMedia(ctx, BASE, `${BASE}/__sandbox/media/nothing.txt`, { maxBytes: MB })).toMatchObject({ ok: false, reason: "http_status" });
  });
});
