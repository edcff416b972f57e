// Runs once when a Next.js server process starts: migrate the database, then start the
// background workers in-process unless RUN_WORKERS=false (then run `npm run worker` instead).
// (The NEXT_RUNTIME check is Next's own switch; it keeps Node-only code out of the edge build.)
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startApp } = await import("./lib/startup");
    await startApp();
  }
}
