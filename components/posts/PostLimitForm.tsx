"use client";
import { useActionState } from "react";
import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

/**
 * A connection's posts-per-24-hours cap, on its card (owners and admins): empty keeps the
 * platform's default; a paid X tier can raise it. Publishing checks it before sending.
 */
export function PostLimitForm({ connectionId, platformName, current, platformDefault, save }: { connectionId: string; platformName: string; current: number | null; platformDefault: number; save: FormAction<{ postsPer24h: number }> }) {
  const [state, action, pending] = useActionState(save, null);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label="Posts per 24 hours">
      <input type="hidden" name="connectionId" value={connectionId} />
      <label className="flex flex-col gap-1 text-xs text-zinc-600">
        Posts per 24 hours
        <input
          name="postsPer24h"
          type="number"
          min={1}
          max={10000}
          step={1}
          inputMode="numeric"
          defaultValue={current ?? ""}
          placeholder={`${platformDefault} (${platformName}'s free tier)`}
          className="w-44 rounded-md border border-zinc-300 px-2 py-1 text-sm"
        />
      </label>
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        Save limit
      </Button>
      {state ? (
        <p role="status" className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-600"}`}>
          {state.ok ? `Saved: up to ${state.data.postsPer24h} posts per 24 hours.` : state.error.message}
        </p>
      ) : null}
    </form>
  );
}
