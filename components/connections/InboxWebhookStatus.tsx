"use client";
import { useActionState } from "react";
import { Loader2, RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";
import type { TConnectionDto } from "@/lib/connections/dto";

export type TResubscribeResult = { status: "subscribed" | "not_subscribed"; error: string | null };

const when = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });

/**
 * The Inbox webhook line of an account that subscribes on its own (Instagram Login): "Subscribed",
 * or "Not subscribed" with why and — for those who manage connections — Resubscribe.
 */
export function InboxWebhookStatus({
  connectionId,
  webhook,
  canManage,
  resubscribe,
}: {
  connectionId: string;
  webhook: NonNullable<TConnectionDto["inboxWebhook"]>;
  canManage: boolean;
  resubscribe: FormAction<TResubscribeResult>;
}) {
  const [state, action, pending] = useActionState(resubscribe, null);
  // What the last Resubscribe said wins over what the page was rendered with.
  const status = state?.ok ? state.data.status : webhook.status;
  const error = state ? (state.ok ? state.data.error : state.error.message) : webhook.error;
  return (
    <div className="space-y-1" data-testid="inbox-webhook" data-status={status}>
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
        <span>Inbox webhook</span>
        {status === "subscribed" ? <Badge tone="success">Subscribed</Badge> : <Badge tone="danger">Not subscribed</Badge>}
        {webhook.checkedAt && !state ? <span>checked {when(webhook.checkedAt)}</span> : null}
      </div>
      {status === "not_subscribed" ? (
        <p className="text-xs text-zinc-600">New DMs to this account do not reach the Inbox.{error ? ` ${error}` : ""}</p>
      ) : error ? (
        <p className="text-xs text-amber-700">Last check: {error}</p>
      ) : null}
      {status === "not_subscribed" && canManage ? (
        <form action={action}>
          <input type="hidden" name="connectionId" value={connectionId} />
          <Button type="submit" size="sm" variant="secondary" disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
            Resubscribe
          </Button>
        </form>
      ) : null}
    </div>
  );
}
