/**
 * The Bot API takes parameters from the query string, a JSON body, a urlencoded form or
 * multipart/form-data, interchangeably. Later sources win, as the body does on Telegram.
 */
import type { SandboxRequest, UploadedFile } from "../../core/types";

export interface BotParams {
  get(name: string): string | undefined;
  file(name: string): UploadedFile | undefined;
}

export function botParams(req: SandboxRequest): BotParams {
  const values = new Map<string, string>();
  req.query.forEach((v, k) => values.set(k, v));
  req.form.forEach((v, k) => values.set(k, v));
  if (req.json && typeof req.json === "object" && !Array.isArray(req.json)) {
    for (const [k, v] of Object.entries(req.json as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      values.set(k, typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));
    }
  }
  return {
    get: (name) => values.get(name),
    file: (name) => req.files?.[name]?.[0],
  };
}
