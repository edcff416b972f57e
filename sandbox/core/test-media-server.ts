/**
 * A real HTTP server on 127.0.0.1 for tests of the sandbox's image downloads: it serves what an
 * app or a CDN might put behind an `image_url` (images without or with lying extensions, an HTML
 * page, a 404, a body over a size cap, a server that never answers).
 */
import { createServer, type Server } from "node:http";
import sharp from "sharp";
import { SAMPLE_JPEG, solidPng } from "./media";

export interface MediaServer {
  url: string;
  /** Requests received, by path. */
  hits: string[];
  close(): Promise<void>;
}

const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();

export async function startMediaServer(): Promise<MediaServer> {
  const wide = await jpeg(300, 100); // 3:1, outside Instagram's 4:5–1.91:1
  const tall = await jpeg(100, 200); // 1:2
  const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
  const hits: string[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.push(path);
    const send = (status: number, type: string, body: Buffer | string) => {
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    switch (path) {
      case "/media/photo": // a JPEG without an extension (signed URLs look like this)
        return send(200, "application/octet-stream", SAMPLE_JPEG);
      case "/media/picture": // a PNG without an extension
        return send(200, "application/octet-stream", solidPng());
      case "/media/photo.jpg": // a JPEG, as named
        return send(200, "image/jpeg", SAMPLE_JPEG);
      case "/media/fake.jpg": // a PNG named .jpg and served as image/jpeg
        return send(200, "image/jpeg", solidPng());
      case "/media/anim.gif":
        return send(200, "image/gif", gif);
      case "/media/wide.jpg":
        return send(200, "image/jpeg", wide);
      case "/media/tall.jpg":
        return send(200, "image/jpeg", tall);
      case "/media/page.jpg": // an HTML page (a login wall, an error page) behind an image URL
        return send(200, "image/jpeg", "<!doctype html><html><body>Sign in to continue</body></html>");
      case "/media/huge.jpg": {
        // A JPEG header followed by 12 MB, streamed without a Content-Length.
        res.writeHead(200, { "content-type": "image/jpeg" });
        res.write(SAMPLE_JPEG.subarray(0, 20));
        const chunk = Buffer.alloc(1024 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 12) {
            sent += 1;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("error", () => undefined);
        return pump();
      }
      case "/media/hang.jpg": // accepts the connection and never answers
        hanging.add(res);
        return;
      default:
        return send(404, "text/html", "<html><body>Not Found</body></html>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${addr.port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL nothing listens on (port 1 refuses connections). */
export const UNREACHABLE = "http://127.0.0.1:1/media/photo.jpg";
