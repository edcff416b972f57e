import { expect, test } from "./support/test";

// public/: the icons and a robots.txt that keeps the app and its public access links out of search engines.
test("robots.txt is served and disallows the access links and the app", async ({ request }) => {
  const res = await request.get("/robots.txt");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const lines = (await res.text()).split("\n").map((l) => l.trim());
  expect(lines).toContain("User-agent: *");
  expect(lines).toContain("Disallow: /access/");
  expect(lines).toContain("Disallow: /");
});

test("the favicon and app icons are served, and pages point to them and ask not to be indexed", async ({ request, page }) => {
  for (const [path, type] of [
    ["/favicon.ico", "image/"],
    ["/icon.svg", "image/svg+xml"],
    ["/apple-touch-icon.png", "image/png"],
    ["/manifest.webmanifest", "manifest+json"],
  ] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toContain(type);
  }
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /apple-touch-icon\.png/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
});
