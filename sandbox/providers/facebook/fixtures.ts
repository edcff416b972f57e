/**
 * Facebook scenarios as data: users with 0, 1, 3 and 60 Pages, a Page owned by a Business
 * Portfolio, businesses with ad accounts and Instagram accounts, ad accounts for agency flows.
 */

export interface FbUser {
  id: string;
  name: string;
  email: string;
  scenario: string;
  /** Pages the user has a role on directly (not through a business). */
  pageIds: string[];
  businessIds: string[];
  /** Ad accounts the user can access directly. */
  adAccountIds: string[];
}

export interface FbPage {
  id: string;
  name: string;
  category: string;
  username?: string;
  fanCount: number;
  about: string;
  /** Linked Instagram professional account. */
  igId?: string;
  /** Business Portfolio that owns the Page (listed by /me/accounts only with business_management). */
  businessId?: string;
}

export interface IgAccount {
  id: string;
  username: string;
  name: string;
  followers: number;
  mediaCount: number;
  biography: string;
  pageId?: string;
}

export interface Business {
  id: string;
  name: string;
  verification: "verified" | "not_verified";
  pageIds: string[];
  adAccountIds: string[];
  /** Instagram accounts the business owns (/owned_instagram_accounts). */
  ownedIgIds: string[];
  /** Instagram accounts shared with the business by others (/instagram_accounts adds these). */
  clientIgIds: string[];
}

export interface AdAccount {
  id: string;
  name: string;
  currency: string;
  status: 1 | 2 | 3;
  timezone: string;
  businessId?: string;
}

const CITIES = [
  "Austin", "Boston", "Chicago", "Denver", "El Paso", "Fresno", "Glendale", "Houston", "Irvine", "Jacksonville",
  "Kansas City", "Las Vegas", "Miami", "Nashville", "Oakland", "Portland", "Queens", "Raleigh", "Seattle", "Tampa",
  "Tucson", "Urbana", "Vancouver", "Wichita", "Yonkers", "Albany", "Baltimore", "Columbus", "Dallas", "Eugene",
  "Fort Worth", "Green Bay", "Honolulu", "Indianapolis", "Jersey City", "Knoxville", "Lincoln", "Memphis", "Newark", "Omaha",
  "Phoenix", "Providence", "Reno", "San Diego", "Toledo", "Tulsa", "Utica", "Virginia Beach", "Waco", "Youngstown",
  "Anaheim", "Boise", "Charlotte", "Detroit", "Erie", "Fargo", "Gary", "Hartford", "Irving", "Juneau",
];

const pages: FbPage[] = [
  { id: "104857392016482", name: "Maya's Bakery", category: "Bakery", username: "mayasbakery", fanCount: 4821, about: "Sourdough, croissants and cakes baked daily in Portland.", igId: "17841400000000101" },
  { id: "108273645019283", name: "Oliveira Coffee Roasters", category: "Coffee Shop", username: "oliveiracoffee", fanCount: 12877, about: "Small-batch coffee roasted in Lisbon.", igId: "17841400000000201" },
  { id: "109384756102938", name: "Lisbon Street Food Tours", category: "Tour Agency", fanCount: 2310, about: "Walking food tours through Alfama and Mouraria.", igId: "17841400000000202" },
  { id: "110495867213049", name: "Oliveira Family Notes", category: "Personal Blog", fanCount: 87, about: "Recipes and notes from the Oliveira family." },
  { id: "112938475610293", name: "Herrera Studio", category: "Graphic Designer", username: "herrerastudio", fanCount: 3409, about: "Brand identity and packaging design.", igId: "17841400000000401", businessId: "2847561039284756" },
  { id: "113847561029384", name: "Okafor Home Goods", category: "Home Decor", username: "okaforhome", fanCount: 25412, about: "Handwoven textiles and ceramics.", igId: "17841400000000501", businessId: "1938475610293847" },
  { id: "114756102938475", name: "Okafor Home Goods Outlet", category: "Shopping & Retail", fanCount: 3920, about: "Last-season pieces at outlet prices.", businessId: "1938475610293847" },
  { id: "115610293847561", name: "Grace Okafor Photography", category: "Photographer", fanCount: 1288, about: "Portraits and product photography in Lagos and London.", igId: "17841400000000503" },
];

const igAccounts: IgAccount[] = [
  { id: "17841400000000101", username: "mayasbakery", name: "Maya's Bakery", followers: 9120, mediaCount: 412, biography: "Fresh bread every morning 🥖", pageId: "104857392016482" },
  { id: "17841400000000201", username: "oliveira.coffee", name: "Oliveira Coffee", followers: 22340, mediaCount: 861, biography: "Roasting since 2014.", pageId: "108273645019283" },
  { id: "17841400000000202", username: "lisbonfoodtours", name: "Lisbon Street Food Tours", followers: 5402, mediaCount: 233, biography: "Eat Lisbon like a local.", pageId: "109384756102938" },
  { id: "17841400000000401", username: "herrera.studio", name: "Herrera Studio", followers: 7781, mediaCount: 190, biography: "Design studio.", pageId: "112938475610293" },
  { id: "17841400000000501", username: "okaforhome", name: "Okafor Home Goods", followers: 48210, mediaCount: 1203, biography: "Handwoven in Lagos.", pageId: "113847561029384" },
  { id: "17841400000000502", username: "okaforhome.studio", name: "Okafor Studio", followers: 3112, mediaCount: 88, biography: "Behind the looms." },
  { id: "17841400000000503", username: "graceokafor.photo", name: "Grace Okafor", followers: 6120, mediaCount: 540, biography: "Photographer.", pageId: "115610293847561" },
  { id: "17841400000000504", username: "adaeze.ceramics", name: "Adaeze Ceramics", followers: 15420, mediaCount: 302, biography: "Partner brand (shared with Okafor Home Goods)." },
];

// Priya Raman: 60 Pages (every third with Instagram) — forces paging at the default limit of 25.
const priyaPageIds: string[] = [];
CITIES.forEach((city, i) => {
  const n = String(i + 1).padStart(2, "0");
  const id = `1200000000000${n}`;
  priyaPageIds.push(id);
  const igId = i % 3 === 0 ? `178414000000090${n}` : undefined;
  pages.push({ id, name: `Raman Retail — ${city}`, category: "Retail Company", fanCount: 300 + i * 37, about: `Raman Retail store #${n} in ${city}.`, igId });
  if (igId) igAccounts.push({ id: igId, username: `ramanretail.${city.toLowerCase().replace(/[^a-z]/g, "")}`, name: `Raman Retail ${city}`, followers: 800 + i * 11, mediaCount: 40 + i, biography: `Store #${n}.`, pageId: id });
});

const businesses: Business[] = [
  { id: "2847561039284756", name: "Herrera Creative Group", verification: "verified", pageIds: ["112938475610293"], adAccountIds: ["act_284756103928475"], ownedIgIds: ["17841400000000401"], clientIgIds: [] },
  {
    id: "1938475610293847",
    name: "Okafor Home Goods Ltd",
    verification: "verified",
    pageIds: ["113847561029384", "114756102938475"],
    adAccountIds: ["act_193847561029384", "act_193847561029385"],
    ownedIgIds: ["17841400000000501", "17841400000000502"],
    clientIgIds: ["17841400000000504"],
  },
];

const adAccounts: AdAccount[] = [
  { id: "act_284756103928475", name: "Herrera Creative — Main", currency: "EUR", status: 1, timezone: "Europe/Madrid", businessId: "2847561039284756" },
  { id: "act_193847561029384", name: "Okafor Home Goods — Prospecting", currency: "USD", status: 1, timezone: "America/New_York", businessId: "1938475610293847" },
  { id: "act_193847561029385", name: "Okafor Home Goods — Retargeting", currency: "USD", status: 1, timezone: "America/New_York", businessId: "1938475610293847" },
  { id: "act_561029384756102", name: "Grace Okafor (personal)", currency: "GBP", status: 1, timezone: "Europe/London" },
  { id: "act_736455463728192", name: "Kim Fitness — Always On", currency: "USD", status: 1, timezone: "America/Los_Angeles" },
  { id: "act_736455463728193", name: "Kim Fitness — Launch (disabled)", currency: "USD", status: 2, timezone: "America/Los_Angeles" },
];

const users: FbUser[] = [
  { id: "10160938475610293", name: "Maya Chen", email: "maya.chen@example.com", scenario: "1 Page (Maya's Bakery) with Instagram @mayasbakery", pageIds: ["104857392016482"], businessIds: [], adAccountIds: [] },
  { id: "10158273645019284", name: "Lucas Oliveira", email: "lucas.oliveira@example.com", scenario: "3 Pages, one without Instagram (page picker)", pageIds: ["108273645019283", "109384756102938", "110495867213049"], businessIds: [], adAccountIds: [] },
  { id: "10162039485761029", name: "Noah Fischer", email: "noah.fischer@example.com", scenario: "0 Pages (nothing to connect)", pageIds: [], businessIds: [], adAccountIds: [] },
  { id: "10159384756102937", name: "Priya Raman", email: "priya.raman@example.com", scenario: "60 Pages, every third with Instagram (forces paging)", pageIds: priyaPageIds, businessIds: [], adAccountIds: [] },
  { id: "10157465839201746", name: "Tomás Herrera", email: "tomas.herrera@example.com", scenario: "Only Page is owned by a Business Portfolio (listed only with business_management)", pageIds: [], businessIds: ["2847561039284756"], adAccountIds: [] },
  { id: "10163847561029384", name: "Grace Okafor", email: "grace.okafor@example.com", scenario: "Agency client: business with 2 ad accounts, 2 Pages, owned + shared Instagram; personal Page and ad account", pageIds: ["115610293847561"], businessIds: ["1938475610293847"], adAccountIds: ["act_561029384756102"] },
  { id: "10156574839201847", name: "Daniel Kim", email: "daniel.kim@example.com", scenario: "Ad accounts only (one disabled), no Pages or businesses", pageIds: [], businessIds: [], adAccountIds: ["act_736455463728192", "act_736455463728193"] },
];

/**
 * System users (Business Manager → System users): no login; their long-lived, non-expiring
 * tokens come from `POST /__sandbox/meta/system-user-token` (the connector API's `account_key`).
 */
export interface SystemUser {
  id: string;
  name: string;
  businessId: string;
  adAccountIds: string[];
}

// Northwind Retail Group: ten ad accounts (the connector benchmark reads all of them).
const northwindAdAccounts: AdAccount[] = Array.from({ length: 10 }, (_, i) => ({
  id: `act_9100000000000${String(i + 1).padStart(2, "0")}`,
  name: `Northwind Retail — Region ${i + 1}`,
  currency: "USD",
  status: 1 as const,
  timezone: "America/Chicago",
  businessId: "3019283746501928",
}));
adAccounts.push(...northwindAdAccounts);
businesses.push({ id: "3019283746501928", name: "Northwind Retail Group", verification: "verified", pageIds: [], adAccountIds: northwindAdAccounts.map((a) => a.id), ownedIgIds: [], clientIgIds: [] });

// Sofia Lindqvist (agency client at scale): 3 Business Portfolios with 20 Pages each (every
// fourth with Instagram), 2 owned Instagram accounts without a Page and 1 shared by a partner per
// business, 10 ad accounts (one disabled) — the agency-assets bench lists all of it.
const LINDQVIST_BRANDS = ["Lindqvist Outdoor", "Lindqvist Kitchen", "Lindqvist Kids"];
const lindqvistAdAccounts: AdAccount[] = [];
LINDQVIST_BRANDS.forEach((brand, b) => {
  const businessId = `402000000000000${b + 1}`;
  const pageIds: string[] = [];
  const ownedIgIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const n = String(b * 20 + i + 1).padStart(2, "0");
    const id = `1300000000000${n}`;
    const igId = i % 4 === 0 ? `178414000000091${n}` : undefined;
    pages.push({ id, name: `${brand} — ${CITIES[b * 20 + i]}`, category: "Retail Company", fanCount: 500 + i * 21, about: `${brand} store in ${CITIES[b * 20 + i]}.`, igId, businessId });
    if (igId) {
      igAccounts.push({ id: igId, username: `${brand.toLowerCase().replace(/[^a-z]/g, "")}.${i + 1}`, name: `${brand} ${CITIES[b * 20 + i]}`, followers: 1000 + i, mediaCount: 30 + i, biography: "Store account.", pageId: id });
      ownedIgIds.push(igId);
    }
    pageIds.push(id);
  }
  for (let k = 1; k <= 2; k++) {
    const igId = `17841400000009${b + 2}0${k}`;
    igAccounts.push({ id: igId, username: `${brand.toLowerCase().replace(/[^a-z]/g, "")}.brand${k}`, name: `${brand} brand ${k}`, followers: 20000 * k, mediaCount: 400, biography: "Brand account (no Page)." });
    ownedIgIds.push(igId);
  }
  const sharedIg = `17841400000009${b + 2}99`;
  igAccounts.push({ id: sharedIg, username: `partner.of.${brand.toLowerCase().replace(/[^a-z]/g, "")}`, name: `Partner of ${brand}`, followers: 5000, mediaCount: 120, biography: "Shared by a partner business." });
  const count = b === 0 ? 4 : 3;
  const adAccountIds: string[] = [];
  for (let k = 0; k < count; k++) {
    const id = `act_92000000000${b + 1}0${k + 1}`;
    lindqvistAdAccounts.push({ id, name: `${brand} — Campaigns ${k + 1}${b === 2 && k === 2 ? " (disabled)" : ""}`, currency: "SEK", status: b === 2 && k === 2 ? 2 : 1, timezone: "Europe/Stockholm", businessId });
    adAccountIds.push(id);
  }
  businesses.push({ id: businessId, name: `${brand} AB`, verification: "verified", pageIds, adAccountIds, ownedIgIds, clientIgIds: [sharedIg] });
});
adAccounts.push(...lindqvistAdAccounts);
users.push({
  id: "10164000000000001",
  name: "Sofia Lindqvist",
  email: "sofia.lindqvist@example.com",
  scenario: "Agency client at scale: 3 businesses, 60 Pages, 10 ad accounts (one disabled), Instagram through Pages and businesses",
  pageIds: [],
  businessIds: LINDQVIST_BRANDS.map((_, b) => `402000000000000${b + 1}`),
  adAccountIds: [],
});

const systemUsers: SystemUser[] = [
  { id: "61550000000000001", name: "Okafor Reporting (system user)", businessId: "1938475610293847", adAccountIds: ["act_193847561029384", "act_193847561029385"] },
  { id: "61550000000000002", name: "Northwind Reporting (system user)", businessId: "3019283746501928", adAccountIds: northwindAdAccounts.map((a) => a.id) },
];

export const FB = {
  users,
  systemUsers,
  systemUser: (id: string) => systemUsers.find((u) => u.id === id),
  pages,
  igAccounts,
  businesses,
  adAccounts,
  user: (id: string) => users.find((u) => u.id === id),
  page: (id: string) => pages.find((p) => p.id === id),
  ig: (id: string) => igAccounts.find((a) => a.id === id),
  business: (id: string) => businesses.find((b) => b.id === id),
  adAccount: (id: string) => adAccounts.find((a) => a.id === id || a.id === `act_${id}`),
};

/** Pages a user can reach: direct roles, then Pages owned by the user's businesses (flagged). */
export function pagesOfUser(userId: string): Array<{ page: FbPage; viaBusiness: boolean }> {
  const u = FB.user(userId);
  if (!u) return [];
  const direct = u.pageIds.map((id) => ({ page: FB.page(id)!, viaBusiness: false }));
  const viaBusiness = u.businessIds.flatMap((b) => FB.business(b)!.pageIds.map((id) => ({ page: FB.page(id)!, viaBusiness: true })));
  return [...direct, ...viaBusiness.filter((v) => !direct.some((d) => d.page.id === v.page.id))];
}

export function adAccountsOfUser(userId: string): AdAccount[] {
  const system = FB.systemUser(userId);
  if (system) return system.adAccountIds.map((id) => FB.adAccount(id)!);
  const u = FB.user(userId);
  if (!u) return [];
  const ids = [...u.adAccountIds, ...u.businessIds.flatMap((b) => FB.business(b)!.adAccountIds)];
  return [...new Set(ids)].map((id) => FB.adAccount(id)!);
}

/** Instagram accounts a user reaches through their Pages and businesses. */
export function igAccountsOfUser(userId: string): IgAccount[] {
  const u = FB.user(userId);
  if (!u) return [];
  const ids = [
    ...pagesOfUser(userId).flatMap((p) => (p.page.igId ? [p.page.igId] : [])),
    ...u.businessIds.flatMap((b) => [...FB.business(b)!.ownedIgIds, ...FB.business(b)!.clientIgIds]),
  ];
  return [...new Set(ids)].map((id) => FB.ig(id)!);
}
