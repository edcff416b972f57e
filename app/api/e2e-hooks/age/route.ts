import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { ageRows, ZAgeRequest } from "@/lib/e2e-hooks/age";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * E2E only (E2E_TEST_HOOKS=1, which requires SANDBOX_URL): moves a test person's timestamps
 * back so a TTL can pass without waiting. Everywhere else this route does not exist (404).
 */
export async function POST(request: Request): Promise<Response> {
  if (!env().E2E_TEST_HOOKS) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404, headers: noStore });
  const input = ZAgeRequest.safeParse(await request.json().catch(() => null));
  if (!input.success) {
    return Response.json({ error: { code: "invalid_input", message: "Expected {table, email, seconds}." } }, { status: 400, headers: noStore });
  }
  const aged = await ageRows(getDb(), input.data);
  return Response.json({ aged }, { headers: noStore });
}
