"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Loader2, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionResult, FormAction } from "@/lib/actions";
import type { TReconcileOutcome } from "@/lib/meta-messaging";

type TResult = ActionResult<{ outcome: TReconcileOutcome }>;

function message(r: TResult): { tone: "ok" | "error"; text: string } {
  if (!r.ok) return { tone: "error", text: r.error.message };
  switch (r.data.outcome) {
    case "subscribed":
    case "retried":
      return { tone: "ok", text: "Facebook confirms the Page is subscribed." };
    case "resubscribed":
      return { tone: "ok", text: "Facebook had dropped the Page's subscription; it is subscribed again." };
    case "needs_reconnect":
      return { tone: "error", text: "Facebook no longer accepts this Page's access. Reconnect below." };
    case "failed":
      return { tone: "error", text: "Subscribing again failed; see the message above." };
    default:
      return { tone: "error", text: "Facebook did not answer. Nothing changed; try again in a few minutes." };
  }
}

/** "Check now" on the Meta card: the hourly subscription check, run at once for this organization. */
export function CheckNowButton({ check }: { check: FormAction<{ outcome: TReconcileOutcome }> }) {
  const [said, setSaid] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setSaid(message(await check(null, {})));
            router.refresh();
          })
        }
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
        {pending ? "Checking…" : "Check now"}
      </Button>
      {said ? (
        <p role="status" data-testid="meta-check-result" className={`text-xs ${said.tone === "ok" ? "text-emerald-700" : "text-red-600"}`}>
          {said.text}
        </p>
      ) : null}
    </div>
  );
}
