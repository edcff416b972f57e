import type { Metadata } from "next";
import Link from "next/link";
import { Copy, LayoutList } from "lucide-react";
import { getDb } from "@/db/client";
import { LiveTargets } from "@/components/posts/LiveTargets";
import { PostsLive } from "@/components/posts/PostsLive";
import { ScheduledPostControls } from "@/components/posts/ScheduledPostControls";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { mediaStorage } from "@/lib/media/storage";
import { requireOrgContext } from "@/lib/orgs/current";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";
import { listPosts, ZPostFilters } from "@/lib/publishing/manage";
import { cancelPostAction, markTargetPostedAction, postTargetAgainAction, retryTargetAction, updateScheduledPostAction } from "./actions";

export const metadata: Metadata = { title: "Posts · Switchboard" };

const STATUS_LABELS = { all: "Any status", scheduled: "Scheduled", in_progress: "In progress", published: "Published", failed: "Failed", unknown: "Can't tell", cancelled: "Cancelled" } as const;

export default async function PostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireOrgContext();
  const raw = await searchParams;
  const parsed = ZPostFilters.safeParse({ status: raw.status || undefined, platform: raw.platform || undefined, from: raw.from || undefined, to: raw.to || undefined });
  const filters = parsed.success ? parsed.data : ZPostFilters.parse({});
  const list = await listPosts(getDb(), mediaStorage(), ctx.org.organizationId, filters);
  const targetActions = { retry: retryTargetAction, markPosted: markTargetPostedAction, postAgain: postTargetAgainAction };
  const filtered = filters.status !== "all" || filters.platform !== "all" || !!filters.from || !!filters.to;
  return (
    <>
      <PageHeader title="Posts" description="Everything you published or scheduled, with each platform's result." />
      <form method="get" className="mb-5 flex flex-wrap items-end gap-3 text-sm" aria-label="Filters">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">Status</span>
          <select name="status" defaultValue={filters.status} className="min-h-10 rounded-md border border-zinc-300 px-2 py-1.5 md:min-h-0">
            {Object.entries(STATUS_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">Channel</span>
          <select name="platform" defaultValue={filters.platform} className="min-h-10 rounded-md border border-zinc-300 px-2 py-1.5 md:min-h-0">
            <option value="all">Any channel</option>
            {Object.values(PLATFORM_CATALOG).map((c) => (
              <option key={c.platform} value={c.platform}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">From</span>
          <input type="date" name="from" defaultValue={filters.from ?? ""} className="min-h-10 rounded-md border border-zinc-300 px-2 py-1 md:min-h-0" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">To</span>
          <input type="date" name="to" defaultValue={filters.to ?? ""} className="min-h-10 rounded-md border border-zinc-300 px-2 py-1 md:min-h-0" />
        </label>
        <Button type="submit" variant="secondary" size="sm">
          Filter
        </Button>
        {filtered && (
          <Link href="/posts" className="text-sm text-brand-600 hover:underline">
            Clear
          </Link>
        )}
      </form>
      {list.length === 0 ? (
        <EmptyState
          icon={LayoutList}
          title={filtered ? "No posts match these filters" : "Nothing published yet"}
          description="Each post you publish shows here with a link to the live post on every platform, and a retry for any that failed."
        >
          <Button asChild>
            <Link href="/compose">Write a post</Link>
          </Button>
        </EmptyState>
      ) : (
        <PostsLive>
          <div className="space-y-4" data-testid="posts-list">
            {list.map((post) => (
              <Card key={post.id} id={`post-${post.id}`} className="scroll-mt-4 p-5" data-testid="post-card">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 flex-1">
                    <p className="text-xs text-zinc-500">
                      {post.cancelled
                        ? "Cancelled"
                        : post.scheduledAt
                          ? `Scheduled for ${new Date(post.scheduledAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: post.timeZone ?? "UTC" })} (${post.timeZone ?? "UTC"})`
                          : `Published ${new Date(post.createdAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: post.timeZone ?? "UTC" })}`}
                    </p>
                    <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-sm text-zinc-900">{post.text || <em className="text-zinc-500">(images only)</em>}</p>
                    {post.images.length > 0 && (
                      <div className="mt-2 flex gap-2">
                        {post.images.map((img) => (
                          // eslint-disable-next-line @next/next/no-img-element
                          <img key={img.id} src={img.url} alt="" className="size-12 rounded object-cover" />
                        ))}
                      </div>
                    )}
                  </div>
                  <Button asChild size="sm" variant="ghost">
                    <Link href={`/compose?duplicate=${post.id}`}>
                      <Copy aria-hidden /> Duplicate
                    </Link>
                  </Button>
                </div>
                {post.editable && post.scheduledAt && (
                  <ScheduledPostControls postId={post.id} text={post.text} scheduledAt={post.scheduledAt} cancelAction={cancelPostAction} updateAction={updateScheduledPostAction} />
                )}
                <div className="mt-3 border-t border-zinc-100">
                  <LiveTargets initial={post} actions={targetActions} />
                </div>
              </Card>
            ))}
          </div>
        </PostsLive>
      )}
    </>
  );
}
