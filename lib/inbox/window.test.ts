import { describe, expect, it } from "vitest";
import { replyWindow } from "./window";

const H = 3_600_000;
const now = new Date("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("the reply window", () => {
  it("is open for 24 hours after the person's last message", () => {
    const open = replyWindow(ago(23 * H), now, true);
    expect(open.open).toBe(true);
    expect(open.open && open.tag).toBeUndefined();
    expect(replyWindow(ago(24 * H), now, false)).toMatchObject({ open: true });
  });
  it("closes after 24 hours with the reason, unless the app may send human agent replies (then up to 7 days)", () => {
    const closed = replyWindow(ago(25 * H), now, false);
    expect(closed).toMatchObject({ open: false, reason: expect.stringContaining("24 hours") });
    expect(replyWindow(ago(25 * H), now, true)).toMatchObject({ open: true, tag: "HUMAN_AGENT" });
    expect(replyWindow(ago(7 * 24 * H - 1), now, true)).toMatchObject({ open: true, tag: "HUMAN_AGENT" });
    expect(replyWindow(ago(7 * 24 * H + 1), now, true)).toMatchObject({ open: false, reason: expect.stringContaining("7 days") });
  });
  it("is closed for someone who never wrote", () => {
    expect(replyWindow(null, now, true).open).toBe(false);
  });
});
