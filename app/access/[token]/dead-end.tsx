import { WIZARD_PROBLEMS } from "@/lib/agency/wording";

/** The polite end of a link that no longer works: nothing to do here but ask the agency. */
export function DeadEnd({ reason }: { reason: "unknown" | "revoked" | "expired" }) {
  const text =
    reason === "revoked"
      ? WIZARD_PROBLEMS.revoked!
      : reason === "expired"
        ? WIZARD_PROBLEMS.link_expired!
        : { title: "This link doesn't work", message: "Check that you copied all of it, or ask the agency that sent it for a new one." };
  return (
    <div className="space-y-2 rounded-2xl border border-zinc-200 bg-white p-6 text-center shadow-sm" data-testid="access-dead-end">
      <h1 className="text-xl font-semibold text-zinc-900">{text.title}</h1>
      <p className="text-sm text-zinc-600">{text.message}</p>
    </div>
  );
}
