/**
 * Telegram Bot API at `api.telegram.org/bot<token>/<method>` (GET query or POST JSON, form,
 * multipart) and file downloads at `api.telegram.org/file/bot<token>/<path>`. No OAuth: a bot
 * token is the credential. Method names are case-insensitive, as on Telegram.
 */
import type { Route, SandboxContext, SandboxModule, SandboxRequest } from "../../core/types";
import { BOTS, CHANNELS, findBot } from "./fixtures";
import { createTelegramState, getChat, getChatMember, getFile, getMe, sendMediaGroup, sendMessage, sendPhoto, type Call, type TelegramState } from "./methods";
import { botParams } from "./params";
import { fail, notFound, unauthorized } from "./respond";

const HOST = "api.telegram.org";

const METHODS: Record<string, (call: Call) => Response | Promise<Response>> = {
  getme: getMe,
  getchat: getChat,
  getchatmember: getChatMember,
  sendmessage: sendMessage,
  sendphoto: sendPhoto,
  sendmediagroup: sendMediaGroup,
  getfile: getFile,
};

function botFromSegment(segment: string | undefined) {
  if (!segment?.startsWith("bot")) return undefined;
  return findBot(segment.slice(3));
}

async function callMethod(req: SandboxRequest, ctx: SandboxContext): Promise<Response> {
  if (!req.params.bot?.startsWith("bot")) return notFound();
  const bot = botFromSegment(req.params.bot);
  if (!bot) return unauthorized();
  const method = METHODS[(req.params.method ?? "").toLowerCase()];
  if (!method) return notFound();
  return method({ bot, params: botParams(req), state: ctx.state(telegram), ctx, sandboxUrl: req.sandboxUrl });
}

function initials(title: string): string {
  return title.split(/\s+/).map((w) => w[0] ?? "").join("").slice(0, 2).toUpperCase();
}

function downloadFile(req: SandboxRequest, ctx: SandboxContext): Response {
  const bot = botFromSegment(req.params.bot);
  if (!bot) return unauthorized();
  const path = req.params.path ?? "";
  const chatPhoto = /^profile_photos\/(-?\d+)_(small|big)\.svg$/.exec(path);
  if (chatPhoto) {
    const channel = CHANNELS.find((c) => String(c.id) === chatPhoto[1]);
    if (!channel) return notFound();
    const hue = Math.abs(channel.id) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><rect width="160" height="160" rx="80" fill="hsl(${hue},55%,45%)"/><text x="80" y="96" font-family="sans-serif" font-size="56" fill="#fff" text-anchor="middle">${initials(channel.title)}</text></svg>`;
    return new Response(svg, { headers: { "content-type": "image/svg+xml" } });
  }
  const photo = /^photos\/(.+)\.jpg$/.exec(path);
  const stored = photo ? ctx.state(telegram).files.get(photo[1]!) : undefined;
  if (!stored?.bytes) return notFound();
  return new Response(new Uint8Array(stored.bytes), { headers: { "content-type": stored.contentType } });
}

const routes: Route[] = [
  ...(["GET", "POST"] as const).map((method): Route => ({
    method,
    host: HOST,
    path: "/:bot/:method",
    label: `${HOST} ${method} /bot{token}/{method}`,
    handler: callMethod,
  })),
  { method: "GET", host: HOST, path: "/file/:bot/:path*", label: `${HOST} GET /file/bot{token}/{path}`, handler: downloadFile },
];

export const telegram: SandboxModule<TelegramState> = {
  name: "telegram",
  createState: createTelegramState,
  routes,
  errors: {
    serverError: () => fail(500, "Internal Server Error"),
    rateLimited: (_req, info) => {
      const retryAfter = Math.max(1, Math.ceil((info.resetAt - info.now) / 1000));
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    },
    notFound: () => notFound(),
  },
  users: () => BOTS.map((b) => ({ id: String(b.id), name: b.first_name, username: b.username, scenario: b.scenario })),
};

export default telegram;
export { telegram as telegramModule };
