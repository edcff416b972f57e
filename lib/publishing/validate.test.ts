import { describe, expect, it } from "vitest";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";
import { escapeLittleText } from "@/lib/providers/linkedin/publish";
import { hasErrors, postsOf, splitIntoThread, threadLimitIssue, threadParts, THREAD_JOINER, validateContent } from "./validate";

const img = { width: 1080, height: 1080 };
const errors = (platform: keyof typeof PLATFORM_CATALOG, text: string, images: { width: number; height: number }[] = []) =>
  validateContent(PLATFORM_CATALOG[platform], { text, images }).filter((i) => i.level === "error").map((i) => i.code);

describe("per-channel validation from each provider's limits table", () => {
  it("X counts with twitter-text: a URL is 23, CJK and emoji 2", () => {
    expect(errors("x", "a".repeat(280))).toEqual([]);
    expect(errors("x", "a".repeat(281))).toEqual(["too_long"]);
    // 140 CJK characters weigh 280; one more is too long.
    expect(errors("x", "日".repeat(140))).toEqual([]);
    expect(errors("x", "日".repeat(141))).toEqual(["too_long"]);
    expect(errors("x", "😀".repeat(141))).toEqual(["too_long"]);
    // A 200-character URL still counts 23.
    expect(errors("x", `${"a".repeat(250)} https://example.com/${"p".repeat(180)}`)).toEqual([]);
    expect(validateContent(PLATFORM_CATALOG.x, { text: "a".repeat(300), images: [] })[0]).toMatchObject({ code: "too_long", canSplit: true });
  });

  it("a thread is measured post by post", () => {
    const parts = splitIntoThread(`${"word ".repeat(120)}end`, 280);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(280);
    const joined = parts.join(THREAD_JOINER);
    expect(threadParts(joined)).toEqual(parts);
    expect(errors("x", joined)).toEqual([]);
    expect(validateContent(PLATFORM_CATALOG.x, { text: joined, images: [] }).map((i) => i.code)).toEqual(["thread"]);
    // One word longer than a post is cut.
    expect(splitIntoThread("x".repeat(600), 280).map((p) => p.length)).toEqual([280, 280, 40]);
  });

  it("Threads counts an emoji by its UTF-8 bytes toward 500", () => {
    expect(errors("threads", "a".repeat(500))).toEqual([]);
    // 125 × 😀 (4 bytes) = 500; one more character is over.
    expect(errors("threads", "😀".repeat(125))).toEqual([]);
    expect(errors("threads", `${"😀".repeat(125)}a`)).toEqual(["too_long"]);
    expect(errors("linkedin", "😀".repeat(125))).toEqual([]);
  });

  it("LinkedIn 3,000; Instagram 2,200 and at least one image; Telegram 4,096 or 1,024 as a caption", () => {
    expect(errors("linkedin", "a".repeat(3000))).toEqual([]);
    expect(errors("linkedin", "a".repeat(3001))).toEqual(["too_long"]);
    expect(errors("instagram", "caption")).toEqual(["image_required"]);
    expect(errors("instagram", "a".repeat(2200), [img])).toEqual([]);
    expect(errors("instagram", "a".repeat(2201), [img])).toEqual(["too_long"]);
    expect(errors("instagram_login", "caption")).toEqual(["image_required"]);
    expect(errors("telegram", "a".repeat(4096))).toEqual([]);
    expect(errors("telegram", "a".repeat(1025), [img])).toEqual(["too_long"]);
    expect(errors("telegram", "a".repeat(1024), [img])).toEqual([]);
    expect(errors("facebook", "", [])).toEqual(["empty"]);
    expect(errors("x", "four at most", [img, img, img, img, img])).toEqual(["too_many_images"]);
  });

  it("an Instagram image outside 4:5–1.91:1 is a warning (fitted with padding), not an error", () => {
    const issues = validateContent(PLATFORM_CATALOG.instagram, { text: "wide", images: [{ width: 3000, height: 1000 }] });
    expect(hasErrors(issues)).toBe(false);
    expect(issues.map((i) => i.code)).toEqual(["padding"]);
  });
});

describe("a thread's whole limit: every post counts toward the connection's posts per 24 hours", () => {
  const thread = (n: number) => Array.from({ length: n }, (_, i) => `Part ${i + 1}`).join(THREAD_JOINER);
  const free = { limit: 17, used: 0 };

  it("a thread of more posts than the cap is an error before sending; as many as the cap is not", () => {
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(17), free)).toBeNull();
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(18), free)).toEqual({ level: "error", code: "thread_limit", message: "This thread has 18 posts, more than the 17 X allows in 24 hours. Shorten it." });
    // A paid tier's cap is the connection's own.
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(18), { limit: 100, used: 0 })).toBeNull();
    // Scheduling does not help: the cap is per 24 hours.
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(18), free, { scheduled: true })?.level).toBe("error");
  });

  it("a thread longer than what is left of the cap: an error now, a warning when scheduled", () => {
    const used = { limit: 17, used: 15 };
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(2), used)).toBeNull();
    const now = threadLimitIssue(PLATFORM_CATALOG.x, thread(3), used);
    expect(now).toMatchObject({ level: "error", code: "thread_limit" });
    expect(now!.message).toBe("This thread has 3 posts and 2 of X's 17 posts per 24 hours are left on this account. Shorten it or schedule it for later.");
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(3), used, { scheduled: true })).toMatchObject({ level: "warning", code: "thread_limit" });
  });

  it("a too-long text is counted as the thread 'Split into a thread' would make, so the warning comes before the split", () => {
    const long = `${"word ".repeat(1200)}end`;
    const split = splitIntoThread(long, 280);
    expect(postsOf(PLATFORM_CATALOG.x, long)).toBe(split.length);
    expect(split.length).toBeGreaterThan(17);
    expect(threadLimitIssue(PLATFORM_CATALOG.x, long, free)?.message).toBe(`Split into a thread, this text makes ${split.length} posts, more than the 17 X allows in 24 hours. Shorten it.`);
    // After the split, the same count, now as the thread it is.
    expect(threadLimitIssue(PLATFORM_CATALOG.x, split.join(THREAD_JOINER), free)?.message).toBe(`This thread has ${split.length} posts, more than the 17 X allows in 24 hours. Shorten it.`);
  });

  it("platforms without threads or without a cap have no thread limit", () => {
    expect(threadLimitIssue(PLATFORM_CATALOG.linkedin, thread(40), free)).toBeNull();
    expect(threadLimitIssue(PLATFORM_CATALOG.x, thread(40), null)).toBeNull();
    expect(postsOf(PLATFORM_CATALOG.telegram, thread(3))).toBe(1);
  });
});

describe("LinkedIn little text", () => {
  it("escapes every reserved character so the commentary arrives whole", () => {
    expect(escapeLittleText("Launch (finally) #bakery @team [x] {y} <z> *a* _b_ ~c~ | \\")).toBe(
      "Launch \\(finally\\) \\#bakery \\@team \\[x\\] \\{y\\} \\<z\\> \\*a\\* \\_b\\_ \\~c\\~ \\| \\\\",
    );
    expect(escapeLittleText("plain words.")).toBe("plain words.");
  });
});
