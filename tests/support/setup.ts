import { AsyncLocalStorage } from "node:async_hooks";

// Tests never read a developer's .data directory.
process.env.DATA_DIR ??= `.data-test/${process.pid}`;
process.env.LOG_LEVEL ??= "silent";
// Next's server sets this before its request storage loads (node-environment-baseline); tests
// that call real server actions and route handlers (tests/support/next.ts) need it too.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
