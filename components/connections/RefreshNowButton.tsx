"use client";
import { useActionState } from "react";
import { Loader2, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionResult, FormAction } from "@/lib/actions";
import type { TRefreshNowResult } from "@/lib/connections/instagram-login-refresh";

function message(state: ActionResult<TRefreshNowResult> | null): { tone: "ok" | "warn" | "error"; text: string } | null {
  if (!state) return null;
  if (!state.ok) return { tone: "error", text: state.error.message };
  const until = state.data.expiresAt ? new Date(state.data.expiresAt).toLocaleDateString("en", { dateStyle: "medium" }) : null;
  switch (state.data.outcome) {
    case "refreshed":
      return { tone: "ok", text: `Token refreshed${until ? `: valid until ${until}` : ""}.` };
    case "too_young":
      return { tone: "warn", text: "This token is less than a day old; Instagram refreshes tokens once they are 24 hours old. Nothing to do yet." };
    case "needs_reconnect":
      return { tone: "error", text: "Instagram no longer accepts this connection. Reconnect it." };
    case "failed":
      return { tone: "error", text: "Instagram did not answer. Try again in a few minutes." };
    default:
      return { tone: "ok", text: until ? `Token valid until ${until}.` : "Nothing to refresh." };
  }
}

const TONES = { ok: "text-emerald-700", warn: "text-amber-700", error: "text-red-600" } as const;

/** "Refresh now" for an Instagram (Instagram Login) connection card; says why when it cannot. */
export function RefreshNowButton({ connectionId, refresh }: { connectionId: string; refresh: FormAction<TRefreshNowResult> }) {
  const [state, action, pending] = useActionState(refresh, null);
  const said = message(state);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
        Refresh now
      </Button>
      {said ? (
        <p role="status" className={`text-xs ${TONES[said.tone]}`}>
          {said.text}
        </p>
      ) : null}
    </form>
  );
}
