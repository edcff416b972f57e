import { describe, expect, it } from "vitest";
import { THREADS_SCOPES } from "./config";
import { ZThreadsToken } from "./schema";
import { parseThreadsError, toThreadsAccount } from "./transform";

describe("Threads mapping", () => {
  it("the code exchange answer carries the user id and lasts an hour until the long-lived exchange", () => {
    expect(ZThreadsToken.parse({ access_token: "THAA", user_id: 2672 })).toMatchObject({ accessToken: "THAA", providerUserId: "2672", expiresIn: 3600 });
  });

  it("/me becomes a profile connection with its @username and picture", () => {
    const a = toThreadsAccount(
      { id: "26728394857610293", username: "ava.bakes", name: "Ava Martins", threads_profile_picture_url: "https://x/p.jpg" },
      { accessToken: "THAA", expiresIn: 5_184_000 },
      THREADS_SCOPES,
      0,
    );
    expect(a).toMatchObject({ providerAccountId: "26728394857610293", displayName: "Ava Martins", handle: "@ava.bakes", avatarUrl: "https://x/p.jpg" });
    expect(a.tokenExpiresAt?.getTime()).toBe(5_184_000_000);
  });

  it("190 means reconnect, 4/17/32/613 throttling, 10 a permission", () => {
    expect(parseThreadsError(400, { error: { code: 190, message: "expired" } }).kind).toBe("auth");
    expect(parseThreadsError(400, { error: { code: 613 } }).kind).toBe("rate_limit");
    expect(parseThreadsError(400, { error: { code: 10 } }).kind).toBe("permission");
    expect(parseThreadsError(500, {}).kind).toBe("transient");
  });
});
