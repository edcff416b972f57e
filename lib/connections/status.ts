import type { TConnectionStatus } from "@/db/schema";

/** Statuses whose token may still be used; the others wait for a person to reconnect. */
export const USABLE_STATUSES = ["active", "expiring"] as const satisfies readonly TConnectionStatus[];
export function isUsable(status: TConnectionStatus): boolean {
  return (USABLE_STATUSES as readonly string[]).includes(status);
}
