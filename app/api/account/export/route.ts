import { getDb } from "@/db/client";
import { fail } from "@/lib/actions";
import { exportAccount } from "@/lib/account/account";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

/** The signed-in person's data as a JSON download (Settings → General → Export my data). */
export const GET = route({ auth: "session", role: "member", rateLimit: { scope: "account-export", limit: 10, windowMs: 60_000 } }, async (_input, who) => {
  const data = await exportAccount(getDb(), who.ctx.user.id);
  if (!data) fail("not_found", "Your account was not found.");
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="switchboard-export-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
