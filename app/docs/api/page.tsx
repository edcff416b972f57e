import type { Metadata } from "next";
import Link from "next/link";
import { describeEntities } from "@/lib/connectors/entities";
import { openApiDocument } from "@/lib/connectors/openapi";

export const metadata: Metadata = { title: "API reference · Switchboard" };

type JsonSchema = { type?: string | string[]; enum?: unknown[]; const?: unknown; description?: string; properties?: Record<string, JsonSchema>; required?: string[]; anyOf?: JsonSchema[]; items?: JsonSchema; default?: unknown };

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(" | ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (s.type === "object" && s.properties) return `{ ${Object.keys(s.properties).join(", ")} }`;
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
}

const ERRORS: Array<[string, number, string]> = [
  ["unauthorized", 401, "No API key, or an unknown or revoked one."],
  ["validation_failed", 400, "Malformed JSON or invalid fields; details name each field path."],
  ["forbidden", 403, "An ad account outside the connector's account_ids, or a write that is not allowed."],
  ["not_found", 404, "No such connector in the key's organization (another organization's is 404 too)."],
  ["rate_limited", 429, "The key's own limit; wait Retry-After seconds."],
  ["provider_auth_failed", 422, "Meta refused the token (invalid, expired, or missing ads_read / ads_management)."],
  ["provider_rate_limited", 429, "Meta is throttling; details.retry_after and Retry-After say how long."],
  ["provider_error", 502, "Meta failed otherwise."],
];

/** The connector API's reference, from the same schemas that validate requests. */
export default function ApiReferencePage() {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { summary?: string }>> };
  const entities = describeEntities();
  return (
    <main className="mx-auto max-w-4xl space-y-10 px-6 py-10 text-sm leading-6 text-zinc-800">
      <header className="space-y-2">
        <p className="text-xs font-medium uppercase tracking-wide text-brand-600">Switchboard</p>
        <h1 className="text-2xl font-semibold text-zinc-900">Connector API reference</h1>
        <p>
          Facebook-Marketing connectors for programs and AI agents, with the request and response shapes of Airbyte&apos;s hosted agent-connector API. Create an API key in{" "}
          <Link className="text-brand-600 hover:underline" href="/settings/tab/api-keys">
            Settings → API keys
          </Link>{" "}
          and send it as <code>Authorization: Bearer sk_live_…</code>. Machine-readable: <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Agents: MCP at <code>POST /api/mcp</code> with the tools <code>list_connectors</code>, <code>describe_entities</code> and <code>execute</code>.
        </p>
      </header>

      <section className="space-y-3" aria-labelledby="endpoints">
        <h2 id="endpoints" className="text-lg font-semibold text-zinc-900">Endpoints</h2>
        <table className="w-full text-left">
          <tbody className="divide-y divide-zinc-100">
            {Object.entries(doc.paths).flatMap(([path, item]) =>
              Object.entries(item)
                .filter(([m]) => m !== "parameters")
                .map(([method, op]) => (
                  <tr key={`${method} ${path}`}>
                    <td className="py-2 pr-3 font-mono text-xs font-semibold uppercase">{method}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{path}</td>
                    <td className="py-2">{op.summary}</td>
                  </tr>
                )),
            )}
          </tbody>
        </table>
      </section>

      <section className="space-y-4" aria-labelledby="entities">
        <h2 id="entities" className="text-lg font-semibold text-zinc-900">Execute: entities and actions</h2>
        <p>
          <code>POST /api/v1/integrations/connectors/{"{id}"}/execute</code> with <code>{"{entity, action, params}"}</code> answers <code>{"{data, next_cursor}"}</code>; pass <code>next_cursor</code> back as <code>params.after</code>. Only the connector&apos;s account_ids are reachable; writes need <code>allow_writes: true</code> and the <code>ads_management</code> permission, and each is recorded.
        </p>
        {entities.map((e) => (
          <div key={e.entity} className="rounded-lg border border-zinc-200 p-4" id={`entity-${e.entity}`}>
            <h3 className="font-mono font-semibold text-zinc-900">{e.entity}</h3>
            <p className="text-zinc-600">{e.description}</p>
            {e.actions.map((a) => {
              const params = a.params as JsonSchema;
              const required = new Set(params.required ?? []);
              return (
                <div key={a.action} className="mt-3">
                  <p>
                    <span className="font-mono font-semibold">{a.action}</span>
                    {a.write ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-800">write</span> : null} — {a.description}
                  </p>
                  <ul className="mt-1 list-disc pl-5 text-zinc-700">
                    {Object.entries(params.properties ?? {}).map(([name, p]) => (
                      <li key={name}>
                        <code>{name}</code>
                        {required.has(name) ? <strong className="ml-1 text-xs">required</strong> : null} <span className="text-xs text-zinc-500">{typeOf(p)}</span>
                        {p.description ? <span className="text-zinc-600"> — {p.description}</span> : null}
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        ))}
      </section>

      <section className="space-y-3" aria-labelledby="errors">
        <h2 id="errors" className="text-lg font-semibold text-zinc-900">Errors</h2>
        <p>
          Every error is <code>{"{error: {code, message, details?}}"}</code>.
        </p>
        <table className="w-full text-left">
          <tbody className="divide-y divide-zinc-100">
            {ERRORS.map(([code, status, meaning]) => (
              <tr key={code}>
                <td className="py-2 pr-3 font-mono text-xs">{code}</td>
                <td className="py-2 pr-3">{status}</td>
                <td className="py-2">{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
