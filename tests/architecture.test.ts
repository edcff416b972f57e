import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";

/**
 * The import rules of the README's Architecture section, read from the source tree: imports run
 * one way, app/ → components/ → lib/ → db/ (pages pass server actions to components as props);
 * nothing under lib/ imports sandbox/ (tests take it from tests/support/); and code outside
 * lib/providers/ never branches on a platform's name (the catalog says what differs).
 */

const ROOT = path.resolve(import.meta.dirname, "..");

/** TypeScript files under `dir` (relative to the repository, "/"-separated). */
function filesUnder(dir: string, { tests }: { tests: boolean }): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts") && (tests || !/\.test\.tsx?$/.test(f)));
}

const source = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** Every module a file imports, re-exports or loads with import(), as a repository path when it is ours ("@/…" or relative). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(source(file), true, true).importedFiles.map(({ fileName }) => {
    if (fileName.startsWith("@/")) return fileName.slice(2);
    if (fileName.startsWith(".")) return path.posix.join(path.posix.dirname(file), fileName);
    return fileName;
  });
}

/** "file → module" for each import of `files` into one of `folders`. */
function importsInto(files: string[], folders: string[]): string[] {
  return files.flatMap((file) => importsOf(file).filter((m) => folders.some((f) => m === f || m.startsWith(`${f}/`))).map((m) => `${file} → ${m}`));
}

const PLATFORM_IDS: ReadonlySet<string> = new Set(Object.keys(PLATFORM_CATALOG));
/**
 * Other vocabularies that share words with platform ids: an inbox conversation's `channel`
 * (instagram | messenger) and `via` (page | instagram_login), the Meta `app` that signed a
 * callback and a webhook's `object` (facebook | instagram | page), the `removed_app` flash.
 */
const OTHER_VOCABULARIES: ReadonlySet<string> = new Set(["channel", "via", "app", "object", "removed_app"]);

/** The name an expression is known by: `c.platform` → platform, `one(search.removed_app)` → removed_app. */
function nameOf(e: ts.Expression): string | undefined {
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) return nameOf(e.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (ts.isCallExpression(e) && e.arguments.length === 1) return nameOf(e.arguments[0]!);
  return undefined;
}

const isPlatformId = (e: ts.Node): boolean => ts.isStringLiteralLike(e) && PLATFORM_IDS.has(e.text);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/**
 * Each branch on a platform id in `code`, as "line: text": a comparison with a platform id
 * literal (`p === "x"`, `"facebook" !== c.platform`), a `case "telegram":`, or
 * `["instagram", "instagram_login"].includes(p)` — unless what is compared belongs to one of the
 * OTHER_VOCABULARIES.
 */
function platformBranches(code: string, file = "code.tsx"): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, other: ts.Expression) => {
    const name = nameOf(other);
    if (name !== undefined && OTHER_VOCABULARIES.has(name)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
    found.push(`${line + 1}: ${node.getText(sf)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      if (isPlatformId(node.right)) report(node, node.left);
      else if (isPlatformId(node.left)) report(node, node.right);
    } else if (ts.isCaseClause(node) && isPlatformId(node.expression)) {
      report(node.expression, node.parent.parent.expression);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "includes" &&
      ts.isArrayLiteralExpression(node.expression.expression) &&
      node.expression.expression.elements.some(isPlatformId) &&
      node.arguments[0]
    ) {
      report(node, node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("the import direction app → components → lib → db", () => {
  it("components/ never import from app/ (the page passes its server actions down as props)", () => {
    expect(importsInto(filesUnder("components", { tests: true }), ["app", "sandbox"])).toEqual([]);
  });

  it("lib/ never imports app/ or components/", () => {
    expect(importsInto(filesUnder("lib", { tests: false }), ["app", "components"])).toEqual([]);
  });

  it("nothing under lib/, tests included, imports sandbox/ (tests take it from tests/support/)", () => {
    expect(importsInto(filesUnder("lib", { tests: true }), ["sandbox"])).toEqual([]);
  });

  it("app code (app/, components/, lib/, db/ outside their tests) imports neither vitest nor tests/ (harnesses live in tests/support/)", () => {
    const files = ["app", "components", "lib", "db"].flatMap((dir) => filesUnder(dir, { tests: false }));
    expect([...importsInto(files, ["tests"]), ...files.filter((f) => importsOf(f).includes("vitest"))]).toEqual([]);
  });

  it("db/ imports neither lib/ nor anything above it", () => {
    expect(importsInto(filesUnder("db", { tests: true }), ["lib", "components", "app", "sandbox"])).toEqual([]);
  });

  it("the checks see an import that climbs (a relative one included)", () => {
    // Guards the reader above: both spellings resolve to the folder they name.
    expect(ts.preProcessFile('import { x } from "@/app/a";\nexport * from "../../app/b";', true, true).importedFiles.map((f) => f.fileName)).toEqual([
      "@/app/a",
      "../../app/b",
    ]);
    expect(path.posix.join(path.posix.dirname("components/connections/Card.tsx"), "../../app/b")).toBe("app/b");
  });
});

describe("no branch on a platform's name outside lib/providers/", () => {
  const files = ["app", "components", "lib", "db"].flatMap((dir) => filesUnder(dir, { tests: false })).filter((f) => !f.startsWith("lib/providers/"));

  it("app/, components/, lib/ and db/ read what differs per platform from the catalog", () => {
    expect(files.flatMap((file) => platformBranches(source(file), file).map((b) => `${file}:${b}`))).toEqual([]);
  });

  it("the check catches every spelling of a branch and leaves other vocabularies alone", () => {
    for (const branch of [
      'c.platform === "x"',
      "platform !== 'telegram'",
      'if (o.platform == "telegram") {}',
      '"facebook" === c.platform',
      'p === "x"',
      "shape === `instagram`",
      'account.platform! === "threads"',
      'switch (p) { case "facebook": break; }',
      'switch (kind) { default: break; case "linkedin": }',
      '["instagram", "instagram_login"].includes(p)',
    ]) {
      expect(platformBranches(branch), branch).toHaveLength(1);
    }
    for (const other of [
      'filters.platform !== "all"',
      "platformUi(c.platform).connectDialog",
      'one(search.removed_app) === "facebook"',
      'c.channel === "instagram" ? "Instagram" : "Messenger"',
      'if (app === "facebook") {}',
      'conversation.via === "instagram_login"',
      'switch (c.channel) { case "instagram": }',
      'const label = { x: "X" }["x"]',
    ]) {
      expect(platformBranches(other), other).toEqual([]);
    }
  });
});
