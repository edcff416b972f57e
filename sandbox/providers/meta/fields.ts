/**
 * Graph API `fields`: "id,name,instagram_business_account{id,username},picture.type(large)".
 * A node is a record of plain values or lazy functions (evaluated only when the field is
 * asked, e.g. a Page's access_token); nested objects and edges take their own sub-fields.
 */

export interface FieldSpec {
  name: string;
  children?: FieldSpec[];
  modifiers: Record<string, string>;
}

/** Parse a fields expression; throws on unbalanced braces. */
export function parseFields(expr: string): FieldSpec[] {
  let i = 0;
  const parseList = (): FieldSpec[] => {
    const out: FieldSpec[] = [];
    while (i < expr.length && expr[i] !== "}") {
      let name = "";
      while (i < expr.length && !",{}.".includes(expr[i]!)) name += expr[i++];
      const spec: FieldSpec = { name: name.trim(), modifiers: {} };
      while (expr[i] === ".") {
        i++;
        let mod = "";
        while (i < expr.length && expr[i] !== "(") mod += expr[i++];
        i++; // (
        let arg = "";
        while (i < expr.length && expr[i] !== ")") arg += expr[i++];
        i++; // )
        spec.modifiers[mod] = arg;
      }
      if (expr[i] === "{") {
        i++;
        spec.children = parseList();
        if (expr[i] !== "}") throw new Error("unbalanced braces");
        i++;
      }
      if (spec.name) out.push(spec);
      if (expr[i] === ",") i++;
    }
    return out;
  };
  const list = parseList();
  if (i < expr.length) throw new Error("unbalanced braces");
  return list;
}

export type NodeValue = unknown | (() => unknown);
export type GraphNode = Record<string, NodeValue>;

export class UnknownField extends Error {
  constructor(
    readonly field: string,
    readonly nodeType: string,
  ) {
    super(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
  }
}

/** Nodes carry their Graph type name under this key (for "nonexisting field" errors). */
export const NODE_TYPE = "__type";

function resolveValue(v: NodeValue): unknown {
  return typeof v === "function" ? (v as () => unknown)() : v;
}

/** Pick the requested fields from a node (defaults when `fields` is absent), recursing into children. */
export function selectFields(node: GraphNode, specs: FieldSpec[] | undefined, defaults: string[] = ["id", "name"]): Record<string, unknown> {
  const list = specs ?? defaults.filter((name) => name in node).map((name) => ({ name, modifiers: {} }));
  const type = String(node[NODE_TYPE] ?? "Node");
  const out: Record<string, unknown> = {};
  for (const spec of list) {
    if (!(spec.name in node)) throw new UnknownField(spec.name, type);
    const value = resolveValue(node[spec.name]);
    if (value === undefined) continue; // a field that exists but has no value is omitted, as Graph does
    out[spec.name] = project(value, spec);
  }
  if ("id" in node && !("id" in out) && specs) out.id = resolveValue(node.id);
  return out;
}

function project(value: unknown, spec: FieldSpec): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    // An edge ({data:[…]}): children apply to each item.
    if (Array.isArray(v.data) && spec.children) {
      return { ...v, data: v.data.map((item) => selectFields(item as GraphNode, spec.children)) };
    }
    // A wrapped value such as picture ({data:{url,…}}): children apply to the wrapped object.
    if (v.data && typeof v.data === "object" && !(NODE_TYPE in v) && spec.children) {
      return { ...v, data: selectFields(v.data as GraphNode, spec.children, []) };
    }
    if (spec.children) return selectFields(v as GraphNode, spec.children);
    if (NODE_TYPE in v) {
      // A nested node without sub-fields: Graph returns only its id.
      return { id: resolveValue(v.id) };
    }
    return v;
  }
  return value;
}
