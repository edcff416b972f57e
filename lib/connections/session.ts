import "server-only";
import { getOrgContext } from "@/lib/orgs/current";
import type { TConnectSession } from "./oauth-routes";

/** The current user and organization for the connect routes, or null when signed out. */
export async function currentConnectSession(): Promise<TConnectSession | null> {
  const ctx = await getOrgContext();
  return ctx ? { userId: ctx.user.id, organizationId: ctx.org.organizationId, role: ctx.org.role } : null;
}
