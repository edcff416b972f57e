/** `GET /`: what the sandbox emulates and the users to sign in as, per provider. */
import { page } from "./consent";
import { escapeHtml as e, html } from "./http";
import type { SandboxModule } from "./types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function indexPage(modules: SandboxModule<any>[], sandboxUrl: string): Response {
  const sections = modules
    .map((m) => {
      const hosts = [...new Set(m.routes.flatMap((r) => (Array.isArray(r.host) ? r.host : [r.host])))];
      const users = m.users?.() ?? [];
      const rows = users
        .map((u) => `<tr><td>${e(u.name)}</td><td><code>${e(u.id)}</code></td><td>${e(u.username ?? "")}</td><td>${e(u.scenario)}</td></tr>`)
        .join("");
      return `<div class="sec"><h2>${e(m.name)}</h2><p class="muted">${hosts.map((h) => `<code>${e(h)}</code>`).join(" ")}</p>
${users.length ? `<table><thead><tr><th>Name</th><th>Id</th><th>Username</th><th>Scenario</th></tr></thead><tbody>${rows}</tbody></table>` : ""}</div>`;
    })
    .join("");
  const control = ["stats", "posts", "messages", "mail", "clock", "knobs", "subscriptions", "apps", "users"]
    .map((p) => `<a href="${e(sandboxUrl)}/__sandbox/${p}">${p}</a>`)
    .join(" · ");
  const body = `<main class="card" style="max-width:960px"><h1>Provider sandbox</h1>
<p>A request for <code>https://HOST/PATH?Q</code> is served at <code>${e(sandboxUrl)}/HOST/PATH?Q</code>.</p>
<p class="muted">Control API: ${control}</p>${sections}</main>
<style>table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e6eb}th{color:#65676b;font-weight:600}</style>`;
  return html(page("Switchboard provider sandbox", { name: "Switchboard", color: "#111827" }, body));
}
