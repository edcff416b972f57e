"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

export function RetrySubscriptionButton({ retry }: { retry: FormAction<unknown> }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="space-y-1">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await retry(null, {});
            setError(r.ok ? null : r.error.message);
            router.refresh();
          })
        }
      >
        {pending ? "Retrying…" : "Retry subscription"}
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
