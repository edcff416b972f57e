import "server-only";
import { z } from "zod";
import { ProviderError, type PublishHooks, type PublishRequest, type PublishResult } from "@/lib/providers/types";
import { THREADS_API_VERSION, THREADS_GRAPH } from "./config";
import { threadsApi } from "./api";

const ZId = z.object({ id: z.string() });
const ZStatus = z.object({ status: z.string().optional(), error_message: z.string().optional() });
const ZPermalink = z.object({ permalink: z.string().optional() });
const ZQuota = z.object({ data: z.array(z.object({ quota_usage: z.number().optional(), config: z.object({ quota_total: z.number().optional() }).optional() })) });
const QUOTA_RETRY_SECONDS = 3600;
const POLL_MS = [500, 500, 1000, 1000, 1000, 2000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 15_000, 30_000];

function caller(req: PublishRequest) {
  return async <S extends z.ZodType>(method: "GET" | "POST", path: string, schema: S, params: Record<string, string | undefined>): Promise<z.output<S>> => {
    return threadsApi.json(`${THREADS_GRAPH}/${THREADS_API_VERSION}/${path}`, schema, {
      method,
      headers: { authorization: `Bearer ${req.accessToken}` },
      ...(method === "GET" ? { query: params } : { form: params }),
    });
  };
}

/** Threads: container (TEXT or IMAGE, Threads downloads the image) → status FINISHED → threads_publish. */
async function publish(req: PublishRequest): Promise<PublishResult> {
  const call = caller(req);
  const user = req.connection.providerAccountId;
  let container = req.progress.container;
  if (!container) {
    // The profile's publishing quota (250 posts / 24 h), read before anything is created.
    const quota = (await call("GET", `${user}/threads_publishing_limit`, ZQuota, { fields: "quota_usage,config" })).data[0];
    if (quota?.quota_usage !== undefined && quota.config?.quota_total !== undefined && quota.quota_usage >= quota.config.quota_total) {
      throw new ProviderError("rate_limit", `the profile used all ${quota.config.quota_total} posts Threads allows in 24 hours`, { retryAfterSeconds: QUOTA_RETRY_SECONDS, providerCode: "quota" });
    }
    const image = req.images[0];
    container = (
      await call("POST", `${user}/threads`, ZId, image ? { media_type: "IMAGE", image_url: image.url, text: req.text || undefined } : { media_type: "TEXT", text: req.text })
    ).id;
    await req.saveProgress({ container });
  }
  let ready = false;
  for (const wait of [0, ...POLL_MS]) {
    if (wait) await req.sleep(wait);
    const s = await call("GET", container, ZStatus, { fields: "status,error_message" });
    if (s.status === "FINISHED") {
      ready = true;
      break;
    }
    if (s.status === "ERROR") throw new ProviderError("invalid_input", `the post was refused (${s.error_message ?? "processing failed"})`, { providerCode: "container_error" });
    if (s.status === "EXPIRED") throw new ProviderError("transient", "the container expired", { providerCode: "container_expired" });
  }
  if (!ready) throw new ProviderError("transient", "the post is still being processed", { providerCode: "container_in_progress" });
  const id = (await call("POST", `${user}/threads_publish`, ZId, { creation_id: container })).id;
  await req.saveProgress({ post: id });
  const { permalink } = await call("GET", id, ZPermalink, { fields: "permalink" }).catch(() => ({ permalink: undefined }));
  return { remoteId: id, url: permalink ?? null };
}

export const threadsPublishing: PublishHooks = {
  publish,
  profileUrl: (c) => (c.handle ? `https://www.threads.net/@${c.handle.replace(/^@/, "")}` : null),
};
