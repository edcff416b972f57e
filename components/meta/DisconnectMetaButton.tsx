"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

/** Disconnect with a confirmation step: unsubscribes the Page, keeps every conversation. */
export function DisconnectMetaButton({ pageName, disconnect }: { pageName: string; disconnect: FormAction<unknown> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  if (!confirming) {
    return (
      <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
        Disconnect
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm disconnect" className="w-full space-y-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p>
        Disconnect <strong>{pageName}</strong>? New Messenger and Instagram messages will stop arriving. Conversations already in the
        Inbox stay.
      </p>
      <div className="flex gap-2">
        <Button
          type="button"
          variant="destructive"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await disconnect(null, {});
              if (!r.ok) setError(r.error.message);
              else {
                setConfirming(false);
                router.replace("/settings/tab/integrations");
                router.refresh();
              }
            })
          }
        >
          Yes, disconnect
        </Button>
        <Button type="button" variant="ghost" disabled={pending} onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
