// `npm run worker`: background workers as their own process, sharing the queue with every
// other worker and app instance on the same PostgreSQL database.
import { database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { startWorkers } from "@/lib/jobs";
import { logger } from "@/lib/log";

const db = database();
if (db.raw.kind === "pglite") {
  logger.warn("the embedded database belongs to one process: set DATABASE_URL to run workers separately");
  process.exit(1);
}
await migrate(db);
const boss = await startWorkers(db);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, "stopping workers");
    await boss.stop({ graceful: true, wait: true });
    await db.raw.close();
    process.exit(0);
  });
}
