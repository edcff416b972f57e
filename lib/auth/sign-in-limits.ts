import "server-only";
import type { DbOrTx } from "@/db/client";
import { clearFailures, confirmFailure, releaseAttempt, reserveAttempt, type FailurePolicy, type ThrottleResult } from "@/lib/rate-limit/failures";

/**
 * Password sign-in throttling (SECURITY A5). Only failures count, so nobody can lock an account
 * by failing on purpose, and a correct password from an address with no failures signs in:
 *  - per email + client address: 5 free failures, then a growing wait (30 s, 1 min, 2 min … 15 min);
 *  - per email, from every address together: a much higher ceiling (50), then the same growth;
 *  - per client address, over every email (credential stuffing): 30, then the same growth.
 * Each attempt is reserved before the password is checked (parallel attempts count too); a
 * success clears the email + address count.
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

/** May this email sign in from this address now (the attempt is then counted until it ends)? Otherwise how long to wait. */
export function beginSignInAttempt(db: DbOrTx, email: string, ip: string): Promise<ThrottleResult> {
  return reserveAttempt(db, keysOf(email, ip));
}

/** The attempt's password was wrong (or the email unknown). */
export function signInFailed(db: DbOrTx, email: string, ip: string): Promise<void> {
  return confirmFailure(db, keysOf(email, ip));
}

/** The attempt ended without an answer (an error on our side): it is not counted. */
export function signInAborted(db: DbOrTx, email: string, ip: string): Promise<void> {
  return releaseAttempt(db, keysOf(email, ip));
}

/** The attempt signed in: it is not a failure, and this email + address starts afresh. */
export async function signInSucceeded(db: DbOrTx, email: string, ip: string): Promise<void> {
  const keys = keysOf(email, ip);
  await releaseAttempt(db, keys.slice(1));
  await clearFailures(db, [keys[0]!.key]);
}

/** "Too many failed sign-ins. Wait 30 seconds and try again." */
export function signInWaitMessage(seconds: number): string {
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed sign-ins. Wait ${wait} and try again.`;
}

/** The one answer for an unknown email and a wrong password: it never tells which emails exist. */
export const SIGN_IN_REJECTED = "Email or password is not right.";
