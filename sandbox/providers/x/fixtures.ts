/**
 * X scenarios as data: free-tier accounts. `recentPosts` are posts made through this app in
 * the last 24 h before the sandbox started (minutes ago), so one account starts near its
 * daily limit; their texts also feed the duplicate-content check.
 */

export interface XUser {
  id: string;
  name: string;
  username: string;
  description: string;
  createdAt: string;
  scenario: string;
  recentPosts: Array<{ minutesAgo: number; text: string }>;
  /** The app's access level does not include media upload for this account: /2/media/upload answers X's 403 client-forbidden. */
  mediaForbidden?: true;
}

/** Free tier: posts per user per rolling 24 h (failed requests count), and GET /2/users/me calls per user per 24 h. */
export const FREE_TIER = { tweetsPer24h: 17, usersMePer24h: 25 } as const;

const spread = (n: number, label: string) =>
  Array.from({ length: n }, (_, i) => ({ minutesAgo: 60 + i * 70, text: `${label} #${n - i}` }));

export const X_USERS: XUser[] = [
  {
    id: "1719203847561234433",
    name: "Ada Okafor",
    username: "adaokafor",
    description: "Product designer. Coffee, type, small tools.",
    createdAt: "2019-03-14T09:12:00.000Z",
    scenario: "Free tier, fresh: 17 posts available in the next 24 h",
    recentPosts: [],
  },
  {
    id: "1650012378899001344",
    name: "Mateo Ruiz",
    username: "mateoruiz_dev",
    description: "Shipping side projects in public.",
    createdAt: "2021-08-02T17:40:00.000Z",
    scenario: "Free tier, near the daily limit: 16 of 17 posts used, the next one succeeds and the one after gets 429",
    recentPosts: spread(16, "Build log"),
  },
  {
    id: "1588841200534720512",
    name: "佐藤 花 Hana Sato",
    username: "hanasato_jp",
    description: "東京のフォトグラファー。Film and street photography.",
    createdAt: "2022-11-05T03:05:00.000Z",
    scenario: "Free tier, posts in Japanese (CJK counts 2 per character toward 280); has posted 'おはようございます！' today (duplicate check)",
    recentPosts: [{ minutesAgo: 90, text: "おはようございます！" }],
  },
  {
    id: "1702938475610293847",
    name: "Noor Haddad",
    username: "noorhaddad",
    description: "Bakery owner. Bread first.",
    createdAt: "2023-04-21T07:30:00.000Z",
    scenario: "Free tier, media upload refused: POST /2/media/upload answers 403 client-forbidden (client-not-enrolled); text posts work",
    recentPosts: [],
    mediaForbidden: true,
  },
];

export function findXUser(id: string): XUser | undefined {
  return X_USERS.find((u) => u.id === id);
}
