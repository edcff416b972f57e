import { describe, expect, it } from "vitest";
import { connectionHealth } from "./dto";

const DAY = 86_400_000;

describe("token health on the card", () => {
  it("a token we refresh ourselves stays active; one a person must renew shows its days left near expiry", () => {
    const now = 1_000 * DAY;
    expect(connectionHealth({ status: "active", tokenExpiresAt: new Date(now + 3_600_000), hasRefreshToken: true }, now)).toEqual({ kind: "active" });
    expect(connectionHealth({ status: "active", tokenExpiresAt: new Date(now + 50 * DAY), hasRefreshToken: false }, now)).toEqual({ kind: "active" });
    expect(connectionHealth({ status: "active", tokenExpiresAt: new Date(now + 9.5 * DAY), hasRefreshToken: false }, now)).toEqual({ kind: "expiring", days: 10 });
    expect(connectionHealth({ status: "active", tokenExpiresAt: new Date(now - 1), hasRefreshToken: false }, now)).toEqual({ kind: "needs_reconnect", reason: "expired" });
    expect(connectionHealth({ status: "needs_reconnect", tokenExpiresAt: null, hasRefreshToken: true }, now)).toEqual({ kind: "needs_reconnect" });
    expect(connectionHealth({ status: "active", tokenExpiresAt: null, hasRefreshToken: false }, now)).toEqual({ kind: "active" });
  });

  it("expired and revoked connections need a reconnect and say why; a renewable token that missed its refresh shows its days", () => {
    const now = 1_000 * DAY;
    expect(connectionHealth({ status: "expired", tokenExpiresAt: new Date(now - DAY), hasRefreshToken: false }, now)).toEqual({ kind: "needs_reconnect", reason: "expired" });
    expect(connectionHealth({ status: "revoked", tokenExpiresAt: null, hasRefreshToken: false }, now)).toEqual({ kind: "needs_reconnect", reason: "revoked" });
    expect(connectionHealth({ status: "expiring", tokenExpiresAt: new Date(now + 4.5 * DAY), hasRefreshToken: true }, now)).toEqual({ kind: "expiring", days: 5 });
  });
});
