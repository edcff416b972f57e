import { Download, ExternalLink, FileText } from "lucide-react";
import type { TAttachmentDto } from "@/lib/inbox/dto";
import { cn } from "@/lib/utils";

const KIND_LABEL: Record<string, string> = { image: "Image", audio: "Audio", video: "Video", file: "File" };

/** 1.2 MB, 340 KB, 12 bytes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Links shown to a person: a label from the title, else the host. */
function linkLabel(a: TAttachmentDto): string {
  if (a.title) return a.title;
  try {
    return new URL(a.url!).hostname;
  } catch {
    return "Link";
  }
}

const LINK_KIND: Record<string, string> = { share: "Shared post", story_mention: "Story mention", reel: "Reel", ig_reel: "Reel", ig_post: "Post", fallback: "Link" };

/**
 * One attachment of a message in the thread: an image inline, audio and video players, a file
 * chip (name, size, download), a link for what lives elsewhere (shared posts, stories, reels), or
 * why it is not there (still downloading, could not be kept).
 */
export function MessageAttachment({ a, outgoing }: { a: TAttachmentDto; outgoing: boolean }) {
  if (a.state === "link") {
    if (!a.url) return null;
    return (
      <a href={a.url} target="_blank" rel="noopener noreferrer nofollow" data-testid="attachment" data-kind="link" className={cn("mb-1 flex items-center gap-1.5 underline underline-offset-2", outgoing ? "text-white" : "text-brand-700")}>
        <ExternalLink className="size-3.5 shrink-0" aria-hidden />
        <span className="truncate">
          {LINK_KIND[a.type] ?? "Link"}: {linkLabel(a)}
        </span>
      </a>
    );
  }
  if (a.state === "stored" && a.url) {
    if (a.type === "image") {
      // eslint-disable-next-line @next/next/no-img-element
      return <img src={a.url} alt="Image attachment" data-testid="attachment" data-kind="image" className="mb-1 max-h-60 rounded-lg" />;
    }
    if (a.type === "audio") return <audio controls preload="metadata" src={a.url} data-testid="attachment" data-kind="audio" aria-label="Audio message" className="mb-1 w-64 max-w-full" />;
    if (a.type === "video") return <video controls preload="metadata" src={a.url} data-testid="attachment" data-kind="video" aria-label="Video attachment" className="mb-1 max-h-60 rounded-lg" />;
    return (
      <a
        href={a.url}
        download={a.name ?? "file"}
        data-testid="attachment"
        data-kind="file"
        className={cn("mb-1 flex items-center gap-2 rounded-lg px-2 py-1.5 ring-1", outgoing ? "bg-white/10 text-white ring-white/30" : "bg-zinc-50 text-zinc-900 ring-zinc-200 hover:bg-zinc-100")}
      >
        <FileText className="size-4 shrink-0" aria-hidden />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{a.name ?? "File"}</span>
          {a.size !== undefined ? <span className="block text-[11px] opacity-70">{formatBytes(a.size)}</span> : null}
        </span>
        <Download className="size-4 shrink-0" aria-label="Download" />
      </a>
    );
  }
  const what = a.type === "file" && a.name ? a.name : `${KIND_LABEL[a.type] ?? "Attachment"}`;
  return (
    <p data-testid="attachment" data-kind={a.type} className="mb-1 italic opacity-80">
      {a.state === "unavailable" ? `${what} unavailable (could not be kept)` : `${what} loading…`}
    </p>
  );
}
