"use client";

import * as React from "react";
import { ArrowLeft, Check, CheckCheck, Clock, Inbox as InboxIcon, RotateCcw, TriangleAlert, UserRound } from "lucide-react";
import { PlatformIcon } from "@/components/connections/PlatformIcon";
import { useLiveEvents } from "@/components/live/useLiveEvents";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MessageAttachment } from "./MessageAttachment";
import type { TBackfillDto, TConversationDto, TMessageDto, TThreadDto } from "@/lib/inbox/dto";
import { cn } from "@/lib/utils";

type Filters = { channel: "" | "messenger" | "instagram"; unread: boolean; mine: boolean; status: "open" | "done" };

interface Props {
  initialConversations: TConversationDto[];
  initialBackfill: TBackfillDto | null;
  assignees: Array<{ id: string; name: string }>;
  me: string;
  /** A Page or an Instagram Login account still brings messages in. */
  linked: boolean;
  /** The conversation to open first (a notification's link: `/inbox?conversation=<id>`). */
  initialOpenId?: string | null;
}

type ApiError = { error?: { message?: string } };

async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(path, {
      method: init?.method ?? "GET",
      headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      cache: "no-store",
    });
    const json = (await res.json().catch(() => ({}))) as T & ApiError;
    if (!res.ok) return { ok: false, message: json.error?.message ?? `Something went wrong (${res.status}).` };
    return { ok: true, data: json };
  } catch {
    return { ok: false, message: "Switchboard could not be reached. Check your connection." };
  }
}

function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  if (f.channel) q.set("channel", f.channel);
  if (f.unread) q.set("unread", "1");
  if (f.mine) q.set("mine", "1");
  if (f.status === "done") q.set("status", "done");
  return q.toString();
}

const timeFmt = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : d.toLocaleDateString([], { month: "short", day: "numeric" });
};

function Initials({ name }: { name: string }) {
  const letters = name
    .replace(/^@/, "")
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? "")
    .join("")
    .toUpperCase();
  return <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-600">{letters || "?"}</span>;
}

function Person({ c }: { c: TConversationDto }) {
  return c.avatarUrl ? (
    // eslint-disable-next-line @next/next/no-img-element
    <img src={c.avatarUrl} alt="" className="size-9 shrink-0 rounded-full object-cover" />
  ) : (
    <Initials name={c.name} />
  );
}

const STATUS_LABEL: Record<TMessageDto["status"], string> = {
  received: "Received",
  sending: "Sending…",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Not sent",
};

function StatusLine({ m }: { m: TMessageDto }) {
  const icon =
    m.status === "sending" ? <Clock className="size-3" aria-hidden /> : m.status === "sent" ? <Check className="size-3" aria-hidden /> : m.status === "failed" ? <TriangleAlert className="size-3" aria-hidden /> : <CheckCheck className="size-3" aria-hidden />;
  return (
    <span data-testid="message-status" data-status={m.status} className={cn("inline-flex items-center gap-1", m.status === "read" && "font-semibold text-white", m.status === "failed" && "font-semibold text-red-100")}>
      {icon}
      {STATUS_LABEL[m.status]}
      {m.status === "failed" && m.error ? <span>— {m.error}</span> : null}
    </span>
  );
}

export function InboxView({ initialConversations, initialBackfill, assignees, me, linked, initialOpenId }: Props) {
  const [filters, setFilters] = React.useState<Filters>({ channel: "", unread: false, mine: false, status: "open" });
  const [list, setList] = React.useState(initialConversations);
  const [backfill, setBackfill] = React.useState(initialBackfill);
  const [openId, setOpenId] = React.useState<string | null>(null);
  const [thread, setThread] = React.useState<TThreadDto | null>(null);
  const [threadError, setThreadError] = React.useState<string | null>(null);
  const [draft, setDraft] = React.useState("");
  const [sending, setSending] = React.useState(false);
  const [sendError, setSendError] = React.useState<string | null>(null);
  const filtersRef = React.useRef(filters);
  filtersRef.current = filters;
  const openRef = React.useRef(openId);
  openRef.current = openId;
  const bottomRef = React.useRef<HTMLDivElement>(null);

  const refreshList = React.useCallback(async () => {
    const r = await api<{ conversations: TConversationDto[]; backfill: TBackfillDto | null }>(`/api/inbox/conversations?${queryOf(filtersRef.current)}`);
    if (r.ok) {
      setList(r.data.conversations);
      setBackfill(r.data.backfill);
    }
  }, []);

  const refreshThread = React.useCallback(async (id: string, markRead = false) => {
    const r = await api<TThreadDto>(`/api/inbox/conversations/${id}`);
    if (openRef.current !== id) return;
    if (!r.ok) {
      setThreadError(r.message);
      return;
    }
    setThreadError(null);
    setThread(r.data);
    if (markRead && r.data.conversation.unreadCount > 0) {
      await api(`/api/inbox/conversations/${id}/read`, { method: "POST", body: {} });
    }
  }, []);

  const refreshAll = React.useCallback(async () => {
    await refreshList();
    const id = openRef.current;
    // Something new in the open conversation is read at once (and the person sees it was).
    if (id) await refreshThread(id, true);
  }, [refreshList, refreshThread]);

  // Live updates: Server-Sent Events; polling when the stream is unavailable.
  const live = useLiveEvents("/api/inbox/events", { onChange: () => void refreshAll(), poll: { ms: 3_000, fn: () => void refreshAll() } });

  React.useEffect(() => {
    void refreshList();
  }, [filters, refreshList]);

  React.useEffect(() => {
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [thread?.messages.length, openId]);

  const open = async (id: string) => {
    setOpenId(id);
    openRef.current = id;
    setThread(null);
    setSendError(null);
    setDraft("");
    await refreshThread(id, true);
    await refreshList();
  };

  const openedFromLink = React.useRef(false);
  React.useEffect(() => {
    if (openedFromLink.current || !initialOpenId) return;
    openedFromLink.current = true;
    void open(initialOpenId);
    // Once, on arrival; `open` is stable in what it does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialOpenId]);

  const reply = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!openId || !draft.trim()) return;
    setSending(true);
    setSendError(null);
    const text = draft;
    const r = await api<{ status: string; error: string | null }>(`/api/inbox/conversations/${openId}/reply`, { method: "POST", body: { text } });
    setSending(false);
    if (!r.ok) setSendError(r.message);
    else {
      setDraft("");
      if (r.data.status === "failed" && r.data.error) setSendError(r.data.error);
    }
    await refreshAll();
  };

  const assign = async (assigneeId: string) => {
    if (!openId) return;
    const r = await api(`/api/inbox/conversations/${openId}/assign`, { method: "POST", body: { assigneeId: assigneeId || null } });
    if (!r.ok) setThreadError(r.message);
    await refreshAll();
  };

  const setStatus = async (status: "open" | "done") => {
    if (!openId) return;
    const r = await api(`/api/inbox/conversations/${openId}/status`, { method: "POST", body: { status } });
    if (!r.ok) setThreadError(r.message);
    await refreshAll();
  };

  const close = () => {
    setOpenId(null);
    openRef.current = null;
    setThread(null);
    setThreadError(null);
  };
  // Only on a phone, where the list is hidden while a conversation is open.
  const back = (
    <button
      type="button"
      onClick={close}
      aria-label="Back to conversations"
      className="-ml-2 inline-flex size-10 shrink-0 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 md:hidden"
    >
      <ArrowLeft className="size-5" aria-hidden />
    </button>
  );

  const c = thread?.conversation;
  const tag = thread?.window.open && thread.window.tag ? thread.window : null;

  return (
    // On a phone one pane at a time: the list, or the open conversation with a way back to the list.
    <div className="flex h-[calc(100dvh-13rem)] min-h-[28rem] overflow-hidden rounded-xl border border-zinc-200 bg-white md:h-[calc(100vh-12rem)]">
      <aside className={cn("w-full shrink-0 flex-col border-zinc-200 md:flex md:w-80 md:border-r", openId ? "hidden" : "flex")}>
        <div className="space-y-2 border-b border-zinc-200 p-3" role="group" aria-label="Filters">
          <div className="flex gap-1">
            {(["", "messenger", "instagram"] as const).map((ch) => (
              <button
                key={ch || "all"}
                type="button"
                aria-pressed={filters.channel === ch}
                onClick={() => setFilters((f) => ({ ...f, channel: ch }))}
                className={cn("min-h-10 rounded-md px-3 py-1 text-xs font-medium md:min-h-0 md:px-2", filters.channel === ch ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100")}
              >
                {ch === "" ? "All" : ch === "messenger" ? "Messenger" : "Instagram"}
              </button>
            ))}
          </div>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 md:gap-3">
            <label className="inline-flex min-h-10 items-center gap-1.5 md:min-h-0 md:gap-1">
              <input type="checkbox" checked={filters.unread} onChange={(e) => setFilters((f) => ({ ...f, unread: e.target.checked }))} /> Unread
            </label>
            <label className="inline-flex min-h-10 items-center gap-1.5 md:min-h-0 md:gap-1">
              <input type="checkbox" checked={filters.mine} onChange={(e) => setFilters((f) => ({ ...f, mine: e.target.checked }))} /> Mine
            </label>
            <label className="inline-flex min-h-10 items-center gap-1.5 md:min-h-0 md:gap-1">
              <input type="checkbox" checked={filters.status === "done"} onChange={(e) => setFilters((f) => ({ ...f, status: e.target.checked ? "done" : "open" }))} /> Done
            </label>
          </div>
          <p className="text-[11px] text-zinc-400" data-testid="live-mode">
            {live !== "polling" ? "Live" : "Checking for new messages every few seconds"}
          </p>
          {backfill && backfill.status !== "done" ? (
            <p className="text-xs text-zinc-500" data-testid="backfill-progress">
              {backfill.status === "running"
                ? `Importing recent conversations… ${backfill.conversations} conversations, ${backfill.messages} messages so far`
                : `Importing recent conversations failed: ${backfill.error ?? "try reconnecting"}`}
            </p>
          ) : backfill ? (
            <p className="text-xs text-zinc-400" data-testid="backfill-progress">
              Imported {backfill.conversations} recent {backfill.conversations === 1 ? "conversation" : "conversations"}
            </p>
          ) : null}
        </div>
        <ul className="flex-1 overflow-y-auto" aria-label="Conversations">
          {list.length === 0 ? (
            <li className="p-6 text-center text-sm text-zinc-500">
              {filters.status === "done" ? "No conversations marked done." : linked ? "No conversations yet. New messages arrive here as they are sent." : "No conversations."}
            </li>
          ) : (
            list.map((conv) => (
              <li key={conv.id}>
                <button
                  type="button"
                  onClick={() => void open(conv.id)}
                  data-testid="conversation"
                  aria-current={conv.id === openId ? "true" : undefined}
                  className={cn("flex w-full items-start gap-3 border-b border-zinc-100 px-3 py-3 text-left hover:bg-zinc-50", conv.id === openId && "bg-brand-50")}
                >
                  <span className="relative">
                    <Person c={conv} />
                    <PlatformIcon platform={conv.channel === "instagram" ? "instagram" : "facebook"} label={conv.channel === "instagram" ? "Instagram" : "Messenger"} className="absolute -bottom-1 -right-1 size-4 text-[10px]" />
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="flex items-baseline justify-between gap-2">
                      <span className={cn("truncate text-sm", conv.unreadCount > 0 ? "font-semibold text-zinc-900" : "text-zinc-800")}>{conv.name}</span>
                      <span className="shrink-0 text-[11px] text-zinc-400">{timeFmt(conv.lastMessageAt)}</span>
                    </span>
                    <span className="flex items-center justify-between gap-2">
                      <span className="truncate text-xs text-zinc-500" data-testid="preview">
                        {conv.lastMessagePreview}
                      </span>
                      {conv.unreadCount > 0 ? (
                        <span data-testid="unread" className="shrink-0 rounded-full bg-brand-600 px-1.5 text-[10px] font-semibold text-white">
                          {conv.unreadCount}
                        </span>
                      ) : null}
                    </span>
                  </span>
                </button>
              </li>
            ))
          )}
        </ul>
      </aside>

      <section className={cn("min-w-0 flex-1 flex-col md:flex", openId ? "flex" : "hidden")} aria-label="Conversation">
        {!openId ? (
          <div className="flex flex-1 flex-col items-center justify-center text-sm text-zinc-500">
            <InboxIcon className="mb-2 size-6 text-zinc-400" aria-hidden />
            Pick a conversation.
          </div>
        ) : threadError && !thread ? (
          <div className="p-4 md:p-6">
            {back}
            <p className="text-sm text-red-600" role="alert">
              {threadError}
            </p>
          </div>
        ) : !thread || !c ? (
          <div className="flex items-center gap-2 p-4 text-sm text-zinc-500 md:p-6">
            {back}
            Loading…
          </div>
        ) : (
          <>
            <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-zinc-200 px-4 py-3">
              {back}
              <Person c={c} />
              <div className="min-w-0 flex-1">
                <h2 className="truncate text-sm font-semibold text-zinc-900" data-testid="thread-name">
                  {c.name}
                </h2>
                <p className="text-xs text-zinc-500">
                  {c.channel === "instagram" ? "Instagram" : "Messenger"}
                  {c.username ? ` · @${c.username}` : ""}
                </p>
              </div>
              {/* On a phone the controls get a row of their own, so the name is not cut short. */}
              <div className="flex w-full items-center gap-2 md:w-auto">
                <label className="flex min-w-0 flex-1 items-center gap-1 text-xs text-zinc-600 md:flex-none">
                  <UserRound className="size-3.5" aria-hidden />
                  <span className="sr-only">Assigned to</span>
                  <select aria-label="Assign to" className="h-10 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-1.5 py-1 text-xs md:h-auto md:flex-none" value={c.assignedTo?.id ?? ""} onChange={(e) => void assign(e.target.value)}>
                    <option value="">Unassigned</option>
                    {assignees.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.id === me ? `${a.name} (me)` : a.name}
                      </option>
                    ))}
                  </select>
                </label>
                {c.status === "open" ? (
                  <Button size="sm" variant="secondary" onClick={() => void setStatus("done")}>
                    <Check className="size-3.5" aria-hidden /> Mark done
                  </Button>
                ) : (
                  <Button size="sm" variant="secondary" onClick={() => void setStatus("open")}>
                    <RotateCcw className="size-3.5" aria-hidden /> Reopen
                  </Button>
                )}
              </div>
            </header>
            {threadError ? (
              <p className="border-b border-red-100 bg-red-50 px-4 py-2 text-xs text-red-700" role="alert">
                {threadError}
              </p>
            ) : null}
            <ol className="flex-1 space-y-2 overflow-y-auto bg-zinc-50 px-4 py-4" aria-label="Messages">
              {thread.messages.map((m) => (
                <li key={m.id} data-testid="message" data-direction={m.direction} className={cn("flex", m.direction === "out" ? "justify-end" : "justify-start")}>
                  <div className={cn("max-w-[75%] rounded-2xl px-3 py-2 text-sm", m.direction === "out" ? "bg-brand-600 text-white" : "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-200")}>
                    {m.attachments.map((a, i) => (
                      <MessageAttachment key={i} a={a} outgoing={m.direction === "out"} />
                    ))}
                    {m.text ? <p className="whitespace-pre-wrap break-words">{m.text}</p> : null}
                    <p className={cn("mt-1 flex items-center gap-2 text-[10px]", m.direction === "out" ? "text-white/80" : "text-zinc-400")}>
                      <span>{timeFmt(m.sentAt)}</span>
                      {m.direction === "out" ? (
                        <>
                          {m.echo ? <span>Sent from another app</span> : m.sentByName ? <span>{m.sentByName}</span> : null}
                          <StatusLine m={m} />
                        </>
                      ) : null}
                    </p>
                  </div>
                </li>
              ))}
              <div ref={bottomRef} />
            </ol>
            <footer className="border-t border-zinc-200 p-3">
              {thread.readOnly ? (
                <p className="text-sm text-zinc-600" data-testid="read-only">
                  {thread.readOnlyReason}
                </p>
              ) : !thread.window.open ? (
                <p className="text-sm text-zinc-600" data-testid="window-closed">
                  <Badge tone="warning" className="mr-2">
                    Reply window closed
                  </Badge>
                  {thread.window.reason}
                </p>
              ) : (
                <form onSubmit={reply} className="space-y-2">
                  {tag ? (
                    <p className="text-xs text-amber-700" data-testid="human-agent">
                      {tag.reason}
                    </p>
                  ) : null}
                  <div className="flex gap-2">
                    <label htmlFor="reply" className="sr-only">
                      Reply
                    </label>
                    <textarea
                      id="reply"
                      value={draft}
                      onChange={(e) => setDraft(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" && !e.shiftKey) {
                          e.preventDefault();
                          e.currentTarget.form?.requestSubmit();
                        }
                      }}
                      rows={2}
                      placeholder={`Reply on ${c.channel === "instagram" ? "Instagram" : "Messenger"}…`}
                      className="min-h-[2.5rem] flex-1 resize-none rounded-md border border-zinc-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none"
                    />
                    <Button type="submit" disabled={sending || !draft.trim()}>
                      {sending ? "Sending…" : "Send"}
                    </Button>
                  </div>
                  {sendError ? (
                    <p className="text-xs text-red-600" role="alert">
                      {sendError}
                    </p>
                  ) : null}
                </form>
              )}
            </footer>
          </>
        )}
      </section>
    </div>
  );
}
