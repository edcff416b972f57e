import "server-only";
import { facebookCatalog } from "./catalog";
import { facebookLogin, facebookUserIdOf, revokeAllPermissions } from "./login";
import { fetchGrantedPages } from "./pages";
import { facebookPublishing } from "./publish";
import { pageToConnectable } from "./transform";

/** Facebook Pages for creators: one connection per chosen Page, holding that Page's token. */
export const facebookProvider = facebookLogin("pages", {
  catalog: facebookCatalog,
  async fetchAccounts(token, ctx) {
    const granted = await fetchGrantedPages("pages", token, ctx);
    if (!granted.ok) return granted;
    if (granted.pages.length === 0) return { ok: false, code: "no_pages" };
    return { ok: true, accounts: granted.pages.map((p) => pageToConnectable(p, granted.granted, granted.facebookUserId)) };
  },
  // No revokeToken: disconnecting one Page must not remove the app from the person's Facebook
  // account (DELETE me/permissions kills every Page token they gave us, other Pages and the
  // organization's Messenger link included). Connections hold Page tokens only, never the user
  // token, so that is a separate, explicit action: "Remove Switchboard from Facebook…" in the
  // Disconnect dialog starts a Facebook Login round trip with `facebookRemoveAppLogin` (purpose
  // `facebook_remove_app`), and the callback calls `revokeAllPermissions` with the fresh user
  // token, then deletes the organization's facebook/instagram connections whose
  // `details.facebookUserId` is that user (lib/connections/remove-app.ts).
  publishing: facebookPublishing,
  pictureHosts: ["fbcdn.net", "fbsbx.com"],
  removeApp: {
    get login() {
      return facebookRemoveAppLogin;
    },
    async revoke(userToken, credentials, client) {
      // Who first (me?fields=id), then DELETE me/permissions: every user and Page token they gave us dies.
      const facebookUserId = await facebookUserIdOf(userToken, credentials, client);
      await revokeAllPermissions(userToken, credentials, client);
      return facebookUserId;
    },
    // Instagram connections through Facebook Login hold Page tokens of the same grant.
    connectionPlatforms: ["facebook", "instagram"],
    grantedBy: (details) => details?.facebookUserId || null,
  },
});

/**
 * Facebook Login for "Remove Switchboard from Facebook": the same app, callback and code
 * exchange as `facebookProvider`, asking only for `public_profile` (`facebookProvider.removeApp.login`).
 * It lists nothing: its callback removes the app instead (lib/connections/remove-app.ts).
 */
export const facebookRemoveAppLogin = facebookLogin("remove_app", { catalog: facebookCatalog });
