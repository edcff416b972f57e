import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, victimState, type TWorld } from "@/tests/support/authz-world";
import { orgDomainFunctions, routeHandlers, serverActions, type TCheck, type TEntry, type TExempt } from "@/tests/support/entry-points";

/**
 * The authorization matrix (SECURITY A1, A2): every entry point of tests/support/entry-points.ts
 * refuses another organization's ids and a plain member on owner/admin entry points, and nothing
 * happens — and no entry point of the code is missing from that list.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Source files under `dir` (relative to the repository), tests excluded. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f));
}
const source = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const load = (file: string) => import(/* @vite-ignore */ path.join(ROOT, file)) as Promise<Record<string, unknown>>;

/** Does the file start with the "use server" directive (a module of server actions)? */
function isServerActionModule(text: string): boolean {
  return /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(text);
}

async function actualServerActions(): Promise<string[]> {
  const out: string[] = [];
  for (const file of sourceFiles("app")) {
    if (!isServerActionModule(source(file))) continue;
    for (const [name, value] of Object.entries(await load(file))) if (typeof value === "function") out.push(`${file}#${name}`);
  }
  return out.sort();
}

async function actualRouteHandlers(): Promise<string[]> {
  const out: string[] = [];
  for (const file of sourceFiles("app")) {
    if (!/(^|\/)route\.ts$/.test(file)) continue;
    for (const [name, value] of Object.entries(await load(file))) if (HTTP_METHODS.has(name) && typeof value === "function") out.push(`${file}#${name}`);
  }
  return out.sort();
}

/** Exported lib/ functions (declarations or const arrows) with a parameter that mentions an organization id. */
function actualOrgDomainFunctions(): string[] {
  const out: string[] = [];
  for (const file of sourceFiles("lib")) {
    if (file.includes("/testing/")) continue;
    const sf = ts.createSourceFile(file, source(file), ts.ScriptTarget.Latest, true);
    const takesOrg = (params: ts.NodeArray<ts.ParameterDeclaration>) => params.some((p) => /\borganizationId\b|\borgId\b/.test(p.getText(sf)));
    for (const st of sf.statements) {
      if (!(ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) continue;
      if (ts.isFunctionDeclaration(st) && st.name && takesOrg(st.parameters)) out.push(`${file}#${st.name.text}`);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const init = d.initializer;
          if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isIdentifier(d.name) && takesOrg(init.parameters)) {
            out.push(`${file}#${d.name.text}`);
          }
        }
      }
    }
  }
  return out.sort();
}

const isExempt = (c: TCheck | TExempt | undefined): c is TExempt => !!c && "exempt" in c;

describe("every entry point is in the matrix (tests/support/entry-points.ts)", () => {
  it("every export of a \"use server\" module is listed, and every listed action exists", async () => {
    const actual = await actualServerActions();
    expect(actual.length).toBeGreaterThan(5);
    expect({ missing: actual.filter((k) => !(k in serverActions)), stale: Object.keys(serverActions).filter((k) => !actual.includes(k)) }).toEqual({ missing: [], stale: [] });
  });

  it("every method exported by an app/**/route.ts is listed, and every listed handler exists", async () => {
    const actual = await actualRouteHandlers();
    expect(actual.length).toBeGreaterThan(5);
    expect({ missing: actual.filter((k) => !(k in routeHandlers)), stale: Object.keys(routeHandlers).filter((k) => !actual.includes(k)) }).toEqual({ missing: [], stale: [] });
  });

  it("every exported lib/ function taking an organization id is listed, and every listed one exists", () => {
    const actual = actualOrgDomainFunctions();
    expect(actual.length).toBeGreaterThan(5);
    expect({ missing: actual.filter((k) => !(k in orgDomainFunctions)), stale: Object.keys(orgDomainFunctions).filter((k) => !actual.includes(k)) }).toEqual({
      missing: [],
      stale: [],
    });
  });

  it("every action and route says how a plain member is refused (or why that does not apply), and every exemption says why", () => {
    const noMemberDecision = [...Object.entries(serverActions), ...Object.entries(routeHandlers)].filter(([, e]) => e.member === undefined).map(([k]) => k);
    expect(noMemberDecision).toEqual([]);
    const all = [...Object.values(serverActions), ...Object.values(routeHandlers), ...Object.values(orgDomainFunctions)];
    const unexplained = all.flatMap((e) => [e.crossOrg, e.member]).filter((c) => isExempt(c) && c.exempt.trim().length < 15);
    expect(unexplained).toEqual([]);
  });
});

let w: TWorld;

beforeAll(async () => {
  w = await buildWorld();
}, 180_000);

afterAll(async () => {
  await w?.sb.close();
  await w?.tdb.cleanup();
});

function checksOf(list: Record<string, TEntry>): Array<[string, "another organization's ids" | "a plain member", TCheck]> {
  return Object.entries(list).flatMap(([key, e]) =>
    (
      [
        ["another organization's ids", e.crossOrg],
        ["a plain member", e.member],
      ] as const
    ).flatMap(([who, c]) => (c && !isExempt(c) ? [[key, who, c] as [string, typeof who, TCheck]] : [])),
  );
}

for (const [title, list] of [
  ["server actions", serverActions],
  ["route handlers", routeHandlers],
  ["domain functions taking an organization id", orgDomainFunctions],
] as const) {
  describe(`the matrix: ${title}`, () => {
    for (const [key, who, c] of checksOf(list)) {
      it(`${key} refuses ${who} (${c.refused}) and nothing happens`, async () => {
        const prepared = await c.prepare?.(w);
        const before = await victimState(w);
        expect(Object.values(before.rows).flat().length, "the snapshot sees the other organizations' rows").toBeGreaterThan(0);
        expect(await c.run(w, prepared as never)).toBe(c.refused);
        const after = await victimState(w);
        const changed = Object.keys(after.rows).filter((t) => JSON.stringify(after.rows[t]) !== JSON.stringify(before.rows[t]));
        expect({ changed, providerCalls: after.providerCalls }).toEqual({ changed: [], providerCalls: before.providerCalls });
        expect(after).toEqual(before);
      });
    }
  });
}
