import { describe, expect, it } from "vitest";
import { parseLittleText, RESERVED } from "./little-text";

describe("little text (LinkedIn commentary)", () => {
  it("plain text without reserved characters is kept whole", () => {
    expect(parseLittleText("Fresh beans, 12€ — café ☕ today!")).toEqual({ text: "Fresh beans, 12€ — café ☕ today!", source: "Fresh beans, 12€ — café ☕ today!" });
  });

  it("each reserved character, unescaped, cuts the text at it; escaped, it is plain text", () => {
    expect([...RESERVED]).toEqual(["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~"]);
    for (const ch of RESERVED) {
      expect(parseLittleText(`before ${ch} after`), `unescaped ${ch}`).toEqual({ text: "before ", source: "before ", cutAt: 7 });
      expect(parseLittleText(`before \\${ch} after`), `escaped ${ch}`).toEqual({ text: `before ${ch} after`, source: `before \\${ch} after` });
    }
  });

  it("a backslash before an ordinary character is itself unescaped", () => {
    expect(parseLittleText("C:\\temp")).toEqual({ text: "C:", source: "C:", cutAt: 2 });
  });

  it("renders mentions and the hashtag template; a malformed one cuts", () => {
    expect(parseLittleText("Hi @[Ada \\(CEO\\)](urn:li:person:abc-1_2) and @[Acme](urn:li:organization:123)!").text).toBe("Hi Ada (CEO) and Acme!");
    expect(parseLittleText("Go {hashtag|\\#|coffee} now").text).toBe("Go #coffee now");
    expect(parseLittleText("Hi @[Ada](https://example.com) x")).toMatchObject({ text: "Hi ", cutAt: 3 });
    expect(parseLittleText("Go {hashtag|#|coffee}")).toMatchObject({ text: "Go ", cutAt: 3 });
    expect(parseLittleText("mail me@example.com")).toMatchObject({ text: "mail me", cutAt: 7 });
  });

  it("keeps astral characters whole", () => {
    expect(parseLittleText("😀 done")).toEqual({ text: "😀 done", source: "😀 done" });
  });
});
