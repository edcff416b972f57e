/** X's error shapes: OAuth errors `{error, error_description}` and API v2 Problem objects. */
import { json } from "../../core/http";

export function oauthError(status: number, error: string, description: string): Response {
  return json({ error, error_description: description }, status);
}

/** A Problem object as the body (`type` is "about:blank" for plain HTTP problems). */
export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}, type = "about:blank"): Response {
  return json({ title, detail, type, status }, status, headers);
}

export const unauthorized = () => problem(401, "Unauthorized", "Unauthorized");
export const forbidden = () => problem(403, "Forbidden", "Forbidden");

/**
 * 403 for an endpoint the app's access level does not include (X's "Client Forbidden" problem,
 * https://docs.x.com/x-api/fundamentals/response-codes-and-errors).
 */
export function clientForbidden(clientId: string): Response {
  return json(
    {
      client_id: clientId,
      required_enrollment: "Appropriate Level of API Access",
      registration_url: "https://developer.x.com/en/portal/product",
      title: "Client Forbidden",
      detail: "This request must be made using an approved developer account that is enrolled in the requested endpoint. Learn more by visiting our documentation.",
      reason: "client-not-enrolled",
      type: "https://api.twitter.com/2/problems/client-forbidden",
    },
    403,
  );
}

/** 400 with the failing parameters listed in `errors[]`, as v2 reports validation failures. */
export function invalidRequest(errors: Array<{ message: string; parameters?: Record<string, string[]> }>, headers: Record<string, string> = {}): Response {
  return json(
    {
      errors: errors.map((e) => ({ parameters: e.parameters ?? {}, message: e.message })),
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
      status: 400,
    },
    400,
    headers,
  );
}
