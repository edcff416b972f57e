// `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database.
import { database } from "@/db/client";
import { migrate } from "@/db/migrate";

const db = database();
await migrate(db);
console.log(`migrations applied (${db.raw.kind})`);
await db.raw.close();
