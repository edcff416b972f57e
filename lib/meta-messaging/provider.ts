import "server-only";
import { facebookLogin } from "@/lib/providers/facebook/login";
import { fetchGrantedPages } from "@/lib/providers/facebook/pages";
import { pageToConnectable } from "@/lib/providers/facebook/transform";

/**
 * The `messaging` Facebook Login, for the one OAuth engine (lib/oauth): the engine exchanges the
 * code and runs the long-lived exchange; the callback then lists the Pages itself (it keeps them
 * for the picker instead of creating social connections).
 */
export const metaMessagingLogin = facebookLogin("messaging", {
  async fetchAccounts(token, ctx) {
    const granted = await fetchGrantedPages("messaging", token, ctx);
    if (!granted.ok) return granted;
    return { ok: true, accounts: granted.pages.map((p) => pageToConnectable(p, granted.granted)) };
  },
});
