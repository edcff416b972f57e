// Where the E2E app and sandbox listen. E2E_APP_PORT / E2E_SANDBOX_PORT let several runs share
// a machine; playwright.config.ts starts both servers on these.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4210);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
