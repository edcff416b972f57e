import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHttpClient, HttpError } from "@/lib/http";
import { providerJson, providerRequest } from "./call";
import { PLATFORMS, providers, type Platform } from "./index";
import type { ProviderErrorKind } from "./types";
import { z } from "zod";

/**
 * Every provider call goes through one wrapper (lib/providers/call.ts): a non-2xx answer becomes
 * the provider's own `parseError`, no answer becomes `transient`. Publishing retries `transient`
 * and `rate_limit`, asks for a reconnect on `auth` and stops on the rest — so for every platform
 * its documented error bodies (../shared/providers/REFERENCE.md) must land on the right kind.
 */

interface Case {
  why: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  kind: ProviderErrorKind;
  providerCode?: string;
  retryAfterSeconds?: number;
}

const graphError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `Graph error ${code}`, type: "OAuthException", code, fbtrace_id: "AbC", ...extra },
});

/** Meta Graph errors (Facebook Login: Pages, Instagram via Pages). */
const GRAPH: Case[] = [
  { why: "190 invalid or expired token", status: 400, body: graphError(190, { error_subcode: 463 }), kind: "auth", providerCode: "190/463" },
  { why: "10 permission denied", status: 403, body: graphError(10), kind: "permission", providerCode: "10" },
  { why: "200 permission error", status: 403, body: graphError(200), kind: "permission" },
  { why: "4 app throttled", status: 400, body: graphError(4), kind: "rate_limit" },
  { why: "17 user throttled", status: 400, body: graphError(17), kind: "rate_limit" },
  { why: "32 Pages throttled", status: 400, body: graphError(32), kind: "rate_limit" },
  { why: "613 custom throttle", status: 400, body: graphError(613), kind: "rate_limit" },
  {
    why: "80001 Pages business use case, waiting what X-Business-Use-Case-Usage says",
    status: 400,
    body: graphError(80001),
    headers: { "x-business-use-case-usage": JSON.stringify({ "123": [{ type: "pages", call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 7 }] }) },
    kind: "rate_limit",
    retryAfterSeconds: 420,
  },
  { why: "2 temporary service error", status: 500, body: graphError(2), kind: "transient" },
  { why: "100 invalid parameter", status: 400, body: graphError(100), kind: "invalid_input" },
  { why: "an HTML 503 from a proxy", status: 503, body: "<html>Service Unavailable</html>", kind: "transient" },
];

const DOCUMENTED: Record<Platform, Case[]> = {
  facebook: GRAPH,
  instagram: GRAPH,
  instagram_login: [
    { why: "Graph 190 on graph.instagram.com", status: 400, body: graphError(190), kind: "auth", providerCode: "190" },
    { why: "Graph 10 permission", status: 403, body: graphError(10), kind: "permission" },
    { why: "Graph 4 throttled", status: 400, body: graphError(4), kind: "rate_limit" },
    {
      why: "an OAuth error_type body for a used code",
      status: 400,
      body: { error_type: "OAuthException", code: 400, error_message: "This authorization code has been used" },
      kind: "auth",
      providerCode: "code_used",
    },
    { why: "a 500 OAuth error body", status: 500, body: { error_type: "OAuthException", code: 500, error_message: "Unknown error" }, kind: "transient" },
  ],
  threads: [
    { why: "190 invalid token", status: 400, body: graphError(190), kind: "auth", providerCode: "190" },
    { why: "4 throttled", status: 400, body: graphError(4), kind: "rate_limit" },
    { why: "10 permission", status: 403, body: graphError(10), kind: "permission" },
    { why: "2 temporary", status: 500, body: graphError(2), kind: "transient" },
    { why: "100 invalid parameter (text too long)", status: 400, body: graphError(100), kind: "invalid_input" },
  ],
  x: [
    { why: "a 401 Problem", status: 401, body: { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, kind: "auth" },
    {
      why: "a 403 Problem (not permitted)",
      status: 403,
      body: { title: "Forbidden", type: "about:blank", status: 403, detail: "You are not permitted to perform this action." },
      kind: "permission",
    },
    {
      why: "a 429 with x-rate-limit-reset",
      status: 429,
      body: { title: "Too Many Requests", type: "about:blank", status: 429, detail: "Too Many Requests" },
      headers: { "x-rate-limit-limit": "17", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 600) },
      kind: "rate_limit",
    },
    {
      why: "a 400 with errors[] (invalid request)",
      status: 400,
      body: { errors: [{ message: "text is too long" }], title: "Invalid Request", type: "https://api.twitter.com/2/problems/invalid-request" },
      kind: "invalid_input",
    },
    { why: "a 503", status: 503, body: { title: "Service Unavailable", status: 503 }, kind: "transient" },
  ],
  linkedin: [
    { why: "401 INVALID_ACCESS_TOKEN", status: 401, body: { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" }, kind: "auth" },
    { why: "OAuth invalid_grant", status: 400, body: { error: "invalid_grant", error_description: "The provided authorization grant is invalid" }, kind: "auth" },
    {
      why: "403 ACCESS_DENIED (no Community Management approval)",
      status: 403,
      body: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: organizationAcls" },
      kind: "permission",
      providerCode: "ACCESS_DENIED",
    },
    { why: "429 with Retry-After", status: 429, body: { status: 429, message: "Resource level throttle" }, headers: { "retry-after": "30" }, kind: "rate_limit", retryAfterSeconds: 30 },
    { why: "426 NONEXISTENT_VERSION", status: 426, body: { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 202301 is not active" }, kind: "invalid_input" },
    { why: "a 500", status: 500, body: { status: 500, message: "Internal Server Error" }, kind: "transient" },
  ],
  telegram: [
    { why: "401 bad token", status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" }, kind: "auth", providerCode: "401" },
    { why: "403 bot not admin", status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot is not a member of the channel chat" }, kind: "permission" },
    {
      why: "429 with retry_after",
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 35", parameters: { retry_after: 35 } },
      kind: "rate_limit",
      retryAfterSeconds: 35,
    },
    { why: "400 chat not found", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" }, kind: "invalid_input" },
    { why: "a 502", status: 502, body: { ok: false, error_code: 502, description: "Bad Gateway" }, kind: "transient" },
  ],
};

/** A client whose every request gets this one answer (no real wait between retries). */
function answering(c: Pick<Case, "status" | "body" | "headers">) {
  return createHttpClient({
    sleep: async () => {},
    fetch: async () =>
      new Response(typeof c.body === "string" ? c.body : JSON.stringify(c.body), {
        status: c.status,
        headers: { "content-type": typeof c.body === "string" ? "text/html" : "application/json", ...c.headers },
      }),
  });
}

describe("each provider's documented error bodies become the right ProviderError kind", () => {
  it("every registered platform has its documented errors listed here", () => {
    expect(Object.keys(DOCUMENTED).sort()).toEqual([...PLATFORMS].sort());
  });

  for (const platform of PLATFORMS) {
    for (const c of DOCUMENTED[platform]) {
      it(`${platform}: ${c.why} → ${c.kind}`, async () => {
        const err = await providerRequest(providers[platform].parseError, "https://api.example.test/call", { client: answering(c), retry: false }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ name: "ProviderError", kind: c.kind, status: c.status, noAnswer: false });
        if (c.providerCode) expect(err).toMatchObject({ providerCode: c.providerCode });
        if (c.retryAfterSeconds !== undefined) expect(err).toMatchObject({ retryAfterSeconds: c.retryAfterSeconds });
        // The request rides along for the logs.
        expect((err as Error).cause).toBeInstanceOf(HttpError);
      });
    }
  }
});

describe("the provider-call wrapper", () => {
  const parseError = providers.x.parseError;

  it("a refused connection is transient with noAnswer (never a raw HttpError)", async () => {
    const client = createHttpClient({
      sleep: async () => {},
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      },
    });
    await expect(providerRequest(parseError, "https://api.x.com/2/users/me", { client })).rejects.toMatchObject({ name: "ProviderError", kind: "transient", noAnswer: true });
  });

  it("a timeout is transient with noAnswer: a write may have reached the provider", async () => {
    const client = createHttpClient({
      sleep: async () => {},
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))),
    });
    const err = await providerRequest(parseError, "https://api.x.com/2/tweets", { client, method: "POST", json: { text: "hi" }, timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "ProviderError", kind: "transient", noAnswer: true, message: "no answer in time" });
  });

  it("a 2xx we cannot read is transient with noAnswer, never a parsed half-answer", async () => {
    const client = answering({ status: 200, body: { data: { nope: true } } });
    await expect(providerJson(parseError, "https://api.x.com/2/tweets", z.object({ data: z.object({ id: z.string() }) }), { client })).rejects.toMatchObject({
      name: "ProviderError",
      kind: "transient",
      noAnswer: true,
    });
  });

  it("a 2xx answer is returned parsed", async () => {
    const client = answering({ status: 201, body: { data: { id: "1" } } });
    expect(await providerJson(parseError, "https://api.x.com/2/tweets", z.object({ data: z.object({ id: z.string() }) }), { client })).toEqual({ data: { id: "1" } });
  });
});

describe("providers call their APIs one way", () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
    });
  }
  const files = sources(join(process.cwd(), "lib/providers"));

  it("only the wrapper sends requests: no provider file imports the HTTP client's senders", () => {
    const offenders = files.filter((f) => !f.endsWith("call.ts") && /import \{[^}]*\b(http|httpRequest|httpJson)\b[^}]*\} from "@\/lib\/http"/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("providers import the OAuth engine for types only", () => {
    const offenders = files.filter((f) => /^import (?!type )[^;]*from "@\/lib\/oauth/m.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
