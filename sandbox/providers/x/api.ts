/** X API v2: GET /2/users/me and POST /2/tweets, with free-tier limits, duplicate and length checks. */
import { pictureUrl } from "../cdn";
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { requireUser } from "./auth";
import { findXUser, FREE_TIER } from "./fixtures";
import { API_HOSTS } from "./oauth";
import { invalidRequest, problem } from "./respond";
import { count, limitHeaders, mediaReady, rollingWindow, snowflake, type XState } from "./state";
import { MAX_WEIGHTED_LENGTH, weightedLength, wrapUrls } from "./text";

type StateOf = (ctx: SandboxContext) => XState;

export const TOO_LONG = "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.";

const tooMany = (headers: Record<string, string>) => problem(429, "Too Many Requests", "Too Many Requests", headers);

function usersMe(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const token = requireUser(req, ctx, ["tweet.read", "users.read"]);
    if (token instanceof Response) return token;
    const state = stateOf(ctx);
    const now = ctx.clock.now();
    const window = rollingWindow(state.meLedger, token.userId, FREE_TIER.usersMePer24h, now);
    if (window.remaining === 0) return tooMany(limitHeaders(window));
    count(state.meLedger, token.userId, now);
    const headers = limitHeaders({ ...window, remaining: window.remaining - 1 });
    const user = findXUser(token.userId);
    if (!user) return problem(401, "Unauthorized", "Unauthorized");
    const fields = new Set((req.query.get("user.fields") ?? "").split(",").map((f) => f.trim()));
    const data: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
    if (fields.has("profile_image_url")) data.profile_image_url = pictureUrl("x", `x-${user.id}`, user.name);
    if (fields.has("description")) data.description = user.description;
    if (fields.has("created_at")) data.created_at = user.createdAt;
    if (fields.has("verified")) data.verified = false;
    if (fields.has("protected")) data.protected = false;
    if (fields.has("public_metrics")) {
      const tweets = [...state.tweets.values()].filter((t) => t.authorId === user.id).length;
      data.public_metrics = { followers_count: 1200, following_count: 310, tweet_count: tweets, listed_count: 4, like_count: 5400 };
    }
    return json({ data }, 200, headers);
  };
}

interface TweetBody {
  text?: unknown;
  media?: { media_ids?: unknown };
  reply?: { in_reply_to_tweet_id?: unknown };
}

function createTweet(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const token = requireUser(req, ctx, ["tweet.read", "tweet.write", "users.read"]);
    if (token instanceof Response) return token;
    const state = stateOf(ctx);
    const now = ctx.clock.now();
    const window = rollingWindow(state.tweetLedger, token.userId, FREE_TIER.tweetsPer24h, now);
    if (window.remaining === 0) return tooMany(limitHeaders(window));
    // Every request past authentication counts toward the daily cap, failed ones included.
    count(state.tweetLedger, token.userId, now);
    const headers = limitHeaders({ ...window, remaining: window.remaining - 1 });

    if (!(req.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) {
      return invalidRequest([{ message: "Requests with bodies must have content-type of application/json." }], headers);
    }
    if (!req.json || typeof req.json !== "object" || Array.isArray(req.json)) {
      return invalidRequest([{ message: "Request body is not valid JSON." }], headers);
    }
    const body = req.json as TweetBody;
    const text = typeof body.text === "string" ? body.text : undefined;
    if (body.text !== undefined && text === undefined) {
      return invalidRequest([{ message: "$.text: expected type: String", parameters: { text: [String(body.text)] } }], headers);
    }
    const mediaIds = body.media?.media_ids;
    if (mediaIds !== undefined && (!Array.isArray(mediaIds) || mediaIds.some((m) => typeof m !== "string"))) {
      return invalidRequest([{ message: "$.media.media_ids: expected type: JSONArray of String", parameters: { "media.media_ids": [JSON.stringify(mediaIds)] } }], headers);
    }
    const ids = (mediaIds as string[] | undefined) ?? [];
    if (ids.length > 4) return invalidRequest([{ message: "$.media.media_ids: expected maximum item count: 4, found: " + ids.length }], headers);
    const media = ids.map((id) => state.media.get(id));
    // Unknown, someone else's, expired, not finalized, still processing or failed: X answers the same.
    if (media.some((m) => !m || m.ownerId !== token.userId || m.expiresAt <= now || !mediaReady(m, now))) {
      return invalidRequest([{ message: "Your media IDs are invalid.", parameters: { "media.media_ids": ids } }], headers);
    }
    if (!text?.trim() && ids.length === 0) {
      return invalidRequest([{ message: "Post text is required when no media, poll or quote is attached.", parameters: { text: [text ?? ""] } }], headers);
    }
    if (text && weightedLength(text) > MAX_WEIGHTED_LENGTH) {
      // X's answer: a 400 invalid-request Problem with the reason in errors[].message.
      return invalidRequest([{ message: TOO_LONG }], headers);
    }
    const replyTo = body.reply?.in_reply_to_tweet_id;
    if (replyTo !== undefined && (typeof replyTo !== "string" || !state.tweets.has(replyTo))) {
      return problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.", headers);
    }
    const normalized = (text ?? "").normalize("NFC").trim();
    const duplicate = normalized && [...state.tweets.values()].some((t) => t.authorId === token.userId && t.text.normalize("NFC").trim() === normalized);
    if (duplicate) return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.", headers);

    const id = snowflake(state, now);
    const stored = wrapUrls(text ?? "");
    state.tweets.set(id, { id, authorId: token.userId, text: normalized, mediaKeys: media.map((m) => m!.mediaKey), createdAt: now });
    const user = findXUser(token.userId);
    ctx.recordPost({ platform: "x", target: user ? `@${user.username}` : token.userId, id, text: text ?? "", media: media.map((m) => m!.mediaKey) });
    return json({ data: { id, text: stored, edit_history_tweet_ids: [id] } }, 201, headers);
  };
}

function deleteTweet(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const token = requireUser(req, ctx, ["tweet.read", "tweet.write", "users.read"]);
    if (token instanceof Response) return token;
    const tweet = stateOf(ctx).tweets.get(req.params.id ?? "");
    if (!tweet) return json({ data: { deleted: false } });
    if (tweet.authorId !== token.userId) return problem(403, "Forbidden", "You are not authorized to delete this Tweet.");
    stateOf(ctx).tweets.delete(tweet.id);
    return json({ data: { deleted: true } });
  };
}

export function apiRoutes(stateOf: StateOf): Route[] {
  return [
    { method: "GET", host: API_HOSTS, path: "/2/users/me", label: "api.x.com GET /2/users/me", handler: usersMe(stateOf) },
    { method: "POST", host: API_HOSTS, path: "/2/tweets", label: "api.x.com POST /2/tweets", handler: createTweet(stateOf) },
    { method: "DELETE", host: API_HOSTS, path: "/2/tweets/:id", label: "api.x.com DELETE /2/tweets/{id}", handler: deleteTweet(stateOf) },
  ];
}
