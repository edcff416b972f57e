/**
 * Instagram via Facebook Login: the same Meta app and dialog as Facebook Pages; the accounts are
 * the Pages' linked `instagram_business_account`s. `business_management` makes Business-Portfolio
 * Pages (and so their Instagram accounts) visible.
 */
export const INSTAGRAM_SCOPES = [
  "instagram_basic",
  "instagram_content_publish",
  "pages_show_list",
  "pages_read_engagement",
  "business_management",
] as const;
