import { createServer, type Server } from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../../core/server";
import { startMediaServer, type MediaServer } from "../../core/test-media-server";
import { downloadIgImage } from "./ig-publishing";

const BASE = "http://sandbox.test";
const ctx = () => createSandbox({ modules: [], sandboxUrl: BASE, appOrigins: ["http://localhost:3000"] }).context;

let media: MediaServer;
let rotated: { server: Server; url: string };
beforeAll(async () => {
  media = await startMediaServer();
  // 150×100 (1.5:1, fine as stored) with EXIF orientation 6: shown as 100×150 (0.67:1, too tall).
  const bytes = await sharp({ create: { width: 150, height: 100, channels: 3, background: "#c87828" } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const plain = await sharp({ create: { width: 150, height: 100, channels: 3, background: "#c87828" } }).jpeg().toBuffer();
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg" });
    res.end(req.url === "/rotated.jpg" ? bytes : plain);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  rotated = { server, url: `http://127.0.0.1:${addr.port}` };
});
afterAll(async () => {
  await media.close();
  await new Promise((r) => rotated.server.close(r));
});

describe("downloadIgImage (what Meta does with image_url)", () => {
  it("a server that does not answer in time is 2207003 (timeout), not a generic download failure", async () => {
    expect(await downloadIgImage(ctx(), BASE, `${media.url}/media/hang.jpg`, 200)).toMatchObject({ code: -2, subcode: 2207003, message: "It takes too long to download the media." });
  });

  it("judges the aspect ratio as the image is shown (EXIF orientation applied)", async () => {
    expect(await downloadIgImage(ctx(), BASE, `${rotated.url}/plain.jpg`)).toBeUndefined();
    expect(await downloadIgImage(ctx(), BASE, `${rotated.url}/rotated.jpg`)).toMatchObject({ code: 36003, subcode: 2207009, message: expect.stringContaining("('0.67')") });
  });
});
