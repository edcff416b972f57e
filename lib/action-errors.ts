import type { TApiFailureCode } from "@/lib/errors/codes";

/**
 * How a domain step ends an action or a route with a clear message: `fail(code, message)`.
 * Apart from lib/actions.ts (which needs Next's request scope) so that domain code that also runs
 * in worker processes (`npm run worker`, no Next) can use it.
 */
export type ActionError = {
  /** A code of the one failure vocabulary (`lib/errors/codes.ts`) that has an HTTP status in `lib/api/errors.ts` (shared with the JSON routes). */
  code: TApiFailureCode;
  message: string;
  fieldErrors?: Record<string, string>;
  /** Machine-readable extras a JSON route sends as `error.details` (e.g. `retryAfterSeconds`). */
  details?: Record<string, unknown>;
};

export class ActionFailure extends Error {
  constructor(public readonly error: ActionError) {
    super(error.message);
  }
}

/** Throw from a domain step to end the action with a clear message. */
export function fail(code: ActionError["code"], message: string, fieldErrors?: Record<string, string>, details?: Record<string, unknown>): never {
  throw new ActionFailure({ code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(details ? { details } : {}) });
}
