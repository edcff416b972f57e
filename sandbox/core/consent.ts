/**
 * The consent dialog every provider module renders: which sandbox user is signing in, the app,
 * the scopes asked, optional asset checkboxes (Meta Pages, businesses…), Allow and Cancel.
 * Real HTML with inline CSS and no external assets, so it works offline and in Playwright.
 */
import { escapeHtml as e, html } from "./http";

export interface Brand {
  /** Provider name shown in the header, e.g. "Facebook". */
  name: string;
  /** Accent colour for the header and the primary button. */
  color: string;
}

export interface ConsentUser {
  id: string;
  name: string;
  /** Second line, e.g. "@handle" or "3 Pages". */
  detail?: string;
  avatarUrl?: string;
}

export interface ConsentAssetGroup {
  /** Form field the checked ids are posted as (repeated), e.g. "page_ids". */
  field: string;
  title: string;
  /** Shown when the group is empty. */
  emptyText?: string;
  items: Array<{ id: string; name: string; detail?: string; avatarUrl?: string; checked?: boolean }>;
}

export interface ConsentPage {
  brand: Brand;
  appName: string;
  /** `declinable` scopes render as ticked checkboxes (field `granted_scope`) the person may untick. */
  scopes: Array<{ name: string; description?: string; declinable?: boolean }>;
  users: ConsentUser[];
  selectedUserId: string;
  assets?: ConsentAssetGroup[];
  /** Where Allow/Cancel POST to (the dialog URL itself), and the fields to carry along. */
  action: string;
  hidden: Record<string, string>;
  /** GET target to switch user: the dialog URL; `hidden` + `sandbox_user` are sent. */
  switchAction: string;
  /** Extra note under the title (e.g. "Instagram professional accounts only"). */
  note?: string;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;background:#f0f2f5;color:#1c1e21}
.top{height:56px;display:flex;align-items:center;gap:10px;padding:0 24px;color:#fff;font-weight:700;font-size:20px}
.top small{font-weight:500;font-size:12px;opacity:.85;border:1px solid rgba(255,255,255,.6);border-radius:999px;padding:1px 8px}
.card{max-width:520px;margin:32px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px}
h1{font-size:21px;margin:0 0 6px}p{margin:0 0 12px;color:#4b4f56}.muted{color:#65676b;font-size:13px}
.sec{margin:20px 0 0}.sec h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#65676b;margin:0 0 8px}
.row{display:flex;align-items:center;gap:12px;padding:9px 10px;border:1px solid #e4e6eb;border-radius:10px;margin:6px 0;cursor:pointer}
.row:hover{background:#f7f8fa}.row img{width:36px;height:36px;border-radius:50%;flex:none}.row .t{flex:1;min-width:0}
.row .n{font-weight:600}.row .d{font-size:13px;color:#65676b}.row input{width:18px;height:18px;flex:none}
.scopes{margin:0;padding-left:18px}.scopes li{margin:4px 0}.scopes li:has(input){list-style:none;margin-left:-18px}.scopes label{cursor:pointer}.scopes code{background:#f0f2f5;border-radius:4px;padding:1px 5px;font-size:13px}
.list{max-height:320px;overflow:auto}
.actions{display:flex;gap:10px;justify-content:flex-end;margin-top:24px}
button{font:inherit;font-weight:600;border-radius:8px;padding:9px 20px;border:0;cursor:pointer}
.secondary{background:#e4e6eb;color:#1c1e21}.primary{color:#fff}
.err{border-left:4px solid #d93025;padding:4px 0 4px 14px}
footer{text-align:center;font-size:12px;color:#8a8d91;margin:0 0 32px}
`;

/** A complete HTML document in the sandbox look, with a provider-coloured top bar. */
export function page(title: string, brand: Brand, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head><body>
<div class="top" style="background:${e(brand.color)}">${e(brand.name)} <small>sandbox</small></div>
${body}
<footer>Switchboard provider sandbox — nothing here reaches ${e(brand.name)}.</footer></body></html>`;
}

function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join("");
}

function avatar(url?: string): string {
  return url ? `<img src="${e(url)}" alt="">` : "";
}

/** The consent dialog. */
export function renderConsent(p: ConsentPage): Response {
  const users = p.users
    .map(
      (u) => `<label class="row"><input type="radio" name="sandbox_user" value="${e(u.id)}" ${u.id === p.selectedUserId ? "checked" : ""}
onchange="this.form.submit()">${avatar(u.avatarUrl)}<span class="t"><span class="n">${e(u.name)}</span>${
        u.detail ? `<br><span class="d">${e(u.detail)}</span>` : ""
      }</span></label>`,
    )
    .join("");
  const scopes = p.scopes
    .map((s) => {
      const text = `<code>${e(s.name)}</code>${s.description ? ` — ${e(s.description)}` : ""}`;
      return s.declinable
        ? `<li><label><input type="checkbox" name="granted_scope" value="${e(s.name)}" checked> ${text}</label></li>`
        : `<li>${text}</li>`;
    })
    .join("");
  const assets = (p.assets ?? [])
    .map(
      (g) => `<div class="sec"><h2>${e(g.title)}</h2>${
        g.items.length === 0
          ? `<p class="muted">${e(g.emptyText ?? "None")}</p>`
          : `<div class="list">${g.items
              .map(
                (i) => `<label class="row"><input type="checkbox" name="${e(g.field)}" value="${e(i.id)}" ${i.checked === false ? "" : "checked"}>${avatar(
                  i.avatarUrl,
                )}<span class="t"><span class="n">${e(i.name)}</span>${i.detail ? `<br><span class="d">${e(i.detail)}</span>` : ""}</span></label>`,
              )
              .join("")}</div>`
      }</div>`,
    )
    .join("");
  const body = `<main class="card">
<h1>${e(p.appName)} is requesting access</h1>
<p>Log in to ${e(p.appName)} with your ${e(p.brand.name)} account.${p.note ? " " + e(p.note) : ""}</p>
<form method="get" action="${e(p.switchAction)}" class="sec" id="switch-user"><h2>Continue as</h2>${hiddenInputs(p.hidden)}${users}
<noscript><button class="secondary" type="submit">Switch account</button></noscript></form>
<form method="post" action="${e(p.action)}" id="consent">${hiddenInputs({ ...p.hidden, sandbox_user: p.selectedUserId })}
<div class="sec"><h2>${e(p.appName)} will be able to</h2><ul class="scopes">${scopes || "<li>Know who you are</li>"}</ul>${
    p.scopes.some((s) => s.declinable) ? `<input type="hidden" name="scope_choice" value="1">` : ""
  }</div>
${assets}
<div class="actions"><button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
<button class="primary" style="background:${e(p.brand.color)}" type="submit" name="decision" value="allow">Allow</button></div>
</form></main>`;
  return html(page(`${p.brand.name} — ${p.appName}`, p.brand, body));
}

/** The error page a provider shows instead of redirecting (unknown client_id, redirect_uri mismatch…). */
export function renderErrorPage(brand: Brand, title: string, message: string, status = 400): Response {
  const body = `<main class="card"><div class="err"><h1>${e(title)}</h1><p>${e(message)}</p></div>
<p class="muted">The app that sent you here is misconfigured. No redirect was made.</p></main>`;
  return html(page(`${brand.name} — ${title}`, brand, body), status);
}
