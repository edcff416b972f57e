import "server-only";
import { facebookLogin } from "@/lib/providers/facebook/login";

/** The OAuth purpose of a client's authorization through an agency's access link. */
export const AGENCY_ACCESS_PURPOSE = "agency_access";
/** Registered with the Meta app exactly (O5). */
export const AGENCY_ACCESS_CALLBACK_PATH = "/api/access/meta/callback";

/**
 * The `agency` Facebook Login (Marketing API scopes), for the one OAuth engine: the engine
 * exchanges the code and then the short-lived token for the ~60-day one; the callback stores it
 * as a client connection (lib/agency/authorize.ts) instead of creating social connections.
 */
export const agencyAccessLogin = facebookLogin("agency");
