"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, publicAction } from "@/lib/actions";
import { signIn } from "@/lib/auth";
import { ZSignInInput, ZSignUpInput } from "@/lib/auth/schemas";
import { createAuthSession } from "@/lib/auth/sessions";
import { checkPassword, signUpWithPassword } from "@/lib/auth/users";
import { clientIp, rateLimit } from "@/lib/rate-limit";
import { safeReturnTo } from "@/lib/return-to";

const ZReturnTo = z.object({ returnTo: z.string().max(512).optional() });

async function limitByIp(action: string, limit: number): Promise<void> {
  const ip = clientIp(await headers());
  const result = await rateLimit(getDb(), { key: `${action}:ip:${ip}`, limit, windowMs: 15 * 60_000 });
  if (!result.ok) {
    fail("rate_limited", `Too many attempts. Wait ${Math.ceil(result.retryAfterSeconds / 60)} minute(s) and try again.`);
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
  await limitByIp("sign-in", 30);
  const emailLimit = await rateLimit(getDb(), { key: `sign-in:email:${input.email}`, limit: 10, windowMs: 15 * 60_000 });
  if (!emailLimit.ok) {
    fail("rate_limited", "Too many attempts for this account. Wait a few minutes and try again.");
  }
  const result = await checkPassword(getDb(), input);
  if (!result.ok) {
    if (result.code === "unknown_email") {
      fail("not_found", "No account uses this email. Check it, or create an account.", {
        email: "No account uses this email. Check it, or create an account.",
      });
    }
    fail("invalid_input", "That password is not right. Try again.", { password: "That password is not right. Try again." });
  }
  const ticket = await createAuthSession(getDb(), result.user.id);
  await signIn("ticket", { ticket, redirectTo: safeReturnTo(input.returnTo) });
});
