import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth";
import { ZSignUpInput } from "@/lib/auth/schemas";
import { createAuthSession } from "@/lib/auth/sessions";
import { signUpWithPassword } from "@/lib/auth/users";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * E2E only (E2E_TEST_HOOKS=1, which requires SANDBOX_URL): signs a new person up and in as the
 * sign-up form does (the same account, workspace and session), without a browser round trip
 * through the form, for tests where the form is not what they check (e2e/support/test.ts
 * `signUp`; the form itself is tested in e2e/auth.spec.ts). Everywhere else: 404.
 */
export async function POST(request: Request): Promise<Response> {
  if (!env().E2E_TEST_HOOKS) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404, headers: noStore });
  const input = ZSignUpInput.safeParse(await request.json().catch(() => null));
  if (!input.success) return Response.json({ error: { code: "invalid_input", message: "Expected {name, email, password} as the sign-up form takes them." } }, { status: 400, headers: noStore });
  const result = await signUpWithPassword(getDb(), input.data);
  if (!result.ok) return Response.json({ error: { code: "conflict", message: "An account with this email already exists." } }, { status: 409, headers: noStore });
  const ticket = await createAuthSession(getDb(), result.user.id);
  await signIn("ticket", { ticket, redirect: false });
  return Response.json({ userId: result.user.id }, { headers: noStore });
}
