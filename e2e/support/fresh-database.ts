// `tsx e2e/support/fresh-database.ts <url>`: drops and creates the (local) database of <url>, so
// an E2E worker's app starts on an empty PostgreSQL database of its own. Connects through the
// server's `postgres` database.
import postgres from "postgres";

const target = new URL(process.argv[2] ?? "");
const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`fresh-database: unexpected database name ${JSON.stringify(name)}`);
if (!/^(127\.0\.0\.1|localhost)$/.test(target.hostname)) throw new Error("fresh-database: refusing a non-local database");
const admin = new URL(target);
admin.pathname = "/postgres";
const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
try {
  await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.unsafe(`create database "${name}"`);
} finally {
  await sql.end();
}
