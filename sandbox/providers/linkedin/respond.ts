/** LinkedIn's error shapes: OAuth `{error, error_description}`, REST `{status, serviceErrorCode?, code?, message}`. */
import { json } from "../../core/http";

export function oauthError(status: number, error: string, description: string): Response {
  return json({ error, error_description: description }, status);
}

export function restError(status: number, message: string, extra: { code?: string; serviceErrorCode?: number } = {}): Response {
  return json({ status, ...(extra.serviceErrorCode !== undefined ? { serviceErrorCode: extra.serviceErrorCode } : {}), ...(extra.code ? { code: extra.code } : {}), message }, status);
}

/** 403 ACCESS_DENIED naming the resource and method, as LinkedIn does ("organizationAcls.FINDER-roleAssignee.202507"). */
export function accessDenied(resource: string): Response {
  return restError(403, `Not enough permissions to access: ${resource}`, { code: "ACCESS_DENIED", serviceErrorCode: 100 });
}

/** 422 with the offending field path, as Rest.li validation reports it. */
export function unprocessable(path: string, detail: string): Response {
  return json(
    {
      status: 422,
      errorDetailType: "com.linkedin.common.error.BadRequest",
      message: `ERROR :: ${path} :: ${detail}`,
      errorDetails: { inputErrors: [{ description: detail, input: { inputPath: { fieldPath: path } }, code: "INVALID_VALUE" }] },
    },
    422,
  );
}

/** Rest.li creates answer 201 with the new entity's URN in `x-restli-id`. */
export function created(id: string, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status: 201,
    headers: { "x-restli-id": id, "x-linkedin-id": id, ...(body === undefined ? {} : { "content-type": "application/json" }) },
  });
}

/** 422 for a post whose text repeats one of the author's recent posts, as LinkedIn answers it (the code is in `errorDetails.inputErrors[]`). */
export function duplicatePost(urn: string): Response {
  return json(
    {
      errorDetailType: "com.linkedin.common.error.BadRequest",
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${urn}`,
      errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] },
      status: 422,
    },
    422,
  );
}
