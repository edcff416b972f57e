/** What the browser may see of the organization's Meta connection: no token, ever. Client-safe. */
export interface TMetaConnectionDto {
  facebookPageId: string;
  facebookPageName: string;
  facebookPagePictureUrl: string | null;
  instagramBusinessAccountId: string | null;
  instagramUsername: string | null;
  tokenStatus: "active" | "needs_reconnect";
  webhookStatus: "pending" | "subscribed" | "failed";
  webhookError: string | null;
  webhookSubscribedAt: string | null;
  /** When the hourly reconcile (or "Check now") last asked Facebook; null before the first check. */
  webhookCheckedAt: string | null;
  /** The last check's error code (Meta's, `http_503`, `network`…) when it failed; null when it succeeded. */
  webhookCheckError: string | null;
  /** When a check found the Page unsubscribed behind our back and subscribed it again. */
  webhookResubscribedAt: string | null;
  /** When the last signed webhook event for this Page or its Instagram account was processed; null before the first. */
  lastEventAt: string | null;
  connectedAt: string;
  connectedByName: string | null;
}

/** One Page in the picker: ids, names and pictures only. */
export interface TPendingPageDto {
  pageId: string;
  name: string;
  pictureUrl: string | null;
  instagramUsername: string | null;
}

export type TPendingPagesDto = { status: "ready"; pages: TPendingPageDto[]; expiresAt: string } | { status: "expired" } | { status: "none" };
