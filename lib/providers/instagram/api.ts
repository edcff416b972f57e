import "server-only";
// Instagram via Facebook Login is Facebook Login: its calls are Graph calls on graph.facebook.com
// with Page tokens, so it uses the Facebook Graph client (the one deliberate cross-provider import).
export { exchangeForLongLived, listPagesAndPermissions } from "@/lib/providers/facebook/api";
