"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, publicAction } from "@/lib/actions";
import { signIn } from "@/lib/auth";
import { ZSignInInput, ZSignUpInput } from "@/lib/auth/schemas";
import { createAuthSession } from "@/lib/auth/sessions";
import { beginSignInAttempt, SIGN_IN_REJECTED, signInAborted, signInFailed, signInSucceeded, signInWaitMessage } from "@/lib/auth/sign-in-limits";
import { checkPassword, signUpWithPassword } from "@/lib/auth/users";
import { clientIp, rateLimit } from "@/lib/rate-limit";
import { safeReturnTo } from "@/lib/return-to";

const ZReturnTo = z.object({ returnTo: z.string().max(512).optional() });

async function limitByIp(action: string, limit: number): Promise<void> {
  const ip = clientIp(await headers());
  const result = await rateLimit(getDb(), { key: `${action}:ip:${ip}`, limit, windowMs: 15 * 60_000 });
  if (!result.ok) {
    fail("rate_limited", `Too many attempts. Wait ${Math.ceil(result.retryAfterSeconds / 60)} minute(s) and try again.`, undefined, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

export const signUpAction = publicAction(ZSignUpInput.and(ZReturnTo), async (input) => {
  await limitByIp("sign-up", 20);
  const result = await signUpWithPassword(getDb(), input);
  if (!result.ok) {
    fail("conflict", "An account with this email already exists. Sign in instead.", {
      email: "An account with this email already exists. Sign in instead.",
    });
  }
  const ticket = await createAuthSession(getDb(), result.user.id);
  await signIn("ticket", { ticket, redirectTo: safeReturnTo(input.returnTo) });
});

export const signInAction = publicAction(ZSignInInput.and(ZReturnTo), async (input) => {
  const db = getDb();
  const ip = clientIp(await headers());
  // Only failures count: a correct password from an address with no failures always gets in.
  const throttle = await beginSignInAttempt(db, input.email, ip);
  if (!throttle.ok) {
    fail("rate_limited", signInWaitMessage(throttle.retryAfterSeconds), undefined, { retryAfterSeconds: throttle.retryAfterSeconds });
  }
  const result = await checkPassword(db, input).catch(async (err: unknown) => {
    await signInAborted(db, input.email, ip).catch(() => undefined); // not the person's failure
    throw err;
  });
  if (!result.ok) {
    await signInFailed(db, input.email, ip);
    // One answer for an unknown email and a wrong password.
    fail("invalid_input", SIGN_IN_REJECTED, { password: SIGN_IN_REJECTED });
  }
  await signInSucceeded(db, input.email, ip);
  const ticket = await createAuthSession(db, result.user.id);
  await signIn("ticket", { ticket, redirectTo: safeReturnTo(input.returnTo) });
});
