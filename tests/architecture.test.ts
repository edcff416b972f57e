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

const PLATFORMS = Object.keys(PLATFORM_CATALOG).join("|");
/** `platform === "x"`, `c.platform !== 'telegram'`, `"facebook" === platform` … */
const PLATFORM_BRANCH = new RegExp(`\\bplatform\\s*[!=]==?\\s*["'\`](${PLATFORMS})["'\`]|["'\`](${PLATFORMS})["'\`]\\s*[!=]==?\\s*[\\w.]*\\bplatform\\b`);

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
  const branchesIn = (file: string) =>
    source(file)
      .split("\n")
      .flatMap((line, i) => (PLATFORM_BRANCH.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));

  it("app/, components/, lib/ and db/ read what differs per platform from the catalog", () => {
    expect(files.flatMap(branchesIn)).toEqual([]);
  });

  it("the pattern catches the usual spellings and leaves other comparisons alone", () => {
    for (const branch of ['c.platform === "x"', "platform !== 'telegram'", 'if (o.platform == "telegram")', '"facebook" === c.platform']) {
      expect(PLATFORM_BRANCH.test(branch), branch).toBe(true);
    }
    for (const other of ['filters.platform !== "all"', 'platformUi(c.platform).connectDialog', 'one(search.removed_app) === "facebook"']) {
      expect(PLATFORM_BRANCH.test(other), other).toBe(false);
    }
  });
});
