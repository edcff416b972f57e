/** The control API under /__sandbox/: stats, reset, recorded posts and messages, clock, knobs, avatars. */
import { avatarSvg } from "./avatar";
import { escapeHtml, html, json } from "./http";
import type { MailMessage } from "./mail";
import { indexPage } from "./index-page";
import { sampleMedia } from "./media";
import type { KnobSettings } from "./server";
import type { Knobs, Route, SandboxContext, SandboxModule } from "./types";

export interface ControlHost {
  context(): SandboxContext;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  modules: SandboxModule<any>[];
  stats(): { since: string; counts: Record<string, number> };
  getKnobs(): KnobSettings;
  setKnobs(next: Partial<KnobSettings>): void;
  reset(): void;
}

const H = "__sandbox";

function body(req: { json: unknown; form: URLSearchParams }): Record<string, unknown> {
  if (req.json && typeof req.json === "object") return req.json as Record<string, unknown>;
  return Object.fromEntries(req.form);
}

function numberOrNull(v: unknown): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function parseKnobs(input: Record<string, unknown>): Partial<Knobs> {
  const out: Partial<Knobs> = {};
  const latency = numberOrNull(input.latencyMs);
  if (typeof latency === "number") out.latencyMs = Math.max(0, latency);
  const failure = numberOrNull(input.failureRate);
  if (typeof failure === "number") out.failureRate = Math.min(1, Math.max(0, failure));
  const after = numberOrNull(input.rateLimitAfter);
  if (after !== undefined) out.rateLimitAfter = after;
  const windowMs = numberOrNull(input.rateLimitWindowMs);
  if (typeof windowMs === "number") out.rateLimitWindowMs = windowMs;
  if (Array.isArray(input.failRequests)) out.failRequests = input.failRequests.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const proof = input.requireAppSecretProof;
  if (typeof proof === "boolean") out.requireAppSecretProof = proof;
  else if (proof === "true" || proof === "false") out.requireAppSecretProof = proof === "true";
  return out;
}

export function controlRoutes(host: ControlHost): Route[] {
  return [
    { method: "GET", host: H, path: "/", handler: (req) => indexPage(host.modules, req.sandboxUrl) },
    { method: "GET", host: H, path: "/stats", handler: () => json(host.stats()) },
    {
      method: "POST",
      host: H,
      path: "/reset",
      handler: () => {
        host.reset();
        return json({ ok: true });
      },
    },
    {
      method: "GET",
      host: H,
      path: "/posts",
      handler: (req) => {
        const platform = req.query.get("platform");
        return json({ data: host.context().posts().filter((p) => !platform || p.platform === platform) });
      },
    },
    {
      method: "GET",
      host: H,
      path: "/messages",
      handler: (req) => {
        const platform = req.query.get("platform");
        return json({ data: host.context().messages().filter((m) => !platform || m.platform === platform) });
      },
    },
    {
      // The mailbox as JSON: every message, newest last; ?to= keeps those for one address.
      method: "GET",
      host: H,
      path: "/mail.json",
      handler: (req) => json({ data: mailFor(host, req.query.get("to")) }),
    },
    {
      // The mailbox as a page: newest first, each message's subject, recipients, text and links.
      method: "GET",
      host: H,
      path: "/mail",
      handler: (req) => html(mailPage(mailFor(host, req.query.get("to")).reverse(), req.query.get("to"))),
    },
    { method: "GET", host: H, path: "/clock", handler: () => clockBody(host) },
    {
      method: "POST",
      host: H,
      path: "/clock",
      handler: (req) => {
        const b = body(req);
        const ms = Number(b.advanceMs ?? 0) + Number(b.advanceSeconds ?? 0) * 1000 + Number(b.advanceDays ?? 0) * 86_400_000;
        if (!Number.isFinite(ms) || ms < 0) return json({ error: "advanceMs must be a non-negative number" }, 400);
        host.context().clock.advance(ms);
        return clockBody(host);
      },
    },
    { method: "GET", host: H, path: "/knobs", handler: () => json(host.getKnobs()) },
    {
      method: "POST",
      host: H,
      path: "/knobs",
      handler: (req) => {
        const b = body(req);
        const next: Partial<KnobSettings> = parseKnobs(b);
        if (b.overrides && typeof b.overrides === "object") {
          next.overrides = Object.fromEntries(
            Object.entries(b.overrides as Record<string, Record<string, unknown>>).map(([k, v]) => [k, parseKnobs(v ?? {})]),
          );
        }
        host.setKnobs(next);
        return json(host.getKnobs());
      },
    },
    {
      method: "POST",
      host: H,
      path: "/tokens/revoke",
      handler: (req) => {
        const b = body(req);
        const oauth = host.context().oauth;
        const revoked = oauth.revokeWhere((t) => {
          const match =
            (b.token === undefined || t.token === b.token) &&
            (b.provider === undefined || t.provider === b.provider) &&
            (b.userId === undefined || t.userId === String(b.userId));
          // "password_changed" lets Meta answer 190/460 instead of 190/458 (app removed).
          if (match && b.reason === "password_changed") t.extra.invalidated = true;
          return match;
        });
        return json({ revoked });
      },
    },
    {
      method: "GET",
      host: H,
      path: "/apps",
      handler: () => json({ data: host.context().oauth.listApps().map(({ clientSecret: _s, ...a }) => a) }),
    },
    {
      method: "GET",
      host: H,
      path: "/users",
      handler: () => json({ data: Object.fromEntries(host.modules.map((m) => [m.name, m.users?.() ?? []])) }),
    },
    {
      method: "GET",
      host: H,
      path: "/avatar/:file",
      handler: (req) => {
        const seed = req.params.file!.replace(/\.svg$/, "");
        return new Response(avatarSvg(seed, req.query.get("label") ?? undefined), {
          headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
        });
      },
    },
    {
      method: "GET",
      host: H,
      path: "/media/:file",
      handler: (req) => {
        const m = sampleMedia(req.params.file!);
        if (!m) return json({ error: "not_found" }, 404);
        return new Response(new Uint8Array(m.bytes), { headers: { "content-type": m.type, "content-length": String(m.bytes.length) } });
      },
    },
  ];
}

function clockBody(host: ControlHost): Response {
  const now = host.context().clock.now();
  return json({ now, iso: new Date(now).toISOString(), offsetMs: now - Date.now() });
}

function mailFor(host: ControlHost, to: string | null): MailMessage[] {
  const want = to?.trim().toLowerCase();
  return host
    .context()
    .mailbox()
    .filter((m) => !want || m.envelope.to.some((t) => t.toLowerCase() === want));
}

function mailPage(messages: MailMessage[], to: string | null): string {
  const items = messages
    .map(
      (m) => `<article data-testid="mail" style="border:1px solid #e4e4e7;border-radius:10px;padding:16px;margin:0 0 16px;background:#fff">
  <h2 style="font-size:16px;margin:0 0 6px">${escapeHtml(m.subject || "(no subject)")}</h2>
  <p style="margin:0 0 10px;color:#52525b;font-size:13px">To ${escapeHtml(m.envelope.to.join(", "))} · from ${escapeHtml(m.from)} · ${escapeHtml(m.receivedAt)}</p>
  <pre style="white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace;margin:0 0 10px">${escapeHtml(m.text ?? "(no text part)")}</pre>
  ${m.links.map((l) => `<a href="${escapeHtml(l)}" style="display:block;font-size:13px">${escapeHtml(l)}</a>`).join("")}
</article>`,
    )
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sandbox mailbox</title></head>
<body style="font-family:system-ui,sans-serif;background:#f4f4f5;margin:0;padding:24px"><main style="max-width:760px;margin:0 auto">
<h1 style="font-size:20px">Mailbox${to ? ` for ${escapeHtml(to)}` : ""}</h1>
<p style="color:#52525b;font-size:14px">Every email the app sent to the sandbox's SMTP server, newest first (<a href="/__sandbox/mail.json">JSON</a>). Reset clears it.</p>
${items || '<p data-testid="mail-empty">No email yet.</p>'}
</main></body></html>`;
}
