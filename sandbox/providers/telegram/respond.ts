/** Bot API envelopes: `{ok:true,result}` and `{ok:false,error_code,description,parameters?}`. */
import { json } from "../../core/http";

export function ok(result: unknown): Response {
  return json({ ok: true, result });
}

export function fail(errorCode: number, description: string, parameters?: { retry_after?: number; migrate_to_chat_id?: number }): Response {
  return json({ ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) }, errorCode);
}

export const unauthorized = () => fail(401, "Unauthorized");
export const notFound = () => fail(404, "Not Found");
export const chatNotFound = () => fail(400, "Bad Request: chat not found");
