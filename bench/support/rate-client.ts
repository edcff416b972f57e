/**
 * The sender side of the inbox bench's fixed-rate phase, in its own process (as Meta is another
 * machine): signed POSTs, one entry each, at RATE requests per second for SECONDS seconds, over
 * keep-alive connections; prints the answer times (ms) as JSON. Run by bench/inbox-ingest.bench.ts
 * through child_process.fork (the tsx loader is inherited).
 */
import { createHmac } from "node:crypto";
import { Agent, request } from "node:http";
import { z } from "zod";

const ZConfig = z.object({ url: z.url(), secret: z.string(), page: z.string(), rate: z.number(), seconds: z.number(), prefix: z.string() });
const config = ZConfig.parse(JSON.parse(process.env.RATE_CLIENT_CONFIG ?? "{}"));
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(body: string): Promise<number> {
  const signature = `sha256=${createHmac("sha256", config.secret).update(body).digest("hex")}`;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(config.url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-hub-signature-256": signature } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let failures = 0;
const inflight: Promise<void>[] = [];
const start = performance.now();
for (let i = 0; i < config.rate * config.seconds; i++) {
  const due = start + (i * 1000) / config.rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const now = Date.now();
  const body = JSON.stringify({
    object: "page",
    entry: [{ id: config.page, time: now, messaging: [{ sender: { id: `61${String(i % 500).padStart(13, "0")}` }, recipient: { id: config.page }, timestamp: now, message: { mid: `${config.prefix}${i}`, text: `event ${i}` } }] }],
  });
  inflight.push(post(body).then((ms) => void latencies.push(ms), () => void failures++));
}
await Promise.all(inflight);
agent.destroy();
process.send?.({ latencies, failures });
