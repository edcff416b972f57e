import { describe, expect, it } from "vitest";
import { ZGraphPageList } from "./schema";
import { pageToConnectable, parseGraphError, toFacebookPages } from "./transform";

const listing = ZGraphPageList.parse({
  data: [
    {
      id: "1",
      name: "Maya's Bakery",
      access_token: "EAApage1",
      picture: { data: { url: "https://img/1.png", width: 50 } },
      instagram_business_account: { id: "17841", username: "mayasbakery", profile_picture_url: "https://img/ig.png" },
    },
    { id: "2", name: "No Instagram", access_token: "EAApage2" },
    { id: "3", name: "No role", picture: { data: { url: "https://img/3.png" } } },
    { id: "1", name: "Maya's Bakery again", access_token: "EAApage1" },
  ],
  paging: { cursors: { before: "a", after: "b" } },
});

describe("Facebook Pages from me/accounts", () => {
  it("keeps each Page once with its picture, token and linked Instagram account", () => {
    const pages = toFacebookPages(listing.data);
    expect(pages.map((p) => p.id)).toEqual(["1", "2"]);
    expect(pages[0]).toEqual({
      id: "1",
      name: "Maya's Bakery",
      pictureUrl: "https://img/1.png",
      accessToken: "EAApage1",
      instagram: { id: "17841", username: "mayasbakery", pictureUrl: "https://img/ig.png" },
    });
    expect(pages[1]?.instagram).toBeNull();
  });

  it("a Page becomes a page connection holding its non-expiring Page token", () => {
    const [page] = toFacebookPages(listing.data);
    const account = pageToConnectable(page!, ["pages_show_list"]);
    expect(account).toMatchObject({ providerAccountId: "1", displayName: "Maya's Bakery", postTargetType: "page", selectedPageId: "1", accessToken: "EAApage1", tokenExpiresAt: null });
  });
});

describe("Graph errors", () => {
  const err = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `(#${code}) boom`, type: "OAuthException", code, ...extra } });

  it("190 means the token is dead: reconnect", () => {
    const e = parseGraphError(400, err(190, { error_subcode: 463 }));
    expect(e.kind).toBe("auth");
    expect(e.providerCode).toBe("190/463");
  });

  it("10 and 200–299 are missing permissions", () => {
    expect(parseGraphError(403, err(10)).kind).toBe("permission");
    expect(parseGraphError(403, err(200)).kind).toBe("permission");
    expect(parseGraphError(403, err(299)).kind).toBe("permission");
  });

  it("throttling codes are rate limits with the wait from the usage headers", () => {
    for (const code of [4, 17, 32, 613, 80001, 80014]) expect(parseGraphError(400, err(code)).kind).toBe("rate_limit");
    const headers = new Headers({
      "x-business-use-case-usage": JSON.stringify({ "123": [{ type: "pages", call_count: 100, estimated_time_to_regain_access: 7 }] }),
    });
    expect(parseGraphError(400, err(32), headers).retryAfterSeconds).toBe(420);
  });

  it("1 and 2 are transient, 100 is bad input, and an unreadable 5xx is transient", () => {
    expect(parseGraphError(500, err(2, { is_transient: true })).kind).toBe("transient");
    expect(parseGraphError(500, err(1)).kind).toBe("transient");
    expect(parseGraphError(400, err(100)).kind).toBe("invalid_input");
    expect(parseGraphError(503, "<html>").kind).toBe("transient");
  });
});
