import { describe, expect, it } from "vitest";
import type { TConnectionDto, TConnectionHealth } from "./dto";
import { connectionDetail, countByStatus, groupConnections, matchesSearch } from "./grouping";

let n = 0;
/** What each platform's connections post as in these fixtures (a Facebook connection is a Page). */
const POST_TARGET: Record<string, string> = { facebook: "page" };
function conn(platform: string, displayName: string, health: TConnectionHealth = { kind: "active" }, extra: Partial<TConnectionDto> = {}): TConnectionDto {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    platform,
    appType: "personal",
    postTargetType: POST_TARGET[platform] ?? "profile",
    displayName,
    handle: null,
    avatarUrl: null,
    subtitle: null,
    health,
    connectedAt: new Date(0).toISOString(),
    inboxWebhook: null,
    ...extra,
  };
}

describe("the Connections page's groups (issue 10 #17)", () => {
  const list = [
    conn("telegram", "Northwind News"),
    conn("facebook", "Raman Retail — Boise"),
    conn("facebook", "Raman Retail — Austin", { kind: "expiring", days: 9 }),
    conn("x", "Ada Okafor", { kind: "active" }, { handle: "@adaokafor" }),
    conn("facebook", "Raman Retail — Juneau", { kind: "needs_reconnect" }),
    conn("facebook", "Raman Retail — Albany"),
    conn("facebook", "Café Zürich", { kind: "expiring", days: 3 }),
  ];

  it("groups by platform in the catalog's order, with each group's count and how many need reconnecting", () => {
    const groups = groupConnections(list);
    expect(groups.map((g) => [g.platform, g.name, g.total, g.needsReconnect])).toEqual([
      ["x", "X", 1, 0],
      ["facebook", "Facebook Page", 5, 1],
      ["telegram", "Telegram", 1, 0],
    ]);
  });

  it("puts what needs attention first: needs reconnect, then expiring soonest, then the rest by name", () => {
    // The group that holds the Boise Page (list[1]): the five Facebook Pages.
    const fb = groupConnections(list).find((g) => g.connections.some((c) => c.id === list[1]!.id))!;
    expect(fb.connections.map((c) => c.displayName)).toEqual([
      "Raman Retail — Juneau",
      "Café Zürich",
      "Raman Retail — Austin",
      "Raman Retail — Albany",
      "Raman Retail — Boise",
    ]);
  });

  it("searches names, handles and subtitles, ignoring case and accents; groups keep their totals", () => {
    expect(matchesSearch(list[6]!, "cafe zurich")).toBe(true);
    expect(matchesSearch(list[3]!, "@ADAOK")).toBe(true);
    const groups = groupConnections(list, { query: "austin" });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ platform: "facebook", total: 5, connections: [{ displayName: "Raman Retail — Austin" }] });
    expect(groupConnections(list, { query: "   " })).toHaveLength(3);
  });

  it("filters by status and counts each status for the filter's labels", () => {
    expect(countByStatus(list)).toEqual({ all: 7, needs_reconnect: 1, expiring: 2, active: 4 });
    expect(groupConnections(list, { status: "needs_reconnect" }).flatMap((g) => g.connections.map((c) => c.displayName))).toEqual(["Raman Retail — Juneau"]);
    expect(groupConnections(list, { status: "expiring", query: "zur" }).flatMap((g) => g.connections.map((c) => c.displayName))).toEqual(["Café Zürich"]);
  });
});

describe("a connection's detail line says each thing once (issue 10 #17)", () => {
  it("a Facebook Page is not called a Page again; a profile, a company page and a channel say what they are once", () => {
    expect(connectionDetail(conn("facebook", "Maya's Bakery"))).toBe("");
    expect(connectionDetail(conn("linkedin", "Priya Raman"))).toBe("Profile");
    expect(connectionDetail(conn("linkedin", "Northwind", undefined, { appType: "company", postTargetType: "organization", subtitle: "Company page" }))).toBe("Company page");
    expect(connectionDetail(conn("x", "Ada Okafor", undefined, { handle: "@adaokafor" }))).toBe("@adaokafor · Profile");
    expect(connectionDetail(conn("telegram", "Northwind News", undefined, { postTargetType: "channel", handle: "@northwind_news", subtitle: "via @nw_bot · token ••••gH7j" }))).toBe(
      "@northwind_news · via @nw_bot · token ••••gH7j",
    );
  });
});
