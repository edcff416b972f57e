import "server-only";
import { env } from "@/lib/env";
import { GRAPH_HOST } from "@/lib/providers/facebook/graph";
import { facebookLogin } from "@/lib/providers/facebook/login";
import { fetchGrantedPages } from "@/lib/providers/facebook/pages";
import { parseGraphError } from "@/lib/providers/facebook/transform";
import { instagramCatalog } from "./catalog";
import { igPublishing } from "./publish";
import { instagramAccountsFromPages } from "./transform";

/** Instagram professional accounts through Facebook Login: the accounts are the Pages' linked Instagram accounts. */
export const instagramProvider = facebookLogin("instagram", {
  catalog: instagramCatalog,
  async fetchAccounts(token, ctx) {
    const granted = await fetchGrantedPages("instagram", token, ctx);
    if (!granted.ok) return granted;
    // no_pages / page_without_instagram: the engine's failure map says what to do.
    return instagramAccountsFromPages(granted.pages, granted.granted, granted.facebookUserId);
  },
  pictureHosts: ["cdninstagram.com", "fbcdn.net"],
  publishing: igPublishing({ baseUrl: () => `${GRAPH_HOST}/${env().GRAPH_API_VERSION}`, parseError: parseGraphError }),
});
