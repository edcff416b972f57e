import { beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_JPEG } from "../../core/media";
import type { Sandbox } from "../../core/server";
import { X_USERS } from "./fixtures";
import { api, connect, newSandbox, SANDBOX } from "./test-helpers";

const [ada, mateo] = X_USERS;
let sandbox: Sandbox;
beforeEach(() => {
  // Expiry times are whole seconds of the sandbox clock: pin it so a second boundary between
  // a request and its assertion cannot change the expected value.
  const start = Date.UTC(2026, 0, 5, 9, 0, 0, 400);
  sandbox = newSandbox({ now: () => start });
});

/** Bytes that start like an MP4 file (an ISO BMFF `ftyp` box), padded to `size`. */
function fakeMp4(size: number): Buffer {
  const head = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom\0\0\x02\0isomiso2", "latin1")]);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 7)]);
}

/** A 1×1 GIF89a. */
const TINY_GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

async function send(method: string, path: string, token: string, body?: FormData | unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await sandbox.handle(new Request(`${SANDBOX}/api.x.com${path}`, { method, headers, body: payload }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const initialize = (token: string, body: Record<string, unknown>) => send("POST", "/2/media/upload/initialize", token, body);

function append(token: string, id: string, segmentIndex: number | string, chunk: Buffer) {
  const fd = new FormData();
  fd.set("segment_index", String(segmentIndex));
  fd.set("media", new Blob([new Uint8Array(chunk)], { type: "application/octet-stream" }), "blob");
  return send("POST", `/2/media/upload/${id}/append`, token, fd);
}

const finalize = (token: string, id: string) => send("POST", `/2/media/upload/${id}/finalize`, token);
const status = (token: string, id: string) => send("GET", `/2/media/upload?command=STATUS&media_id=${id}`, token);

/** initialize + append in chunks of `chunk` bytes, in order. */
async function uploadChunks(token: string, bytes: Buffer, init: Record<string, unknown>, chunk = 1024) {
  const r = await initialize(token, { total_bytes: bytes.length, ...init });
  expect(r.status).toBe(200);
  const id = r.body.data.id as string;
  for (let i = 0, seg = 0; i < bytes.length; i += chunk, seg++) expect((await append(token, id, seg, bytes.subarray(i, i + chunk))).status).toBe(200);
  return id;
}

async function advanceClock(seconds: number) {
  const res = await sandbox.handle(new Request(`${SANDBOX}/__sandbox/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: seconds }) }));
  expect(res.status).toBe(200);
}

describe("X chunked media upload (v2 initialize / append / finalize / STATUS)", () => {
  it("uploads a video in chunks, processes it on the sandbox clock, and only then lets a post use it", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const video = fakeMp4(3000);
    const init = await initialize(t, { media_type: "video/mp4", total_bytes: video.length, media_category: "tweet_video" });
    expect(init.status).toBe(200);
    expect(init.body.data).toEqual({ id: expect.stringMatching(/^\d{19}$/), media_key: `7_${init.body.data.id}`, expires_after_secs: 86400 });
    const id = init.body.data.id as string;

    const a0 = await append(t, id, 0, video.subarray(0, 1024));
    expect(a0.status).toBe(200);
    expect(a0.body.data.expires_at).toBe(Math.floor(sandbox.context.clock.now() / 1000) + 86400);
    expect((await append(t, id, 1, video.subarray(1024, 2048))).status).toBe(200);
    expect((await append(t, id, 2, video.subarray(2048))).status).toBe(200);

    const fin = await finalize(t, id);
    expect(fin.status).toBe(200);
    expect(fin.body.data).toEqual({ id, media_key: `7_${id}`, size: 3000, expires_after_secs: 86400, processing_info: { state: "pending", check_after_secs: 1 } });

    const post = (text: string) => api(sandbox, "POST", "/2/tweets", t, { text, media: { media_ids: [id] } });
    const early = await post("too early");
    expect(early.status).toBe(400);
    expect(early.body.errors[0]).toEqual({ parameters: { "media.media_ids": [id] }, message: "Your media IDs are invalid." });

    await advanceClock(2);
    const mid = await status(t, id);
    expect(mid.status).toBe(200);
    expect(mid.body.data.processing_info).toMatchObject({ state: "in_progress", check_after_secs: 3, progress_percent: 40 });
    expect((await post("still processing")).status).toBe(400);

    await advanceClock(3);
    const done = await status(t, id);
    expect(done.body.data).toMatchObject({ id, media_key: `7_${id}`, size: 3000, processing_info: { state: "succeeded", progress_percent: 100 } });
    const ok = await post("my video");
    expect(ok.status).toBe(201);
    const posts = (await (await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=x`))).json()) as { data: any[] };
    expect(posts.data.at(-1)).toMatchObject({ text: "my video", media: [`7_${id}`] });
  });

  it("segments may arrive out of order; a missing segment fails FINALIZE", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const video = fakeMp4(2048);
    const r = await initialize(t, { media_type: "video/mp4", total_bytes: 2048, media_category: "tweet_video" });
    const id = r.body.data.id as string;
    // Parallel uploaders finish chunks in any order; X assembles them by segment_index.
    expect((await append(t, id, 1, video.subarray(1024))).status).toBe(200);
    expect((await append(t, id, 0, video.subarray(0, 1024))).status).toBe(200);
    expect((await finalize(t, id)).status).toBe(200);
    await advanceClock(5);
    // Assembled in index order, the bytes are a valid MP4 again, so processing succeeds.
    expect((await status(t, id)).body.data.processing_info.state).toBe("succeeded");

    const gap = (await initialize(t, { media_type: "video/mp4", total_bytes: 2048, media_category: "tweet_video" })).body.data.id as string;
    await append(t, gap, 0, video.subarray(0, 1024));
    await append(t, gap, 2, video.subarray(1024));
    const fin = await finalize(t, gap);
    expect(fin.status).toBe(400);
    expect(fin.body).toMatchObject({ title: "Invalid Request", status: 400, type: "https://api.twitter.com/2/problems/invalid-request" });
    expect(fin.body.errors[0].message).toMatch(/^Segment 1 is missing/);
  });

  it("segment_index must be 0–999 and a chunk at most 5 MB", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const id = (await initialize(t, { media_type: "video/mp4", total_bytes: 20_000_000, media_category: "tweet_video" })).body.data.id as string;
    const big = await append(t, id, 1000, Buffer.alloc(10));
    expect(big.status).toBe(400);
    expect(big.body.errors[0]).toEqual({ parameters: { segment_index: ["1000"] }, message: "SegmentIndex must be between 0 and 999." });
    expect((await append(t, id, -1, Buffer.alloc(10))).body.errors[0].message).toBe("SegmentIndex must be between 0 and 999.");
    const fat = await append(t, id, 0, Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(fat.status).toBe(400);
    expect(fat.body.errors[0].message).toBe("Segment size exceeds 5242880 bytes.");
    expect((await append(t, id, 0, Buffer.alloc(5 * 1024 * 1024))).status).toBe(200);
    const noMedia = new FormData();
    noMedia.set("segment_index", "1");
    expect((await send("POST", `/2/media/upload/${id}/append`, t, noMedia)).body.errors[0].parameters).toEqual({ media: [] });
  });

  it("FINALIZE refuses segments that do not add up to total_bytes", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const video = fakeMp4(2000);
    const id = (await initialize(t, { media_type: "video/mp4", total_bytes: 2001, media_category: "tweet_video" })).body.data.id as string;
    await append(t, id, 0, video);
    const fin = await finalize(t, id);
    expect(fin.status).toBe(400);
    expect(fin.body.errors[0]).toEqual({ parameters: { id: [id] }, message: "Segments do not add up to provided total file size." });
    // Nothing appended at all is the same failure.
    const empty = (await initialize(t, { media_type: "video/mp4", total_bytes: 10, media_category: "tweet_video" })).body.data.id as string;
    expect((await finalize(t, empty)).body.errors[0].message).toBe("Segments do not add up to provided total file size.");
    // A retried segment replaces the first attempt, so the sizes add up again.
    await append(t, id, 0, video.subarray(0, 1000));
    await append(t, id, 1, Buffer.concat([video.subarray(1000), Buffer.alloc(1)]));
    expect((await finalize(t, id)).status).toBe(200);
  });

  it("total_bytes is checked against the category's limit, and media_type must fit the category", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const MB = 1024 * 1024;
    const cases: Array<[string, string, number, number]> = [
      ["tweet_image", "image/jpeg", 5 * MB, 200],
      ["tweet_image", "image/jpeg", 5 * MB + 1, 400],
      ["tweet_gif", "image/gif", 15 * MB, 200],
      ["tweet_gif", "image/gif", 15 * MB + 1, 400],
      ["tweet_video", "video/mp4", 512 * MB, 200],
      ["tweet_video", "video/mp4", 512 * MB + 1, 400],
    ];
    for (const [media_category, media_type, total_bytes, expected] of cases) {
      const r = await initialize(t, { media_category, media_type, total_bytes });
      expect(r.status, `${media_category} ${total_bytes}`).toBe(expected);
      if (expected === 400) expect(r.body.errors[0]).toEqual({ parameters: { total_bytes: [String(total_bytes)] }, message: `File size exceeds ${total_bytes - 1} bytes.` });
    }
    expect((await initialize(t, { media_category: "tweet_video", media_type: "image/png", total_bytes: 10 })).body.errors[0].message).toBe("media_type image/png cannot be uploaded as tweet_video.");
    expect((await initialize(t, { media_category: "tweet_video", media_type: "video/avi", total_bytes: 10 })).body.errors[0].parameters).toEqual({ media_type: ["video/avi"] });
    expect((await initialize(t, { media_category: "tweet_movie", media_type: "video/mp4", total_bytes: 10 })).body.errors[0].message).toBe("Invalid media_category: tweet_movie.");
    expect((await initialize(t, { media_type: "video/mp4" })).body.errors[0].parameters).toEqual({ total_bytes: [] });
    // Without media_category the type decides: a video gets the video limit and a 7_ key.
    const noCategory = await initialize(t, { media_type: "video/mp4", total_bytes: 100 * MB });
    expect(noCategory.body.data.media_key).toMatch(/^7_/);
  });

  it("a post with media that is still processing, or not finalized, is refused", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const video = fakeMp4(1500);
    const unfinished = (await initialize(t, { media_type: "video/mp4", total_bytes: 1500, media_category: "tweet_video" })).body.data.id as string;
    await append(t, unfinished, 0, video);
    const r1 = await api(sandbox, "POST", "/2/tweets", t, { text: "not finalized", media: { media_ids: [unfinished] } });
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0].message).toBe("Your media IDs are invalid.");
    expect((await status(t, unfinished)).status).toBe(400);

    await finalize(t, unfinished);
    await advanceClock(4);
    expect((await status(t, unfinished)).body.data.processing_info.state).toBe("in_progress");
    const r2 = await api(sandbox, "POST", "/2/tweets", t, { text: "processing", media: { media_ids: [unfinished] } });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0]).toEqual({ parameters: { "media.media_ids": [unfinished] }, message: "Your media IDs are invalid." });
    await advanceClock(1);
    expect((await api(sandbox, "POST", "/2/tweets", t, { text: "processed", media: { media_ids: [unfinished] } })).status).toBe(201);
  });

  it("bytes that are not the declared video fail processing with InvalidMedia and cannot be posted", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const id = await uploadChunks(t, Buffer.alloc(2000, 1), { media_type: "video/mp4", media_category: "tweet_video" });
    expect((await finalize(t, id)).body.data.processing_info.state).toBe("pending");
    await advanceClock(5);
    const s = await status(t, id);
    expect(s.body.data.processing_info).toEqual({ state: "failed", progress_percent: 100, error: { code: 1, name: "InvalidMedia", message: "Unsupported video format" } });
    expect((await api(sandbox, "POST", "/2/tweets", t, { text: "broken video", media: { media_ids: [id] } })).status).toBe(400);
  });

  it("a chunked image is ready at FINALIZE (no processing_info); a GIF is processed like a video", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const image = await uploadChunks(t, SAMPLE_JPEG, { media_type: "image/jpeg", media_category: "tweet_image" }, 200);
    const fin = await finalize(t, image);
    expect(fin.body.data).toEqual({ id: image, media_key: `3_${image}`, size: SAMPLE_JPEG.length, expires_after_secs: 86400 });
    expect((await api(sandbox, "POST", "/2/tweets", t, { text: "chunked photo", media: { media_ids: [image] } })).status).toBe(201);
    const notImage = await uploadChunks(t, Buffer.alloc(50, 3), { media_type: "image/png", media_category: "tweet_image" });
    expect((await finalize(t, notImage)).body.errors[0].message).toBe("media type unrecognized.");

    const gif = await uploadChunks(t, TINY_GIF, { media_type: "image/gif", media_category: "tweet_gif" });
    const g = await finalize(t, gif);
    expect(g.body.data).toMatchObject({ media_key: `16_${gif}`, processing_info: { state: "pending" } });
    await advanceClock(5);
    expect((await status(t, gif)).body.data.processing_info.state).toBe("succeeded");
    expect((await api(sandbox, "POST", "/2/tweets", t, { text: "a gif", media: { media_ids: [gif] } })).status).toBe(201);
  });

  it("every step needs media.write (403 without it)", async () => {
    const full = (await connect(sandbox, ada!.id)).access_token;
    const id = (await initialize(full, { media_type: "video/mp4", total_bytes: 100, media_category: "tweet_video" })).body.data.id as string;
    const weak = (await connect(sandbox, ada!.id, "tweet.read tweet.write users.read")).access_token;
    const forbidden = { title: "Forbidden", detail: "Forbidden", type: "about:blank", status: 403 };
    const init = await initialize(weak, { media_type: "video/mp4", total_bytes: 100, media_category: "tweet_video" });
    expect(init.status).toBe(403);
    expect(init.body).toEqual(forbidden);
    expect((await append(weak, id, 0, fakeMp4(100))).status).toBe(403);
    expect((await finalize(weak, id)).status).toBe(403);
    expect((await status(weak, id)).status).toBe(403);
    expect((await send("POST", "/2/media/upload/initialize", "not-a-token", { media_type: "video/mp4", total_bytes: 1 })).status).toBe(401);
  });

  it("an upload belongs to its user, ends at FINALIZE and expires after 24 hours", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const other = (await connect(sandbox, mateo!.id)).access_token;
    const video = fakeMp4(500);
    const id = (await initialize(t, { media_type: "video/mp4", total_bytes: 500, media_category: "tweet_video" })).body.data.id as string;
    const theirs = await append(other, id, 0, video);
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors[0].parameters).toEqual({ id: [id] });
    expect((await status(other, id)).status).toBe(400);
    await append(t, id, 0, video);
    expect((await finalize(t, id)).status).toBe(200);
    expect((await append(t, id, 1, video)).body.errors[0].message).toBe(`Media id ${id} is already finalized.`);
    expect((await finalize(t, id)).status).toBe(400);

    const stale = (await initialize(t, { media_type: "video/mp4", total_bytes: 500, media_category: "tweet_video" })).body.data.id as string;
    sandbox.context.clock.advance(24 * 3600_000);
    const fresh = (await connect(sandbox, ada!.id)).access_token; // access tokens last 2 h
    const expired = await append(fresh, stale, 0, video);
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].parameters).toEqual({ id: [stale] });
  });

  it("the older command=INIT|APPEND|FINALIZE form on /2/media/upload reaches the same flow", async () => {
    const t = (await connect(sandbox, ada!.id)).access_token;
    const video = fakeMp4(1200);
    const form = (fields: Record<string, string>, chunk?: Buffer) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.set(k, v);
      if (chunk) fd.set("media", new Blob([new Uint8Array(chunk)]), "blob");
      return fd;
    };
    const init = await send("POST", "/2/media/upload", t, form({ command: "INIT", media_type: "video/mp4", total_bytes: "1200", media_category: "tweet_video" }));
    expect(init.status).toBe(200);
    const id = init.body.data.id as string;
    expect((await send("POST", "/2/media/upload", t, form({ command: "APPEND", media_id: id, segment_index: "0" }, video))).status).toBe(200);
    const fin = await send("POST", "/2/media/upload", t, form({ command: "FINALIZE", media_id: id }));
    expect(fin.body.data).toMatchObject({ id, processing_info: { state: "pending" } });
    expect((await send("POST", "/2/media/upload", t, form({ command: "STATUS", media_id: id }))).status).toBe(400);
  });
});

describe("X media access", () => {
  it("an account whose app lacks media access gets X's 403 client-forbidden problem on upload; its text posts still go out", async () => {
    const noor = X_USERS.find((u) => u.mediaForbidden)!;
    const t = (await connect(sandbox, noor.id)).access_token;
    const fd = new FormData();
    fd.set("media_category", "tweet_image");
    fd.set("media", new Blob([new Uint8Array(SAMPLE_JPEG)], { type: "image/jpeg" }), "photo.jpg");
    const upload = await send("POST", "/2/media/upload", t, fd);
    expect(upload.status).toBe(403);
    expect(upload.body).toMatchObject({ title: "Client Forbidden", reason: "client-not-enrolled", type: "https://api.twitter.com/2/problems/client-forbidden" });
    expect((await send("POST", "/2/tweets", t, { text: "Bread is out" })).status).toBe(201);
    // Others upload as before.
    const ok = await send("POST", "/2/media/upload", (await connect(sandbox, ada!.id)).access_token, fd);
    expect(ok.status).toBe(200);
  });
});
