import { describe, expect, it } from "vitest";
import { ZAccountIds, ZCreateConnector } from "./schemas";

describe("account_ids", () => {
  it("takes one id, a comma-separated list or an array, with or without act_, and normalises to unique act_<digits>", () => {
    expect(ZAccountIds.parse("123")).toEqual(["act_123"]);
    expect(ZAccountIds.parse("act_123, 456 ,act_456")).toEqual(["act_123", "act_456"]);
    expect(ZAccountIds.parse(["789", "act_1"])).toEqual(["act_789", "act_1"]);
  });

  it("refuses non-numeric ids, empty lists and more than 50 accounts", () => {
    expect(ZAccountIds.safeParse("act_abc").success).toBe(false);
    expect(ZAccountIds.safeParse(" , ").success).toBe(false);
    expect(ZAccountIds.safeParse([]).success).toBe(false);
    expect(ZAccountIds.safeParse(Array.from({ length: 51 }, (_, i) => String(i + 1))).success).toBe(false);
  });
});

describe("create request", () => {
  const base = { external_user_id: "u", connector_type: "Facebook-Marketing", name: "n", replication_config: { account_ids: "1" } };
  it("needs exactly one of credentials and server_side_oauth_secret_id; client_id and client_secret go together", () => {
    expect(ZCreateConnector.safeParse(base).success).toBe(false);
    expect(ZCreateConnector.safeParse({ ...base, credentials: { account_key: "EAAxxxxxxxxxxx" } }).success).toBe(true);
    expect(ZCreateConnector.safeParse({ ...base, server_side_oauth_secret_id: "sos_xxxxxxxxxx" }).success).toBe(true);
    expect(ZCreateConnector.safeParse({ ...base, credentials: { account_key: "EAAxxxxxxxxxxx" }, server_side_oauth_secret_id: "sos_xxxxxxxxxx" }).success).toBe(false);
    expect(ZCreateConnector.safeParse({ ...base, credentials: { access_token: "EAAxxxxxxxxxxx", client_id: "123" } }).success).toBe(false);
    expect(ZCreateConnector.safeParse({ ...base, connector_type: "Google-Ads", credentials: { account_key: "EAAxxxxxxxxxxx" } }).success).toBe(false);
    expect(ZCreateConnector.parse({ ...base, credentials: { account_key: "EAAxxxxxxxxxxx" } }).allow_writes).toBe(false);
  });
});
