import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHttpClient } from "@/lib/http";
import { appsecretProof, nextPageUrl } from "./graph";
import { listPagesAndPermissions, PAGE_FIELDS } from "./pages";

const creds = { clientId: "100000000000001", clientSecret: "app-secret" };

/**
 * A fake Graph that serves me/accounts in pages of `size` (the first through a batch with
 * me/permissions, as Graph answers one) and records every request.
 */
function fakeGraph(total: number, size: number, granted = ["public_profile", "pages_show_list"]) {
  const seen: Request[] = [];
  const batches: Array<Array<{ method: string; relative_url: string }>> = [];
  const accounts = (url: URL) => {
      const start = Number(url.searchParams.get("after") ?? 0);
      const data = Array.from({ length: Math.min(size, total - start) }, (_, i) => ({
        id: String(1000 + start + i),
        name: `Page ${start + i}`,
        access_token: `EAApage${start + i}`,
      }));
      const next = start + size < total ? `https://graph.facebook.com/v24.0/me/accounts?access_token=EAAuser&limit=${size}&after=${start + size}` : undefined;
      return { data, paging: { cursors: { after: "x" }, ...(next ? { next } : {}) } };
  };
  const client = createHttpClient({
    sleep: async () => {},
    fetch: async (input, init) => {
      const req = new Request(input as string, init);
      seen.push(req);
      const url = new URL(req.url);
      if (req.method === "POST" && url.pathname === "/") {
        const ops = JSON.parse(new URLSearchParams(await req.clone().text()).get("batch")!) as Array<{ method: string; relative_url: string }>;
        batches.push(ops);
        return Response.json(
          ops.map((op) => {
            const u = new URL(`https://graph.facebook.com/${op.relative_url}`);
            const body = u.pathname.endsWith("/me")
              ? { id: "7001" }
              : u.pathname.endsWith("/me/permissions")
              ? { data: [...granted.map((permission) => ({ permission, status: "granted" })), { permission: "pages_manage_posts", status: "declined" }] }
              : accounts(u);
            return { code: 200, body: JSON.stringify(body) };
          }),
        );
      }
      return Response.json(accounts(url));
    },
  });
  return { client, seen, batches };
}

describe("the Graph client", () => {
  it("lists every Page in one field-expanded call per 100, following paging.next — never a call per Page", async () => {
    const { client, seen, batches } = fakeGraph(230, 100);
    const { pages, granted, facebookUserId } = await listPagesAndPermissions("EAAuser", creds, client);
    expect(pages).toHaveLength(230);
    expect(new Set(pages.map((p) => p.id)).size).toBe(230);
    expect(seen).toHaveLength(3);
    // The first request is one batch: the granted permissions and the first 100 Pages.
    expect(batches).toHaveLength(1);
    const first = new URL(`https://graph.facebook.com/${batches[0]![1]!.relative_url}`);
    expect(first.pathname).toBe("/v24.0/me/accounts");
    expect(first.searchParams.get("fields")).toBe(PAGE_FIELDS);
    expect(first.searchParams.get("limit")).toBe("100");
    expect(granted).toEqual(["public_profile", "pages_show_list"]);
    // …and who the user is, in the same batch (kept on the connections for "Remove Switchboard from Facebook").
    expect(batches[0]![2]!.relative_url).toBe("v24.0/me?fields=id");
    expect(facebookUserId).toBe("7001");
  });

  it("sends the token in the Authorization header with appsecret_proof, never in the URL (S6)", async () => {
    const { client, seen } = fakeGraph(150, 100);
    await listPagesAndPermissions("EAAuser", creds, client);
    const proof = createHmac("sha256", "app-secret").update("EAAuser").digest("hex");
    expect(appsecretProof("EAAuser", "app-secret")).toBe(proof);
    for (const req of seen) {
      expect(req.headers.get("authorization")).toBe("Bearer EAAuser");
      const url = new URL(req.url);
      expect(url.searchParams.get("appsecret_proof")).toBe(proof);
      expect(url.searchParams.has("access_token")).toBe(false);
    }
  });

  it("follows only https Graph links, without the access_token Meta embeds in them", () => {
    expect(nextPageUrl("https://graph.facebook.com/v24.0/me/accounts?access_token=EAAx&after=abc&limit=100")).toBe(
      "https://graph.facebook.com/v24.0/me/accounts?after=abc&limit=100",
    );
    expect(nextPageUrl("https://evil.example/v24.0/me/accounts?after=abc")).toBeUndefined();
    expect(nextPageUrl("http://graph.facebook.com/v24.0/me/accounts")).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });

  it("a Graph error becomes a ProviderError by Meta's code", async () => {
    const client = createHttpClient({
      sleep: async () => {},
      fetch: async () => Response.json({ error: { message: "Error validating access token", code: 190, error_subcode: 463 } }, { status: 400 }),
    });
    await expect(listPagesAndPermissions("EAAdead", creds, client)).rejects.toMatchObject({ name: "ProviderError", kind: "auth", providerCode: "190/463" });
  });

  it("an error inside the batch (a part's own status) becomes the same ProviderError", async () => {
    const client = createHttpClient({
      sleep: async () => {},
      fetch: async () =>
        Response.json([
          { code: 400, body: JSON.stringify({ error: { message: "Error validating access token", code: 190, error_subcode: 460 } }) },
          { code: 400, body: JSON.stringify({ error: { message: "Error validating access token", code: 190, error_subcode: 460 } }) },
        ]),
    });
    await expect(listPagesAndPermissions("EAAdead", creds, client)).rejects.toMatchObject({ name: "ProviderError", kind: "auth", providerCode: "190/460" });
  });
});
