import "server-only";
import type { DbOrTx } from "@/db/client";
import { checkFailureThrottle, clearFailures, recordFailure, type FailurePolicy, type ThrottleResult } from "@/lib/rate-limit/failures";

/**
 * Password sign-in throttling (SECURITY A5). Only failures count, so nobody can lock an account
 * by failing on purpose, and a correct password from an address with no failures signs in:
 *  - per email + client address: 5 free failures, then a growing wait (30 s, 1 min, 2 min … 15 min);
 *  - per email, from every address together: a much higher ceiling (50), then the same growth;
 *  - per client address, over every email (credential stuffing): 30, then the same growth.
 * A success clears the email + address count.
 */
const MINUTE = 60_000;
const growth = { baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
export const SIGN_IN_POLICIES = {
  emailAndAddress: { free: 5, ...growth },
  email: { free: 50, ...growth },
  address: { free: 30, ...growth },
} as const satisfies Record<string, FailurePolicy>;

function keysOf(email: string, ip: string) {
  return [
    { key: `sign-in-failures:email-ip:${email}|${ip}`, policy: SIGN_IN_POLICIES.emailAndAddress },
    { key: `sign-in-failures:email:${email}`, policy: SIGN_IN_POLICIES.email },
    { key: `sign-in-failures:ip:${ip}`, policy: SIGN_IN_POLICIES.address },
  ];
}

/** May this email sign in from this address now? Otherwise how many seconds to wait. */
export function checkSignInThrottle(db: DbOrTx, email: string, ip: string): Promise<ThrottleResult> {
  return checkFailureThrottle(db, keysOf(email, ip));
}

export function recordSignInFailure(db: DbOrTx, email: string, ip: string): Promise<void> {
  return recordFailure(db, keysOf(email, ip));
}

export function clearSignInFailures(db: DbOrTx, email: string, ip: string): Promise<void> {
  return clearFailures(db, [keysOf(email, ip)[0]!.key]);
}

/** "Too many failed sign-ins. Wait 4 seconds and try again." */
export function signInWaitMessage(seconds: number): string {
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-ins. Wait ${wait} and try again.`;
}

/** The one answer for an unknown email and a wrong password: it never tells which emails exist. */
export const SIGN_IN_REJECTED = "Email or password is not right.";
