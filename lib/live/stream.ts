import "server-only";

/**
 * Where a live stream's changes come from: the database, checked every `checkMs` (changes made
 * by workers in another process), and optionally an in-process bus (this process's changes, at once).
 */
export interface TLiveSource<T> {
  /** Reads the starting point; answers the check that returns the changes since its last call. */
  start(): Promise<() => Promise<T[]>>;
  subscribe?(fn: (change: T) => void): () => void;
  /** The `data` of one `change` event for a burst of changes. */
  merge(changes: T[]): unknown;
}

export interface TLiveStreamOptions {
  checkMs?: number;
  heartbeatMs?: number;
  /** Changes this close together go out as one event. */
  coalesceMs?: number;
}

/**
 * A Server-Sent Events response: `ready` once the starting point is read (a page reloads what it
 * shows then, so nothing between its render and the stream is lost), `change` with the merged
 * changes, and a keep-alive comment. Ends when the browser goes away (`signal`).
 */
export function liveEventStream<T>(signal: AbortSignal, source: TLiveSource<T>, { checkMs = 2_000, heartbeatMs = 15_000, coalesceMs = 30 }: TLiveStreamOptions = {}): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const check = await source.start();
      const send = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };
      let burst: T[] = [];
      let pending: ReturnType<typeof setTimeout> | null = null;
      const changed = (changes: T[]) => {
        if (changes.length === 0) return;
        burst.push(...changes);
        if (pending) return;
        pending = setTimeout(() => {
          pending = null;
          const data = source.merge(burst);
          burst = [];
          send(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
        }, coalesceMs);
      };
      const unsubscribe = source.subscribe?.((c) => changed([c])) ?? (() => {});
      let checking = false;
      const timer = setInterval(async () => {
        if (checking) return;
        checking = true;
        try {
          changed(await check());
        } catch {
          // The next check tries again.
        } finally {
          checking = false;
        }
      }, checkMs);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(timer);
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      if (signal.aborted) return cleanup();
      signal.addEventListener("abort", cleanup);
      send(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" } });
}
