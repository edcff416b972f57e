"use client";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { ArrowLeft, ArrowRight, CalendarClock, ImagePlus, Scissors, Send, X as Close } from "lucide-react";
import { Avatar } from "@/components/connections/Avatar";
import { PlatformIcon } from "@/components/connections/PlatformIcon";
import { LiveTargets, type TTargetActions } from "@/components/posts/LiveTargets";
import { PostsLive } from "@/components/posts/PostsLive";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";
import type { ProviderCatalog } from "@/lib/providers/types";
import type { TPostDto } from "@/lib/publishing/manage";
import { hasErrors, lengthOf, limitOf, splitIntoThread, THREAD_JOINER, threadLimitIssue, validateContent, type TContentIssue } from "@/lib/publishing/validate";
import { PostPreview, type TPreviewImage } from "./Preview";

export interface TComposeConnection {
  id: string;
  platform: string;
  displayName: string;
  handle: string | null;
  avatarUrl: string | null;
  /** The rolling 24-hour post cap, where the platform has one (X). */
  quota: { limit: number; used: number; nextSlotAt: string | null } | null;
}

type UploadResult = { id: string; width: number; height: number; mime: string; url: string };
type PublishInput = {
  text: string;
  mediaIds: string[];
  targets: { connectionId: string; text?: string | null; dropImages?: boolean }[];
  scheduledAt?: string | null;
  timeZone?: string | null;
  allowTextFallback: boolean;
  idempotencyKey: string;
};

export interface TComposerProps {
  connections: TComposeConnection[];
  initial?: { text: string; images: TPreviewImage[] };
  uploadAction: (prev: unknown, form: FormData) => Promise<ActionResult<UploadResult>>;
  publishAction: (prev: unknown, input: PublishInput) => Promise<ActionResult<{ postId: string }>>;
  targetActions: TTargetActions;
}

const REMEMBER_KEY = "switchboard.compose.channels";
const catalogOf = (platform: string) => (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[platform];

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface TVariant {
  text?: string;
  dropImages?: boolean;
}

/** Compose: one text, images, channels, live per-channel validation and previews, publish now or schedule. */
export function Composer({ connections, initial, uploadAction, publishAction, targetActions }: TComposerProps) {
  const [text, setText] = useState(initial?.text ?? "");
  const [images, setImages] = useState<TPreviewImage[]>(initial?.images ?? []);
  const [selected, setSelected] = useState<string[]>([]);
  const [variants, setVariants] = useState<Record<string, TVariant>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [mode, setMode] = useState<"now" | "schedule">("now");
  const [when, setWhen] = useState(() => localInputValue(new Date(Date.now() + 60 * 60_000)));
  const [allowFallback, setAllowFallback] = useState(true);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(0);
  const [published, setPublished] = useState<TPostDto | null>(null);
  const [pending, start] = useTransition();
  const [dragOver, setDragOver] = useState(false);
  const dragFrom = useRef<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);

  // The last channels chosen, remembered in this browser.
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(REMEMBER_KEY) ?? "[]") as unknown;
      if (Array.isArray(saved)) setSelected(connections.filter((c) => saved.includes(c.id)).map((c) => c.id));
    } catch {
      /* nothing remembered */
    }
  }, [connections]);

  const toggle = (id: string) => {
    setSelected((prev) => {
      const next = prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id];
      localStorage.setItem(REMEMBER_KEY, JSON.stringify(next));
      return next;
    });
  };

  const groups = useMemo(() => {
    const by = new Map<string, TComposeConnection[]>();
    for (const c of connections) by.set(c.platform, [...(by.get(c.platform) ?? []), c]);
    return [...by.entries()];
  }, [connections]);

  const chosen = connections.filter((c) => selected.includes(c.id));
  const contentOf = (c: TComposeConnection) => {
    const v = variants[c.id];
    return { text: v?.text ?? text, images: v?.dropImages ? [] : images };
  };
  const scheduledAt = mode === "schedule" ? new Date(when) : null;
  const issuesOf = (c: TComposeConnection): TContentIssue[] => {
    const catalog = catalogOf(c.platform);
    if (!catalog) return [];
    const issues = validateContent(catalog, contentOf(c));
    const slot = c.quota?.nextSlotAt ? new Date(c.quota.nextSlotAt) : null;
    if (slot && (!scheduledAt || scheduledAt < slot)) {
      issues.unshift({
        level: "error",
        code: "limit",
        message: `${c.displayName} used all ${c.quota!.limit} posts ${catalog.name} allows in 24 hours. The next slot opens at ${slot.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}.`,
      });
    } else {
      // A thread (or the one "Split into a thread" would make) longer than the 24-hour cap, or than what is left of it.
      const whole = threadLimitIssue(catalog, contentOf(c).text, c.quota, { scheduled: !!scheduledAt });
      if (whole) issues.push(whole);
    }
    return issues;
  };
  const allIssues = chosen.map((c) => ({ c, issues: issuesOf(c) }));
  const blocked = chosen.length === 0 || allIssues.some((x) => hasErrors(x.issues)) || uploading > 0 || (mode === "schedule" && !(scheduledAt && scheduledAt.getTime() > Date.now()));

  async function upload(files: File[]) {
    setUploadError(null);
    for (const file of files) {
      setUploading((n) => n + 1);
      try {
        const form = new FormData();
        form.set("file", file);
        const r = await uploadAction(null, form);
        if (r.ok) setImages((prev) => [...prev, { id: r.data.id, url: r.data.url, width: r.data.width, height: r.data.height }]);
        else setUploadError(`${file.name}: ${r.error.message}`);
      } catch {
        setUploadError(`${file.name}: the upload did not finish. Try again.`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  }

  function move(from: number, to: number) {
    setImages((prev) => {
      if (to < 0 || to >= prev.length) return prev;
      const next = [...prev];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    });
  }

  function submit() {
    setError(null);
    start(async () => {
      const r = await publishAction(null, {
        text,
        mediaIds: images.map((i) => i.id),
        targets: chosen.map((c) => ({ connectionId: c.id, text: variants[c.id]?.text ?? null, dropImages: !!variants[c.id]?.dropImages })),
        scheduledAt: scheduledAt ? scheduledAt.toISOString() : null,
        timeZone,
        allowTextFallback: allowFallback,
        idempotencyKey: key,
      });
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      const res = await fetch(`/api/posts/${r.data.postId}`, { cache: "no-store" });
      if (res.ok) setPublished(((await res.json()) as { post: TPostDto }).post);
    });
  }

  function reset() {
    setText("");
    setImages([]);
    setVariants({});
    setEditing(null);
    setPublished(null);
    setKey(newKey());
  }

  if (published) {
    return (
      <Card className="p-5" data-testid="publish-result">
        <div className="mb-3 flex items-center justify-between gap-3">
          <div>
            <h2 className="text-base font-semibold text-zinc-900">{published.scheduledAt ? "Scheduled" : "Publishing"}</h2>
            <p className="text-sm text-zinc-500">
              {published.scheduledAt
                ? `Goes out ${new Date(published.scheduledAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })} (${timeZone}). This page updates by itself.`
                : "Each channel's result appears here as it happens."}
            </p>
          </div>
          <Button variant="secondary" onClick={reset}>
            Write another
          </Button>
        </div>
        <PostsLive>
          <LiveTargets initial={published} actions={targetActions} />
        </PostsLive>
      </Card>
    );
  }

  const editingConn = chosen.find((c) => c.id === editing) ?? null;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <div className="space-y-5">
        <Card className="p-5">
          <label htmlFor="compose-text" className="text-sm font-medium text-zinc-900">
            Post
          </label>
          <textarea
            id="compose-text"
            data-testid="compose-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPaste={(e) => {
              const files = [...e.clipboardData.files].filter((f) => f.type.startsWith("image/"));
              if (files.length) {
                e.preventDefault();
                void upload(files);
              }
            }}
            rows={7}
            placeholder="What do you want to share?"
            className="mt-2 w-full resize-y rounded-lg border border-zinc-300 p-3 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          />
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragOver(true);
            }}
            onDragLeave={() => setDragOver(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragOver(false);
              const files = [...e.dataTransfer.files].filter((f) => f.type.startsWith("image/"));
              if (files.length) void upload(files);
            }}
            className={`mt-3 rounded-lg border border-dashed p-3 ${dragOver ? "border-brand-500 bg-brand-50" : "border-zinc-300"}`}
            data-testid="image-drop"
          >
            <div className="flex flex-wrap items-center gap-3">
              {images.map((img, i) => (
                <div
                  key={img.id}
                  draggable
                  onDragStart={() => (dragFrom.current = i)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.stopPropagation();
                    if (dragFrom.current !== null) move(dragFrom.current, i);
                    dragFrom.current = null;
                  }}
                  className="group relative size-20 overflow-hidden rounded-md border border-zinc-200 bg-zinc-50"
                  data-testid="compose-image"
                >
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={img.url} alt={`Image ${i + 1}`} className="size-full object-cover" />
                  <div className="absolute inset-x-0 bottom-0 flex justify-between bg-black/50 opacity-0 transition group-hover:opacity-100 group-focus-within:opacity-100">
                    <button type="button" aria-label={`Move image ${i + 1} left`} className="p-1 text-white" onClick={() => move(i, i - 1)}>
                      <ArrowLeft className="size-3" />
                    </button>
                    <button type="button" aria-label={`Remove image ${i + 1}`} className="p-1 text-white" onClick={() => setImages((prev) => prev.filter((x) => x.id !== img.id))}>
                      <Close className="size-3" />
                    </button>
                    <button type="button" aria-label={`Move image ${i + 1} right`} className="p-1 text-white" onClick={() => move(i, i + 1)}>
                      <ArrowRight className="size-3" />
                    </button>
                  </div>
                </div>
              ))}
              <Button type="button" variant="secondary" size="sm" onClick={() => fileInput.current?.click()} disabled={uploading > 0}>
                <ImagePlus aria-hidden /> {uploading > 0 ? "Uploading…" : "Add images"}
              </Button>
              <span className="text-xs text-zinc-500">Drop, paste or choose JPEG, PNG, WebP or GIF (up to 20 MB each).</span>
              <input
                ref={fileInput}
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                multiple
                hidden
                data-testid="compose-file"
                onChange={(e) => {
                  const files = [...(e.target.files ?? [])];
                  e.target.value = "";
                  if (files.length) void upload(files);
                }}
              />
            </div>
            {uploadError && <p className="mt-2 text-sm text-red-600">{uploadError}</p>}
          </div>
        </Card>

        <Card className="p-5">
          <h2 className="text-sm font-medium text-zinc-900">Channels</h2>
          <div className="mt-3 space-y-4">
            {groups.map(([platform, list]) => (
              <fieldset key={platform}>
                <legend className="mb-2 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
                  <PlatformIcon platform={platform} className="size-4" /> {catalogOf(platform)?.name ?? platform}
                </legend>
                <div className="flex flex-wrap gap-2">
                  {list.map((c) => {
                    const on = selected.includes(c.id);
                    return (
                      <button
                        key={c.id}
                        type="button"
                        role="checkbox"
                        aria-checked={on}
                        data-testid={`channel-${c.platform}`}
                        onClick={() => toggle(c.id)}
                        className={`flex items-center gap-2 rounded-full border py-1 pl-1 pr-3 text-sm transition ${on ? "border-brand-500 bg-brand-50 text-brand-800" : "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50"}`}
                      >
                        <Avatar src={c.avatarUrl} name={c.displayName} className="size-6" />
                        {c.displayName}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            ))}
          </div>
        </Card>

        {chosen.length > 0 && (
          <Card className="p-5" data-testid="validation">
            <h2 className="text-sm font-medium text-zinc-900">Per channel</h2>
            <ul className="mt-3 space-y-3">
              {allIssues.map(({ c, issues }) => {
                const catalog = catalogOf(c.platform)!;
                const content = contentOf(c);
                const limit = limitOf(catalog, content.images.length);
                const count = Math.max(...content.text.split(/\n-{3,}\n/).map((p) => lengthOf(catalog, p)));
                const v = variants[c.id];
                return (
                  <li key={c.id} className="rounded-lg border border-zinc-200 p-3" data-testid={`check-${c.platform}`}>
                    <div className="flex flex-wrap items-center gap-2">
                      <PlatformIcon platform={c.platform} className="size-5" />
                      <span className="text-sm font-medium">{c.displayName}</span>
                      <span className={`ml-auto text-xs tabular-nums ${count > limit ? "text-red-600" : "text-zinc-500"}`} data-testid={`count-${c.platform}`}>
                        {count.toLocaleString()} / {limit.toLocaleString()}
                      </span>
                      <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(editing === c.id ? null : c.id)}>
                        {v?.text !== undefined || v?.dropImages ? "Edit custom version" : "Customize"}
                      </Button>
                    </div>
                    {issues.map((issue, i) => (
                      <p key={i} className={`mt-1 text-sm ${issue.level === "error" ? "text-red-600" : "text-amber-700"}`}>
                        {issue.message}
                        {issue.canSplit && (
                          <Button
                            type="button"
                            size="sm"
                            variant="link"
                            onClick={() => setVariants((prev) => ({ ...prev, [c.id]: { ...prev[c.id], text: splitIntoThread(content.text, catalog.limits.textMaxLength, (t) => lengthOf(catalog, t)).join(THREAD_JOINER) } }))}
                          >
                            <Scissors aria-hidden /> Split into a thread
                          </Button>
                        )}
                      </p>
                    ))}
                    {editingConn?.id === c.id && (
                      <div className="mt-3 space-y-2">
                        <textarea
                          aria-label={`Text for ${c.displayName}`}
                          data-testid={`variant-${c.platform}`}
                          value={v?.text ?? text}
                          onChange={(e) => setVariants((prev) => ({ ...prev, [c.id]: { ...prev[c.id], text: e.target.value } }))}
                          rows={4}
                          className="w-full rounded-lg border border-zinc-300 p-2 text-sm"
                        />
                        <div className="flex flex-wrap items-center gap-4 text-sm">
                          <label className="flex items-center gap-2">
                            <input type="checkbox" checked={!!v?.dropImages} onChange={(e) => setVariants((prev) => ({ ...prev, [c.id]: { ...prev[c.id], dropImages: e.target.checked } }))} />
                            No images on this channel
                          </label>
                          <Button
                            type="button"
                            size="sm"
                            variant="ghost"
                            onClick={() =>
                              setVariants((prev) => {
                                const next = { ...prev };
                                delete next[c.id];
                                return next;
                              })
                            }
                          >
                            Use the main text
                          </Button>
                        </div>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </Card>
        )}

        <Card className="p-5">
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="when" checked={mode === "now"} onChange={() => setMode("now")} /> Publish now
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="when" checked={mode === "schedule"} onChange={() => setMode("schedule")} data-testid="mode-schedule" /> Schedule
            </label>
            {mode === "schedule" && (
              <span className="flex items-center gap-2">
                <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} className="rounded-md border border-zinc-300 px-2 py-1" aria-label="Date and time" data-testid="schedule-at" />
                <span className="text-xs text-zinc-500">{timeZone}</span>
              </span>
            )}
          </div>
          <label className="mt-3 flex items-center gap-2 text-sm text-zinc-700">
            <input type="checkbox" checked={allowFallback} onChange={(e) => setAllowFallback(e.target.checked)} />
            If X or LinkedIn refuses the image, post the text alone (marked &ldquo;published without image&rdquo;)
          </label>
          {error && (
            <Alert tone="error" className="mt-3">
              {error}
            </Alert>
          )}
          <div className="mt-4 flex items-center gap-3">
            <Button type="button" onClick={submit} disabled={blocked || pending} data-testid="publish">
              {mode === "schedule" ? <CalendarClock aria-hidden /> : <Send aria-hidden />}
              {pending ? "Sending…" : mode === "schedule" ? "Schedule" : `Publish to ${chosen.length || ""} channel${chosen.length === 1 ? "" : "s"}`.replace("  ", " ")}
            </Button>
            {chosen.length === 0 && <span className="text-sm text-zinc-500">Choose at least one channel.</span>}
          </div>
        </Card>
      </div>

      <aside className="space-y-4" aria-label="Previews">
        <h2 className="text-sm font-medium text-zinc-900">Preview</h2>
        {chosen.length === 0 ? (
          <p className="text-sm text-zinc-500">Choose channels to see how the post looks on each.</p>
        ) : (
          chosen.map((c) => {
            const content = contentOf(c);
            return <PostPreview key={c.id} account={c} text={content.text} images={content.images} />;
          })
        )}
      </aside>
    </div>
  );
}
