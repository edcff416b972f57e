import { describe, expect, it } from "vitest";
import { LINKEDIN_COMPANY_SCOPES, LINKEDIN_PERSONAL_SCOPES } from "./config";
import { parseLinkedInError, toCompanyAccounts, toProfileAccount } from "./transform";

const token = { accessToken: "AQV", refreshToken: null, expiresIn: 5_184_000, scopes: ["openid", "profile", "w_member_social"] };

describe("LinkedIn mapping", () => {
  it("userinfo becomes a personal profile connection with the member URN", () => {
    const a = toProfileAccount({ sub: "abc", name: "Priya Raman", picture: "https://media.licdn.com/p.jpg" }, token, LINKEDIN_PERSONAL_SCOPES, 0);
    expect(a).toMatchObject({ providerAccountId: "abc", displayName: "Priya Raman", appType: "personal", postTargetType: "profile", details: { urn: "urn:li:person:abc" } });
    expect(a.tokenExpiresAt?.getTime()).toBe(5_184_000_000);
  });

  it("each administered organization becomes a company connection named after the page", () => {
    const orgs = new Map([[1, { id: 1, localizedName: "Northwind Coffee Roasters", vanityName: "northwind-coffee" }]]);
    const list = toCompanyAccounts([1, 2], orgs, token, LINKEDIN_COMPANY_SCOPES, 0);
    expect(list.map((a) => [a.providerAccountId, a.displayName, a.appType, a.postTargetType])).toEqual([
      ["1", "Northwind Coffee Roasters", "company", "organization"],
      ["2", "Organization 2", "company", "organization"],
    ]);
    expect(list[0]!.details).toMatchObject({ urn: "urn:li:organization:1" });
  });

  it("403 ACCESS_DENIED is a permission error that keeps LinkedIn's code", () => {
    const e = parseLinkedInError(403, { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions" });
    expect(e).toMatchObject({ kind: "permission", providerCode: "ACCESS_DENIED" });
    expect(parseLinkedInError(401, { code: "EXPIRED_ACCESS_TOKEN" }).kind).toBe("auth");
    expect(parseLinkedInError(502, {}).kind).toBe("transient");
  });
});
