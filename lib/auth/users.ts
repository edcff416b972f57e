import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";
import type { TSignInInput, TSignUpInput } from "./schemas";

export type TUser = typeof users.$inferSelect;

export type SignUpResult = { ok: true; user: TUser } | { ok: false; code: "email_taken" };
export type SignInResult = { ok: true; user: TUser } | { ok: false; code: "unknown_email" | "wrong_password" };

/** Creates a user with their personal organization (they are its owner). */
export async function createUserWithPersonalOrg(
  db: DbOrTx,
  input: { name: string | null; email: string | null; passwordHash: string | null; image?: string | null },
): Promise<TUser> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash: input.passwordHash, image: input.image ?? null })
      .returning();
    if (!user) throw new Error("user insert returned nothing");
    const [org] = await tx
      .insert(organizations)
      .values({ name: `${input.name?.split(" ")[0] || "My"}'s workspace`, personal: true })
      .returning();
    if (!org) throw new Error("organization insert returned nothing");
    await tx.insert(memberships).values({ organizationId: org.id, userId: user.id, role: "owner" });
    return user;
  });
}

/** Signs a person up with email and password. */
export async function signUpWithPassword(db: DbOrTx, input: TSignUpInput): Promise<SignUpResult> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing.length > 0) return { ok: false, code: "email_taken" };
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await createUserWithPersonalOrg(db, { name: input.name, email: input.email, passwordHash });
    return { ok: true, user };
  } catch (error) {
    // Two sign-ups with the same email at once: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, code: "email_taken" };
    throw error;
  }
}

let dummyHash: Promise<string> | undefined;
function unknownEmailHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

/** Checks an email and password. */
export async function checkPassword(db: DbOrTx, input: TSignInInput): Promise<SignInResult> {
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!user) {
    // As slow as a wrong password, so the time taken does not tell which emails have accounts.
    await verifyPassword(await unknownEmailHash(), input.password);
    return { ok: false, code: "unknown_email" };
  }
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
    return { ok: false, code: "wrong_password" };
  }
  return { ok: true, user };
}

/** True for PostgreSQL's unique_violation (23505), through either driver. */
export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    if ((e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
