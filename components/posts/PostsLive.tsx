"use client";

import * as React from "react";
import { useLiveEvents, type TLiveMode } from "@/components/live/useLiveEvents";

/** `change`: one of the post's targets moved; `ready`: the stream (re)connected, so a post in flight reloads once. */
type TListener = (reason: "change" | "ready") => void;

interface TPostsLive {
  mode: TLiveMode;
  /** Calls `fn` when one of the post's targets moves, and on each (re)connect; answers the unsubscribe function. */
  subscribe(postId: string, fn: TListener): () => void;
}

const PostsLiveContext = React.createContext<TPostsLive | null>(null);

/** The live state of the posts this page shows, or null outside <PostsLive> (then each post polls while in flight). */
export function usePostsLive(): TPostsLive | null {
  return React.useContext(PostsLiveContext);
}

function postIdsOf(data: unknown): string[] {
  if (!data || typeof data !== "object" || !("changes" in data) || !Array.isArray(data.changes)) return [];
  return data.changes.flatMap((c: unknown) => (c && typeof c === "object" && "postId" in c && typeof c.postId === "string" ? [c.postId] : []));
}

/**
 * One Server-Sent Events stream (`/api/posts/events`) for every post on the page: a target's
 * move reloads its post at once. When the stream drops, the mode turns to "polling" and each
 * post in flight polls on its own until it is back.
 */
export function PostsLive({ children }: { children: React.ReactNode }) {
  const listeners = React.useRef(new Map<string, Set<TListener>>());
  const all = () => [...listeners.current.values()].flatMap((s) => [...s]);
  const mode = useLiveEvents("/api/posts/events", {
    onChange: (data) => {
      for (const id of new Set(postIdsOf(data))) listeners.current.get(id)?.forEach((fn) => fn("change"));
    },
    onReady: () => all().forEach((fn) => fn("ready")),
  });
  const subscribe = React.useCallback((postId: string, fn: TListener) => {
    const set = listeners.current.get(postId) ?? new Set<TListener>();
    set.add(fn);
    listeners.current.set(postId, set);
    return () => {
      set.delete(fn);
      if (set.size === 0) listeners.current.delete(postId);
    };
  }, []);
  const value = React.useMemo(() => ({ mode, subscribe }), [mode, subscribe]);
  return (
    <PostsLiveContext.Provider value={value}>
      <div data-testid="posts-live" data-live={mode}>
        {children}
      </div>
    </PostsLiveContext.Provider>
  );
}
