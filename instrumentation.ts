// Runs once when a Next.js server process starts: record each request's socket address, migrate the database, then start the
// background workers in-process unless RUN_WORKERS=false (then run `npm run worker` instead).
// (The NEXT_RUNTIME check is Next's own switch; it keeps Node-only code out of the edge build.)
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // First, so every request's X-Forwarded-For ends with the socket's address (per-IP limits).
    const { installPeerAddressHook } = await import("./lib/net/peer-address");
    installPeerAddressHook();
    const { startApp } = await import("./lib/startup");
    await startApp();
  }
}
