import "server-only";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { sealingPassword } from "@/lib/oauth/cookie";

/**
 * What a redirect tells the next page, sealed by the server (issue 10 #6): the page shows only
 * what the server wrote, for the organization it was written for, for 10 minutes. Text in the
 * query string itself is never shown, so a crafted link cannot put words in Switchboard's mouth.
 */
const FLASH_TTL_SECONDS = 600;
const MAX_NAMES = 20;

const ZRemovedAppFlash = z.object({
  purpose: z.literal("flash"),
  kind: z.literal("removed_app"),
  organizationId: z.string(),
  removed: z.array(z.string().max(100)).max(MAX_NAMES),
  check: z.array(z.string().max(100)).max(MAX_NAMES),
});
export type TRemovedAppFlash = z.infer<typeof ZRemovedAppFlash>;

/** Seals the outcome of "Remove Switchboard from Facebook" for the Connections page. */
export function sealRemovedAppFlash(organizationId: string, result: { removed: string[]; check: string[] }): Promise<string> {
  const names = (list: string[]) => list.slice(0, MAX_NAMES).map((n) => n.slice(0, 100));
  const value: TRemovedAppFlash = { purpose: "flash", kind: "removed_app", organizationId, removed: names(result.removed), check: names(result.check) };
  return sealData(value, { password: sealingPassword(), ttl: FLASH_TTL_SECONDS });
}

/** The flash, if the server sealed it for this organization within the last 10 minutes; else null. */
export async function openRemovedAppFlash(raw: string | undefined, organizationId: string): Promise<TRemovedAppFlash | null> {
  if (!raw || raw.length > 8_000) return null;
  try {
    const parsed = ZRemovedAppFlash.safeParse(await unsealData(raw, { password: sealingPassword(), ttl: FLASH_TTL_SECONDS }));
    return parsed.success && parsed.data.organizationId === organizationId ? parsed.data : null;
  } catch {
    return null;
  }
}
