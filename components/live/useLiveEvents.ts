"use client";

import * as React from "react";

export type TLiveMode = "connecting" | "live" | "polling";

export interface TLiveEventsOptions {
  /** Each `change` event's data (parsed JSON). */
  onChange: (data: unknown) => void;
  /** Called on each `ready` (the stream's starting point is read): reload what the page shows, so nothing before it is lost. */
  onReady?: () => void;
  /** While the stream is down: called every `ms` (the fallback). Without it, the caller polls on its own when the mode is "polling". */
  poll?: { ms: number; fn: () => void };
}

/**
 * A page's Server-Sent Events stream (lib/live/stream.ts on the server), with polling as the
 * fallback when it is unavailable or drops (two errors in a row, or closed); back to live when it
 * reconnects. Answers the current mode.
 */
export function useLiveEvents(url: string, options: TLiveEventsOptions): TLiveMode {
  const [mode, setMode] = React.useState<TLiveMode>("connecting");
  const ref = React.useRef(options);
  ref.current = options;
  React.useEffect(() => {
    let poll: ReturnType<typeof setInterval> | null = null;
    const startPolling = () => {
      setMode("polling");
      const p = ref.current.poll;
      if (p) poll ??= setInterval(() => ref.current.poll?.fn(), p.ms);
    };
    if (typeof EventSource === "undefined") {
      startPolling();
      return () => {
        if (poll) clearInterval(poll);
      };
    }
    const es = new EventSource(url);
    let failures = 0;
    es.addEventListener("ready", () => {
      failures = 0;
      setMode("live");
      if (poll) {
        clearInterval(poll);
        poll = null;
      }
      ref.current.onReady?.();
    });
    es.addEventListener("change", (e) => {
      let data: unknown = null;
      try {
        data = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        // a change without readable data: still a change
      }
      ref.current.onChange(data);
    });
    es.onerror = () => {
      failures += 1;
      if (failures >= 2 || es.readyState === EventSource.CLOSED) startPolling();
    };
    return () => {
      es.close();
      if (poll) clearInterval(poll);
    };
  }, [url]);
  return mode;
}
