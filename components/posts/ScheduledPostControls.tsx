"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";

function localInputValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Edit (text and time) or cancel a scheduled post before any channel starts. */
export function ScheduledPostControls({
  postId,
  text,
  scheduledAt,
  cancelAction,
  updateAction,
}: {
  postId: string;
  text: string;
  scheduledAt: string;
  cancelAction: (prev: unknown, input: { postId: string }) => Promise<ActionResult<{ postId: string }>>;
  updateAction: (prev: unknown, input: { postId: string; text: string; scheduledAt: string }) => Promise<ActionResult<{ postId: string }>>;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [when, setWhen] = useState(() => localInputValue(scheduledAt));
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<ActionResult<unknown>>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) setError(r.error.message);
      else {
        setError(null);
        setEditing(false);
        router.refresh();
      }
    });
  return (
    <div className="mt-3 space-y-2">
      {editing && (
        <div className="space-y-2">
          <textarea aria-label="Post text" value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} className="w-full rounded-lg border border-zinc-300 p-2 text-sm" />
          <input type="datetime-local" aria-label="New date and time" value={when} onChange={(e) => setWhen(e.target.value)} className="rounded-md border border-zinc-300 px-2 py-1 text-sm" />
        </div>
      )}
      <div className="flex gap-2">
        {editing ? (
          <>
            <Button size="sm" disabled={pending} onClick={() => run(() => updateAction(null, { postId, text: draft, scheduledAt: new Date(when).toISOString() }))}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              Keep as is
            </Button>
          </>
        ) : (
          <>
            <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => cancelAction(null, { postId }))}>
              Cancel post
            </Button>
          </>
        )}
      </div>
      {error && <p className="text-sm text-red-600">{error}</p>}
    </div>
  );
}
