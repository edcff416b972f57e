/** GET /{account}/conversations: the account's threads, most recently updated first, with cursor paging. */
import { json, param } from "../../core/http";
import type { SandboxRequest } from "../../core/types";
import { E } from "./errors";
import { fieldSpecs, publicUrl, selectEach } from "./graph";
import { paginate } from "./paging";
import { conversationNode, type Thread, type Threads } from "./threads";

export function conversationsPage(
  req: SandboxRequest,
  threads: Threads,
  accountIds: string[],
  platform: Thread["platform"],
  accountOf: (th: Thread) => { id: string; name: string; username?: string },
): Response {
  const asked = param(req, "platform");
  if (asked !== undefined && asked !== "messenger" && asked !== "instagram") return E.param(`(#100) Param platform must be one of {MESSENGER, INSTAGRAM} - got "${asked}".`);
  const specs = fieldSpecs(req);
  if (specs instanceof Response) return specs;
  const items = [...threads.byKey.values()]
    .filter((th) => accountIds.includes(th.accountId) && th.platform === (asked ?? platform) && th.messages.length > 0)
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  const page = paginate(items, req.query, publicUrl(req), { defaultLimit: 25, maxLimit: 100 });
  if (!page.ok) return E.param(page.message);
  const data = selectEach(page.data.map((th) => conversationNode(th, accountOf(th))), specs, ["id", "updated_time"]);
  if (data instanceof Response) return data;
  return json(page.paging ? { data, paging: page.paging } : { data });
}
