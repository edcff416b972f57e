import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { childLogger } from "@/lib/log";

const log = childLogger({ module: "heartbeat" });
export const HEARTBEAT_MS = 15_000;

/** Records this worker process as alive now and every `intervalMs`; returns the stop function. */
export function beatHeartbeat(db: Db, intervalMs = HEARTBEAT_MS): () => void {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const beat = () =>
    db
      .insert(workerHeartbeats)
      .values({ id })
      .onConflictDoUpdate({ target: workerHeartbeats.id, set: { seenAt: sql`now()` } })
      .catch((err: unknown) => log.warn({ err }, "heartbeat failed"));
  void beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    void db.delete(workerHeartbeats).where(sql`${workerHeartbeats.id} = ${id}`).catch(() => undefined);
  };
}
