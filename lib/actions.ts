import "server-only";
import { z } from "zod";
import { getOrgContext, type TOrgContext } from "@/lib/orgs/current";
import { getCurrentUser } from "@/lib/auth/current";
import { hasRole } from "@/lib/orgs/membership";
import type { TMembershipRole } from "@/db/schema";
import { logger } from "@/lib/log";
import { ActionFailure, fail, type ActionError } from "@/lib/action-errors";

/**
 * The one way server actions are built: public → signed-in → organization member with a role.
 * Each parses its input with zod, authorizes, then calls a domain function in lib/.
 * Its twin for JSON route handlers is `lib/api/route.ts`; an operation that both offer is written
 * once with `orgOperation` and exposed by `orgActionOf` and `route.operation`.
 */

export { ActionFailure, fail, type ActionError };
export type ActionResult<T = void> = { ok: true; data: T } | { ok: false; error: ActionError };
/** The state a form's useActionState keeps: nothing yet, or the last result. */
export type FormState<T = void> = ActionResult<T> | null;
/**
 * A server action as a component receives it: pages (app/) pass their actions down as props, so
 * components never import from app/ (imports run app → components → lib → db).
 */
export type FormAction<T = void> = (prev: unknown, raw: unknown) => Promise<ActionResult<T>>;

/** FormData (from a form) or a plain object, as one object for a zod schema. */
export function inputOf(raw: unknown): unknown {
  if (raw instanceof FormData) {
    const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
    for (const key of new Set(raw.keys())) {
      if (key.startsWith("$ACTION")) continue;
      const all = raw.getAll(key);
      out[key] = all.length === 1 ? all[0]! : all;
    }
    return out;
  }
  return raw;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (error instanceof ActionFailure) return { ok: false, error: error.error };
    // Next's redirect()/notFound() are thrown on purpose and must propagate.
    if (error && typeof error === "object" && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_")) {
      throw error;
    }
    logger.error({ err: error }, "server action failed");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Please try again." } };
  }
}

export function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(inputOf(raw));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    fail("invalid_input", Object.values(fieldErrors)[0] ?? "Check the form and try again.", fieldErrors);
  }
  return parsed.data;
}

/** An action anyone may call (sign-in, sign-up). Usable directly with useActionState. */
export function publicAction<S extends z.ZodType, T>(schema: S, fn: (input: z.infer<S>) => Promise<T>) {
  return async (_prev: unknown, raw: unknown): Promise<ActionResult<T>> => run(() => fn(parse(schema, raw)));
}

/** An action for a signed-in user. */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, user: NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>) => Promise<T>,
) {
  return async (_prev: unknown, raw: unknown): Promise<ActionResult<T>> =>
    run(async () => {
      const user = await getCurrentUser();
      if (!user) fail("unauthenticated", "Your session has ended. Sign in again.");
      return fn(parse(schema, raw), user);
    });
}

/** An action for a member of the current organization with at least `minimumRole`. */
export function orgAction<S extends z.ZodType, T>(
  minimumRole: TMembershipRole,
  schema: S,
  fn: (input: z.infer<S>, ctx: TOrgContext) => Promise<T>,
) {
  return async (_prev: unknown, raw: unknown): Promise<ActionResult<T>> =>
    run(async () => {
      const ctx = await getOrgContext();
      if (!ctx) fail("unauthenticated", "Your session has ended. Sign in again.");
      requireRole(ctx.org.role, minimumRole);
      return fn(parse(schema, raw), ctx);
    });
}

/** Ends with `forbidden` unless `role` is at least `minimumRole`. */
export function requireRole(role: TMembershipRole, minimumRole: TMembershipRole): void {
  if (!hasRole(role, minimumRole)) {
    fail("forbidden", `Only an organization ${minimumRole === "owner" ? "owner" : "owner or admin"} can do this.`);
  }
}

/**
 * One organization operation that a server action and a JSON route both offer: the minimum role,
 * the input schema and the domain step. Failures are `fail(code, message)` with a code of
 * `lib/api/errors.ts`, so both answer alike. Expose it with `orgActionOf(op)` and
 * `route.operation(op)` (lib/api/route.ts).
 */
export interface OrgOperation<S extends z.ZodType, T> {
  role: TMembershipRole;
  schema: S;
  run: (input: z.infer<S>, ctx: TOrgContext) => Promise<T>;
}

export function orgOperation<S extends z.ZodType, T>(op: OrgOperation<S, T>): OrgOperation<S, T> {
  return op;
}

/** The server action of an operation. */
export function orgActionOf<S extends z.ZodType, T>(op: OrgOperation<S, T>) {
  return orgAction(op.role, op.schema, op.run);
}
