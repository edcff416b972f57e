/**
 * The mechanics every table keyed by failure codes shares (a screen's wording table, the API's
 * status table): the codes it has, and the guard that a value from a URL or an error is one of
 * them. Own keys only: "toString" or "__proto__" is no code. Client-safe.
 */

/** The codes a table has words (or a status) for: its own keys, in its order. */
export function codesOf<T extends object>(table: T): Array<Extract<keyof T, string>> {
  return Object.keys(table) as Array<Extract<keyof T, string>>;
}

/** The guard that a value is one of the table's codes. */
export function isCodeOf<T extends object>(table: T): (value: unknown) => value is Extract<keyof T, string> {
  return (value: unknown): value is Extract<keyof T, string> => typeof value === "string" && Object.hasOwn(table, value);
}
