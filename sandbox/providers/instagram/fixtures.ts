/** Instagram Login ("Business Login") professional accounts. */

export interface IgLoginAccount {
  /** Instagram professional account id: `user_id` in /me, used for /media, /messages and webhook entry.id. */
  userId: string;
  /** App-scoped id: `id` in /me and `user_id` in the token response. */
  appScopedId: string;
  username: string;
  name: string;
  accountType: "BUSINESS" | "MEDIA_CREATOR";
  followers: number;
  follows: number;
  mediaCount: number;
  /** The token endpoint answers the flat `{access_token,user_id,permissions}` shape for this account. */
  flatTokenResponse?: boolean;
  scenario: string;
}

const accounts: IgLoginAccount[] = [
  { userId: "17841450000000011", appScopedId: "8123456789012345", username: "ava.bakes", name: "Ava Martins", accountType: "BUSINESS", followers: 12840, follows: 312, mediaCount: 318, scenario: "Business account; documented {data:[…]} token response" },
  { userId: "17841450000000022", appScopedId: "8234567890123456", username: "kenjicreates", name: "Kenji Sato", accountType: "MEDIA_CREATOR", followers: 48210, follows: 901, mediaCount: 1204, flatTokenResponse: true, scenario: "Creator account; flat {access_token,user_id,permissions} token response" },
  { userId: "17841450000000033", appScopedId: "8345678901234567", username: "novak.studio", name: "Lena Novak Studio", accountType: "BUSINESS", followers: 903, follows: 120, mediaCount: 0, scenario: "New business account with no posts yet" },
  { userId: "17841450000000044", appScopedId: "8456789012345678", username: "porto.roasters", name: "Porto Roasters", accountType: "BUSINESS", followers: 2210, follows: 150, mediaCount: 42, scenario: "Business account whose DMs come to the Inbox through Instagram Login (e2e/inbox.spec.ts)" },
];

export const IG_LOGIN = {
  accounts,
  /** By professional id or app-scoped id. */
  account: (id: string) => accounts.find((a) => a.userId === id || a.appScopedId === id),
};

export const IG_LOGIN_SCOPES: Record<string, string> = {
  instagram_business_basic: "Access your profile and media",
  instagram_business_content_publish: "Publish content to your account",
  instagram_business_manage_messages: "Manage and access your direct messages",
  instagram_business_manage_comments: "Manage and access comments",
  instagram_business_manage_insights: "Access insights",
};

/** Names retired on January 27, 2025; the real dialog rejects them. */
export const RETIRED_SCOPES = ["business_basic", "business_content_publish", "business_manage_messages", "business_manage_comments"];
