"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { TNotificationDto } from "@/lib/notifications/queries";
import type { FormAction } from "@/lib/actions";

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** The notifications of this person in this workspace, newest first, with mark-read and mark-all-read. */
export function NotificationList({ items, markRead, markAllRead }: { items: TNotificationDto[]; markRead: FormAction; markAllRead: FormAction<unknown> }) {
  const [pending, start] = useTransition();
  const router = useRouter();
  const unread = items.filter((n) => !n.read).length;

  function run(action: () => Promise<{ ok: boolean; error?: { message: string } }>) {
    start(async () => {
      const r = await action();
      if (!r.ok) toast.error(r.error?.message ?? "Something went wrong.");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <p className="text-sm text-zinc-500" data-testid="unread-summary">
          {unread === 0 ? "Nothing unread." : `${unread} unread`}
        </p>
        <Button size="sm" variant="secondary" disabled={pending || unread === 0} onClick={() => run(() => markAllRead(null, {}))}>
          Mark all read
        </Button>
      </div>
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white">
        {items.map((n) => (
          <li key={n.id} data-testid="notification" data-read={n.read ? "true" : "false"} className="flex items-start gap-3 p-4">
            <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`} />
            <div className="min-w-0 flex-1">
              <p className={`text-sm ${n.read ? "text-zinc-600" : "font-semibold text-zinc-900"}`}>
                {n.subject}
                {n.read ? null : <span className="sr-only"> (unread)</span>}
              </p>
              {n.body ? <p className="mt-0.5 text-sm text-zinc-500">{n.body}</p> : null}
              <p className="mt-1 text-xs text-zinc-400">{when.format(new Date(n.createdAt))}</p>
            </div>
            <div className="flex shrink-0 items-center gap-2">
              {n.read ? null : (
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => markRead(null, { id: n.id }))}>
                  Mark read
                </Button>
              )}
              <Button asChild size="sm">
                <a href={`/notifications/open/${n.id}`}>{n.actionLabel}</a>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
