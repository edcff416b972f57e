import "server-only";
import { z } from "zod";
import { graphCall } from "@/lib/providers/facebook/graph";
import { ProviderError, type PublishHooks, type PublishRequest, type PublishResult } from "@/lib/providers/types";

/**
 * Instagram content publishing, shared by both logins (graph.facebook.com with a Page token,
 * graph.instagram.com with an Instagram token): container(s) → poll `status_code` until FINISHED
 * (no fixed sleep) → media_publish; several images make a carousel. Ids are saved as they come.
 */
export interface IgPublishConfig {
  /** `https://graph.facebook.com/v24.0` or `https://graph.instagram.com/v24.0`. */
  baseUrl: () => string;
  parseError: (status: number, body: unknown, headers?: Headers) => ProviderError;
}

const ZId = z.object({ id: z.string() });
const ZStatus = z.object({ status_code: z.string().optional(), status: z.string().optional() });
const ZPermalink = z.object({ permalink: z.string().optional() });
const ZQuota = z.object({ data: z.array(z.object({ quota_usage: z.number().optional(), config: z.object({ quota_total: z.number().optional() }).optional() })) });
/** When the 24-hour quota is used up, look again in an hour (Meta gives no reset time). */
export const QUOTA_RETRY_SECONDS = 3600;
/** Waits between status checks: quick first, then slower; about two minutes in all. */
export const CONTAINER_POLL_MS = [500, 500, 1000, 1000, 1000, 2000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 15_000, 30_000];

/** Calls through the one Graph client (token header, appsecret_proof) on this login's host. */
export function graphCaller(config: IgPublishConfig, req: PublishRequest) {
  return async <S extends z.ZodType>(method: "GET" | "POST", path: string, schema: S, params: Record<string, string | undefined> = {}): Promise<z.output<S>> => {
    if (!req.credentials) throw new ProviderError("permission", "Instagram is not configured");
    return graphCall(method, `${config.baseUrl()}/${path}`, schema, {
      token: req.accessToken,
      creds: req.credentials,
      parseError: config.parseError,
      ...(method === "GET" ? { query: params } : { form: params }),
    });
  };
}

type Call = ReturnType<typeof graphCaller>;

/** Polls a container until it is ready; its ERROR text becomes the failure the person reads. */
export async function waitForContainer(call: Call, req: PublishRequest, id: string, fields = "status_code,status"): Promise<void> {
  for (const wait of [0, ...CONTAINER_POLL_MS]) {
    if (wait) await req.sleep(wait);
    const s = await call("GET", id, ZStatus.extend({ error_message: z.string().optional() }), { fields });
    const code = s.status_code ?? s.status;
    if (code === "FINISHED" || code === "PUBLISHED") return;
    if (code === "ERROR") {
      const why = (s.status_code ? s.status : s.error_message) ?? "the media could not be processed";
      throw new ProviderError("invalid_input", `the image was refused (${why})`, { providerCode: "container_error" });
    }
    if (code === "EXPIRED") throw new ProviderError("transient", "the media container expired", { providerCode: "container_expired" });
  }
  throw new ProviderError("transient", "the media is still being processed", { providerCode: "container_in_progress" });
}

async function publish(config: IgPublishConfig, req: PublishRequest): Promise<PublishResult> {
  const call = graphCaller(config, req);
  const ig = req.connection.providerAccountId;
  if (req.images.length === 0) throw new ProviderError("invalid_input", "Instagram posts need at least one image");
  let container = req.progress.container;
  if (!container) {
    // The account's publishing quota (100 posts / 24 h), read before anything is created.
    const quota = (await call("GET", `${ig}/content_publishing_limit`, ZQuota, { fields: "quota_usage,config" })).data[0];
    if (quota?.quota_usage !== undefined && quota.config?.quota_total !== undefined && quota.quota_usage >= quota.config.quota_total) {
      throw new ProviderError("rate_limit", `the account used all ${quota.config.quota_total} posts Instagram allows in 24 hours`, { retryAfterSeconds: QUOTA_RETRY_SECONDS, providerCode: "quota" });
    }
    if (req.images.length === 1) {
      container = (await call("POST", `${ig}/media`, ZId, { image_url: req.images[0]!.url, caption: req.text })).id;
    } else {
      const children: string[] = [];
      for (const image of req.images) children.push((await call("POST", `${ig}/media`, ZId, { image_url: image.url, is_carousel_item: "true" })).id);
      for (const child of children) await waitForContainer(call, req, child);
      container = (await call("POST", `${ig}/media`, ZId, { media_type: "CAROUSEL", children: children.join(","), caption: req.text })).id;
    }
    await req.saveProgress({ container });
  }
  await waitForContainer(call, req, container);
  const media = (await call("POST", `${ig}/media_publish`, ZId, { creation_id: container })).id;
  await req.saveProgress({ media });
  const { permalink } = await call("GET", media, ZPermalink, { fields: "permalink" }).catch(() => ({ permalink: undefined }));
  return { remoteId: media, url: permalink ?? null };
}

export function igPublishing(config: IgPublishConfig): PublishHooks {
  return {
    publish: (req) => publish(config, req),
    profileUrl: (c) => (c.handle ? `https://www.instagram.com/${c.handle.replace(/^@/, "")}/` : null),
  };
}
