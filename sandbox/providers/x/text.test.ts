import { describe, expect, it } from "vitest";
import { weightedLength, wrapUrls } from "./text";

describe("X weighted length", () => {
  it("counts Latin text one per character", () => {
    expect(weightedLength("Hello, world")).toBe(12);
  });

  it("counts every URL as 23, however long", () => {
    expect(weightedLength("read https://example.com/a/very/long/path?with=query")).toBe(5 + 23);
    expect(weightedLength("see example.com.")).toBe(4 + 23 + 1);
  });

  it("counts CJK characters and emoji as 2", () => {
    expect(weightedLength("おはよう")).toBe(8);
    expect(weightedLength("👍")).toBe(2);
    expect(weightedLength("👨‍👩‍👧‍👦")).toBe(2);
    expect(weightedLength("é")).toBe(1);
  });

  it("accepts 140 CJK characters and not 141", () => {
    expect(weightedLength("字".repeat(140))).toBe(280);
    expect(weightedLength("字".repeat(141))).toBe(282);
  });

  it("wraps URLs as t.co links in the stored text", () => {
    expect(wrapUrls("new post https://example.com/x, go")).toMatch(/^new post https:\/\/t\.co\/[\w-]{10}, go$/);
  });
});
