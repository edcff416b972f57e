import { CALLBACK_HEADERS } from "./engine";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * The one page an OAuth start or callback answers when it cannot redirect (a refusal with its
 * status: 403, 410, 429, 503…): a title, what to do, and optionally a link back. Everything else
 * is a 303 to the screen that words the failure. No-store and no-referrer like every callback answer (O7).
 */
export function noticePage(
  status: number,
  text: { title: string; message: string },
  options: { back?: { href: string; label: string }; headers?: Record<string, string> } = {},
): Response {
  const back = options.back ? `<p><a href="${escapeHtml(options.back.href)}">${escapeHtml(options.back.label)}</a></p>` : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(text.title)} · Switchboard</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>body{font-family:system-ui,sans-serif;background:#fafafa;color:#18181b;display:grid;place-items:center;min-height:100vh;margin:0}main{max-width:28rem;background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:24px}a{color:#4f46e5}</style></head>
<body><main><h1 style="font-size:18px">${escapeHtml(text.title)}</h1><p>${escapeHtml(text.message)}</p>${back}</main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", ...CALLBACK_HEADERS, ...options.headers } });
}
