import { describe, expect, it } from "vitest";
import { fileTypeFromBuffer } from "file-type";
import { createSandbox } from "../../core/server";
import { modules } from "..";
import { attachmentUrl, pictureUrl } from ".";

const SANDBOX = "http://127.0.0.1:4999";
const sandbox = createSandbox({ modules, sandboxUrl: SANDBOX, appOrigins: ["http://localhost:3000"] });
const get = (url: string) => sandbox.handle(new Request(url.replace(/^https:\/\//, `${SANDBOX}/`), { redirect: "manual" }));

describe("the providers' picture CDNs", () => {
  it.each(["x", "facebook", "instagram", "linkedin"] as const)("%s: the picture URL an API gives serves real PNG bytes", async (cdn) => {
    const url = pictureUrl(cdn, "seed-1", "Ada Lovelace");
    expect(url).toMatch(/^https:\/\//);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/png");
  });

  it("plays a CDN's failures: a redirect off the provider's host, a huge body, HTML as image/jpeg, 404", async () => {
    const away = await get("https://scontent.xx.fbcdn.net/v/t39.30808-1/redirect-away_n.png");
    expect(away.status).toBe(302);
    expect(away.headers.get("location")).toBe("https://attacker.example/pixel.png");
    const huge = await get("https://pbs.twimg.com/profile_images/1/too-large.png");
    expect((await huge.arrayBuffer()).byteLength).toBeGreaterThan(10_000_000);
    const html = await get("https://media.licdn.com/dms/image/v2/not-an-image/0.png");
    expect(html.headers.get("content-type")).toBe("image/jpeg");
    expect(await fileTypeFromBuffer(new Uint8Array(await html.arrayBuffer()))).toBeUndefined();
    expect((await get("https://scontent.cdninstagram.com/v/gone.png")).status).toBe(404);
  });
});

describe("Meta's message attachment CDNs", () => {
  it("serve a voice clip, a video, a PDF and a text file at the URLs a webhook gives, with bytes of their type", async () => {
    const sniff = async (url: string) => {
      const res = await get(url);
      expect(res.status).toBe(200);
      return fileTypeFromBuffer(new Uint8Array(await res.arrayBuffer()));
    };
    expect(attachmentUrl("audio", "1")).toMatch(/^https:\/\/cdn\.fbsbx\.com\/v\/.+\/audioclip-1\.mp4\?/);
    expect((await sniff(attachmentUrl("audio", "1")))?.mime).toBe("audio/x-m4a");
    expect((await sniff(attachmentUrl("video", "2")))?.mime).toBe("video/mp4");
    expect((await sniff(attachmentUrl("file", "3", "Price list.pdf")))?.mime).toBe("application/pdf");
    expect(await sniff(attachmentUrl("file", "4", "notes.txt"))).toBeUndefined();
    expect((await sniff(attachmentUrl("file", "5", "setup.exe")))?.mime).toBe("application/x-msdownload");
  });

  it("play a file over every cap (30 MB), HTML served as audio, 404", async () => {
    const huge = await get(attachmentUrl("file", "6", "too-large.pdf"));
    expect((await huge.arrayBuffer()).byteLength).toBe(30 * 1024 * 1024);
    const html = await get(attachmentUrl("audio", "7").replace("audioclip-7", "not-media"));
    expect(html.headers.get("content-type")).toBe("audio/mpeg");
    expect(await fileTypeFromBuffer(new Uint8Array(await html.arrayBuffer()))).toBeUndefined();
    expect((await get(attachmentUrl("video", "gone"))).status).toBe(404);
  });
});
