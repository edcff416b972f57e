"use client";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { ExternalLink, Loader2, RotateCcw } from "lucide-react";
import { Avatar } from "@/components/connections/Avatar";
import { PlatformIcon } from "@/components/connections/PlatformIcon";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { usePostsLive } from "@/components/posts/PostsLive";
import type { ActionResult } from "@/lib/actions";
import type { TPostDto, TTargetDto } from "@/lib/publishing/manage";

const IN_FLIGHT = new Set(["scheduled", "queued", "publishing", "retrying"]);

function time(iso: string | null, timeZone?: string | null): string {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", ...(timeZone ? { timeZone } : {}) });
}

function StatusBadge({ t }: { t: TTargetDto }) {
  switch (t.status) {
    case "published":
      return <Badge tone="success">{t.withoutImage ? "Published without image" : "Published"}</Badge>;
    case "failed":
      return <Badge tone="danger">Failed</Badge>;
    case "unknown":
      return <Badge tone="warning">Can&apos;t tell</Badge>;
    case "retrying":
      return <Badge tone="warning">Retrying at {time(t.nextAttemptAt)}</Badge>;
    case "publishing":
      return (
        <Badge tone="info">
          <Loader2 className="size-3 animate-spin" aria-hidden /> Publishing
        </Badge>
      );
    case "scheduled":
      return <Badge tone="neutral">Scheduled</Badge>;
    case "cancelled":
      return <Badge tone="neutral">Cancelled</Badge>;
    default:
      return <Badge tone="neutral">Queued</Badge>;
  }
}

export type TargetAction = (prev: unknown, input: { targetId: string }) => Promise<ActionResult<{ targetId: string }>>;

/** The server actions for a target, passed down by the page (components never import app/). */
export interface TTargetActions {
  retry: TargetAction;
  markPosted: TargetAction;
  postAgain: TargetAction;
}

function ActionButton({ label, action, targetId, onDone, variant = "secondary" }: { label: string; action: TargetAction; targetId: string; onDone: () => void; variant?: "secondary" | "default" }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col">
      <Button
        size="sm"
        variant={variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await action(null, { targetId });
            if (r.ok) {
              setError(null);
              onDone();
            } else setError(r.error.message);
          })
        }
      >
        {label === "Retry" && <RotateCcw aria-hidden />}
        {label}
      </Button>
      {error && <span className="mt-1 text-xs text-red-600">{error}</span>}
    </span>
  );
}

/** One post's targets with their live state (the page's stream, or polling while any is in flight when it is down); links, Retry, "Mark as posted" / "Post again". */
export function LiveTargets({ initial, actions }: { initial: TPostDto; actions: TTargetActions }) {
  const [post, setPost] = useState(initial);
  const [tick, setTick] = useState(0);
  const live = usePostsLive();
  // Outside a live page, or while its stream is down: poll.
  const polling = !live || live.mode === "polling";
  const inFlight = post.targets.some((t) => IN_FLIGHT.has(t.status) && !(t.status === "scheduled" && post.scheduledAt && Date.parse(post.scheduledAt) - Date.now() > 60 * 60_000));
  const inFlightRef = useRef(inFlight);
  inFlightRef.current = inFlight;
  useEffect(() => setPost(initial), [initial]);
  const load = useCallback(
    async (isStale: () => boolean = () => false) => {
      try {
        const res = await fetch(`/api/posts/${post.id}`, { cache: "no-store" });
        if (!res.ok || isStale()) return;
        const body = (await res.json()) as { post: TPostDto };
        setPost(body.post);
      } catch {
        // Offline for a moment: the next change or poll loads it.
      }
    },
    [post.id],
  );
  // Live: the page's stream says when a target of this post moved (and on each reconnect, in flight ones reload).
  useEffect(() => {
    if (!live) return;
    return live.subscribe(post.id, (reason) => {
      if (reason === "change" || inFlightRef.current) void load();
    });
  }, [live, post.id, load]);
  // Fallback while the stream is down (or outside a live page): poll while any target is in flight.
  useEffect(() => {
    if (tick > 0) void load();
  }, [load, tick]);
  useEffect(() => {
    if (!polling || !inFlight) return;
    let stop = false;
    void load(() => stop);
    const timer = setInterval(() => void load(() => stop), 1500);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [load, inFlight, polling]);
  const refresh = () => setTick((n) => n + 1);
  return (
    <ul className="divide-y divide-zinc-100" data-testid="post-targets">
      {post.targets.map((t) => (
        <li key={t.id} className="flex flex-wrap items-start gap-3 py-3" data-testid={`target-${t.platform}`} data-status={t.status}>
          <div className="relative">
            <Avatar src={t.avatarUrl} name={t.accountName} className="size-8" />
            <PlatformIcon platform={t.platform} className="absolute -bottom-1 -right-1 size-4 ring-2 ring-white" />
          </div>
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium text-zinc-900">{t.accountName}</span>
              <span className="text-xs text-zinc-500">{t.platformName}</span>
              <StatusBadge t={t} />
              {t.remoteUrl && t.status === "published" && (
                <a href={t.remoteUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-xs font-medium text-brand-600 hover:underline" data-testid="target-link">
                  View post <ExternalLink className="size-3" aria-hidden />
                </a>
              )}
            </div>
            {t.text && <p className="mt-1 text-xs text-zinc-500">Custom text for this channel</p>}
            {t.error && t.status !== "published" && <p className="mt-1 text-sm text-zinc-700">{t.error}</p>}
            {t.status === "unknown" && t.profileUrl && (
              <a href={t.profileUrl} target="_blank" rel="noreferrer noopener" className="mt-1 inline-block text-xs text-brand-600 hover:underline">
                Check the profile
              </a>
            )}
          </div>
          <div className="flex gap-2">
            {t.status === "failed" && <ActionButton label="Retry" action={actions.retry} targetId={t.id} onDone={refresh} />}
            {t.status === "unknown" && (
              <>
                <ActionButton label="Mark as posted" action={actions.markPosted} targetId={t.id} onDone={refresh} />
                <ActionButton label="Post again" action={actions.postAgain} targetId={t.id} onDone={refresh} variant="default" />
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
