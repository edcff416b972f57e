/**
 * The inbox bench's workers in a process of their own (as `npm run worker` runs them beside app
 * instances started with RUN_WORKERS=false): pg-boss with every queue's worker on the bench's
 * PostgreSQL database (INBOX_WORKERS_DATABASE_URL). Says "ready" once started; stops on "stop".
 * Run by bench/inbox-ingest.bench.ts through child_process.fork (the tsx loader is inherited).
 */
import { openPostgres } from "@/db/client";
import { startWorkers } from "@/lib/jobs";

const url = process.env.INBOX_WORKERS_DATABASE_URL;
if (!url) throw new Error("INBOX_WORKERS_DATABASE_URL is not set");
const database = openPostgres(url, { max: 5 });
const boss = await startWorkers(database, { pollingIntervalSeconds: 0.5, schedule: false });
process.send?.("ready");
process.on("message", async (m) => {
  if (m !== "stop") return;
  await boss.stop({ graceful: false, wait: true });
  await database.raw.close();
  process.exit(0);
});
