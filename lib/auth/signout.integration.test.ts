import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { releaseAppDatabase, SESSION_COOKIE, useAppDatabase } from "@/tests/support/next";
import { authSecret, handlers } from "./index";
import { claimAuthSession, createAuthSession, findSessionUser } from "./sessions";
import { createUserWithPersonalOrg } from "./users";

// next-auth's own endpoint, called as Next calls the route: POST /api/auth/signout must end
// the server session (the auth_sessions row), not only clear the cookie (issue 10 #5).

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useAppDatabase(database);
});
afterAll(async () => {
  releaseAppDatabase();
  await database?.cleanup();
});

const APP = "http://localhost:3000";

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

describe("POST /api/auth/signout", () => {
  it("deletes the auth_sessions row, so a copied session cookie no longer signs in", async () => {
    const user = await createUserWithPersonalOrg(database.db, { name: "Copied Cookie", email: "copied@example.com", passwordHash: null });
    const sid = await createAuthSession(database.db, user.id);
    expect(await claimAuthSession(database.db, sid)).toBe(user.id);
    const sessionToken = await encode({ token: { sub: user.id, sid }, secret: authSecret(), salt: SESSION_COOKIE });

    const csrf = await handlers.GET(new NextRequest(`${APP}/api/auth/csrf`));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await handlers.POST(
      new NextRequest(`${APP}/api/auth/signout`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: `${cookiesOf(csrf)}; ${SESSION_COOKIE}=${sessionToken}`,
        },
        body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/sign-in` }).toString(),
      }),
    );
    expect(res.status).toBeLessThan(400);
    // The cookie is cleared, and the server-side session is gone with it.
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect(await findSessionUser(database.db, sid)).toBeNull();
  });
});
