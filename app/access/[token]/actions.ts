"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, publicAction } from "@/lib/actions";
import { AGENCY_SESSION_COOKIE, beginClientAuthorization, confirmWizardSelection } from "@/lib/agency/authorize";
import { clientIp, rateLimit, rateLimitKey } from "@/lib/rate-limit";

// The client's wizard (public: the link's token is the credential; no sign-in).

const ZToken = z.string().regex(/^[\w-]{43}$/, "This link is not valid.");
const ids = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(/^[\w-]{1,64}$/)).max(500));

async function limit(scope: string, max: number): Promise<void> {
  const result = await rateLimit(getDb(), { key: rateLimitKey.ip(scope, clientIp(await headers())), limit: max, windowMs: 60_000 });
  if (!result.ok) fail("rate_limited", `Too many attempts. Wait ${result.retryAfterSeconds} seconds and try again.`, undefined, { retryAfterSeconds: result.retryAfterSeconds });
}

/** "Connect Meta": starts Facebook Login bound to this link and this browser. */
export const connectMetaAction = publicAction(z.object({ token: ZToken }), async ({ token }) => {
  await limit("access-connect", 20);
  const started = await beginClientAuthorization(getDb(), token);
  if (!started.ok) fail("not_found", "This link no longer works. Ask the agency for a new one.");
  const jar = await cookies();
  jar.set(started.setCookie.name, started.setCookie.value, started.setCookie.options);
  redirect(started.redirectUrl);
});

/** Confirm: stores exactly the picked assets for the agency. */
export const confirmAssetsAction = publicAction(
  z.object({ token: ZToken, adAccounts: ids, pages: ids, instagramAccounts: ids }),
  async ({ token, ...selection }) => {
    await limit("access-confirm", 30);
    const jar = await cookies();
    await confirmWizardSelection(getDb(), token, jar.get(AGENCY_SESSION_COOKIE)?.value, selection);
    redirect(`/access/${token}/done`);
  },
);
