import { afterEach, describe, expect, it, vi } from "vitest";
import { sealData } from "iron-session";
import { FLOW_TTL_SECONDS, sealFlowCookie, unsealFlowCookie } from "./cookie";

// The flow cookie binds a callback to the browser that started it (O1): only what we sealed, for
// as long as the flow lives, opens.

const value = { f: "0b6f2f4e-3c1d-4a57-9f0e-2a3b4c5d6e7f", s: "a".repeat(64) };

afterEach(() => {
  vi.useRealTimers();
});

describe("the flow cookie", () => {
  it("opens to exactly what was sealed, as an httpOnly, SameSite=Lax cookie living as long as the flow", async () => {
    const cookie = await sealFlowCookie("oauth_state_x", value);
    expect(cookie).toMatchObject({ name: "oauth_state_x", options: { httpOnly: true, sameSite: "lax", path: "/", maxAge: FLOW_TTL_SECONDS } });
    expect(cookie.value).not.toContain(value.f);
    expect(await unsealFlowCookie(cookie.value)).toEqual(value);
  });

  it("absent, altered, sealed with another secret or older than the flow: null", async () => {
    const cookie = await sealFlowCookie("oauth_state_x", value);
    expect(await unsealFlowCookie(undefined)).toBeNull();
    expect(await unsealFlowCookie("")).toBeNull();
    const altered = cookie.value.slice(0, -4) + (cookie.value.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await unsealFlowCookie(altered)).toBeNull();
    const foreign = await sealData(value, { password: "another-secret-of-at-least-32-characters!!", ttl: FLOW_TTL_SECONDS });
    expect(await unsealFlowCookie(foreign)).toBeNull();
    // The clock moves past the flow's 10 minutes (a fake Date, not a wait).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (FLOW_TTL_SECONDS + 120) * 1000 });
    expect(await unsealFlowCookie(cookie.value)).toBeNull();
  });
});
