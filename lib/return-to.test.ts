import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("where a person lands after signing in", () => {
  it.each(["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/%0d%0aevil", "/admin", ""])(
    "ignores %s and uses the default",
    (value) => {
      expect(safeReturnTo(value)).toBe("/connections");
    },
  );

  it("keeps a relative path inside the app, with its query", () => {
    expect(safeReturnTo("/settings/tab/integrations?meta_select_page=true")).toBe(
      "/settings/tab/integrations?meta_select_page=true",
    );
    expect(safeReturnTo("/invite/abc")).toBe("/invite/abc");
  });
});
