/**
 * What the client's wizard says (client-safe: no server code). Each permission in the client's
 * words, and each way a step can end.
 */

/** The Facebook permissions an access link asks for, as a client reads them. */
export const PERMISSION_WORDS: Record<string, string> = {
  ads_management: "Manage your ads (ads_management)",
  ads_read: "See how your ads perform (ads_read)",
  business_management: "Reach your Business Manager, where your Instagram accounts live (business_management)",
  pages_read_engagement: "Read your Pages' posts and engagement (pages_read_engagement)",
  pages_show_list: "See the list of Pages you manage (pages_show_list)",
};

export const permissionWords = (scope: string) => PERMISSION_WORDS[scope] ?? scope;

/** Title and text of each way the wizard can stop short of the selector. */
export const WIZARD_PROBLEMS: Record<string, { title: string; message: string }> = {
  missing_scopes: {
    title: "A permission was turned off",
    message: "The agency can only see what you share if Facebook gives all of these. Try again and leave them on — you still choose exactly which accounts and Pages to share on the next step.",
  },
  consent_denied: { title: "You cancelled on Facebook", message: "Nothing was shared. When you are ready, connect again." },
  expired_flow: { title: "That sign-in has expired", message: "It took too long or was opened in another browser. Open the link from your agency again on this device." },
  provider_unavailable: { title: "Facebook did not answer", message: "Nothing was shared. Wait a minute and try again." },
  failed: { title: "Something went wrong", message: "Nothing was shared. Try again; if it keeps happening, tell your agency." },
  revoked: { title: "This link no longer works", message: "The agency withdrew it. Ask them for a new link if they still need access." },
  link_expired: { title: "This link has expired", message: "Ask the agency that sent it for a new link." },
};
