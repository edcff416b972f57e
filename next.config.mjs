/**
 * Next's development request log prints every URL whole. Lines whose URL carries a secret — an
 * OAuth `code` or `state`, any token, an invitation link — are left out (SECURITY S5).
 * lib/http/redact.ts lists the secret names; lib/http/dev-request-log.test.ts keeps the two in step.
 */
const SECRET_QUERY =
  /[?&](code|state|access_token|refresh_token|client_secret|code_verifier|fb_exchange_token|input_token|appsecret_proof|signed_request|password|id_token|token|hub\.verify_token|verify_token|client_assertion)=/i;
const SECRET_PATH = /^\/invite\//;

/** @type {import('next').NextConfig} */
const nextConfig = {
  logging: { incomingRequests: { ignore: [SECRET_QUERY, SECRET_PATH] } },
  // Separate build folders let the E2E server run beside `npm run dev` (see playwright.config.ts).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  devIndicators: { position: "bottom-right" },
  // Native, WASM or worker-thread packages run from node_modules instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "@node-rs/argon2", "pino", "postgres"],
  typedRoutes: false,
  // Compose uploads images through a server action (lib/media caps each at 20 MB).
  experimental: { serverActions: { bodySizeLimit: "21mb" } },
  eslint: { ignoreDuringBuilds: true },
  // `npm test` type-checks separately (tsc --noEmit). An E2E build names its own tsconfig (one that
  // extends ours), so the include line Next adds for its dist folder never lands in tsconfig.json.
  typescript: { ignoreBuildErrors: true, tsconfigPath: process.env.NEXT_TSCONFIG_PATH || "tsconfig.json" },
  webpack(config) {
    // The embedded database and test output live in the project folder; changes there are data.
    config.watchOptions = {
      ...config.watchOptions,
      ignored: ["**/node_modules/**", "**/.git/**", "**/.data*/**", "**/.next*/**", "**/test-results/**"],
    };
    return config;
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      {
        // OAuth callbacks carry a code and state in their URL: never leak it as a Referer (SECURITY O7).
        // Listed last so it wins: Next keeps a config header over the same one set by a route handler.
        source: "/:path*/callback",
        headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
      },
    ];
  },
};

export default nextConfig;
