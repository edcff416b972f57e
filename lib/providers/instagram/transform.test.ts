import { describe, expect, it } from "vitest";
import type { FacebookPage } from "@/lib/providers/facebook/transform";
import { instagramAccountsFromPages } from "./transform";

const page = (id: string, ig?: string): FacebookPage => ({
  id,
  name: `Page ${id}`,
  pictureUrl: null,
  accessToken: `EAA${id}`,
  instagram: ig ? { id: ig, username: `user${ig}`, pictureUrl: `https://img/${ig}.png` } : null,
});

describe("Instagram accounts through Facebook Pages", () => {
  it("each linked account publishes with its Page's token; Pages without Instagram are skipped", () => {
    const r = instagramAccountsFromPages([page("1", "9"), page("2")], ["instagram_basic"]);
    expect(r.ok && r.accounts).toEqual([
      expect.objectContaining({ providerAccountId: "9", handle: "user9", displayName: "@user9", selectedPageId: "1", accessToken: "EAA1", postTargetType: "instagram_account" }),
    ]);
  });

  it("Pages but none with Instagram is page_without_instagram; no Pages is no_pages", () => {
    expect(instagramAccountsFromPages([page("1"), page("2")], [])).toEqual({ ok: false, code: "page_without_instagram" });
    expect(instagramAccountsFromPages([], [])).toEqual({ ok: false, code: "no_pages" });
  });
});
