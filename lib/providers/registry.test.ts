import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { sandboxAppEnv } from "@/scripts/sandbox-env";
import { platformUi } from "./catalog";
import { PLATFORMS, providers } from "./index";

const configured = parseEnv(sandboxAppEnv("http://127.0.0.1:4010"));
const empty = parseEnv({});

describe("every provider config validates (STYLE 2)", () => {
  it("the registry has exactly one provider per platform, named after it", () => {
    expect(Object.keys(providers).sort()).toEqual([...PLATFORMS].sort());
    for (const [platform, p] of Object.entries(providers)) {
      expect(p.catalog.platform, platform).toBe(platform);
      expect(p.catalog.name.length, platform).toBeGreaterThan(0);
      expect(p.catalog.limits.textMaxLength, platform).toBeGreaterThan(0);
      expect(typeof p.parseError, platform).toBe("function");
    }
  });

  for (const [platform, p] of Object.entries(providers)) {
    if (p.kind === "bot") {
      it(`${platform}: a bot provider connects through a form`, () => {
        expect(typeof p.connect).toBe("function");
      });
      continue;
    }
    it(`${platform}: URLs, scopes, client auth, targets and credentials are well-formed`, () => {
      const c = p.oauth;
      for (const u of [c.authorizeUrl, c.tokenUrl]) {
        const url = new URL(u);
        expect(url.protocol, u).toBe("https:");
        expect(url.search, `${u} carries no query`).toBe("");
      }
      expect([" ", ","]).toContain(c.scopeSeparator);
      expect(["basic", "body"]).toContain(c.tokenAuthMethod);
      expect(["GET", "POST", undefined]).toContain(c.tokenRequestMethod);
      expect(c.targets.length).toBeGreaterThan(0);
      expect(typeof c.tokenSchema.safeParse).toBe("function");
      for (const target of c.targets) {
        const scopes = c.scopes(target);
        expect(scopes.length, `${platform}/${target} requests scopes`).toBeGreaterThan(0);
        expect(new Set(scopes).size, "no duplicate scopes").toBe(scopes.length);
        for (const s of scopes) expect(s, "a scope is one word").toMatch(/^[A-Za-z0-9_.:]+$/);
        for (const s of c.requiredScopes?.(target) ?? []) expect(scopes, `${s} is required, so it is requested`).toContain(s);
        expect(c.credentials(configured, target), `${platform}/${target} reads its credentials from env`).not.toBeNull();
        expect(c.credentials(empty, target), `${platform}/${target} without env is not configured`).toBeNull();
      }
      expect(typeof p.fetchAccounts).toBe("function");
    });
  }

  it("X uses PKCE S256 with Basic client auth and asks for offline.access", () => {
    expect(providers.x.oauth).toMatchObject({ pkce: true, tokenAuthMethod: "basic" });
    expect(providers.x.oauth.scopes("personal")).toContain("offline.access");
  });

  it("the Disconnect dialog promises a revoke exactly where the provider revokes (catalog ui.revokesOnDisconnect ⇔ revokeToken)", () => {
    const revoking = Object.values(providers).flatMap((p) => (p.kind === "oauth2" && p.revokeToken ? [p.catalog.platform] : []));
    const promising = Object.values(providers).flatMap((p) => (platformUi(p.catalog.platform).revokesOnDisconnect ? [p.catalog.platform] : []));
    expect(promising.sort()).toEqual(revoking.sort());
    expect(revoking.sort()).toEqual(["linkedin", "x"]);
  });

  it("LinkedIn's profile and company targets use two different apps", () => {
    const c = providers.linkedin.oauth;
    expect(c.credentials(configured, "personal")?.clientId).not.toBe(c.credentials(configured, "company")?.clientId);
  });
});
