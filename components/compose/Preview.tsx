"use client";
import { Avatar } from "@/components/connections/Avatar";
import { PlatformIcon } from "@/components/connections/PlatformIcon";
import { platformPreview } from "@/lib/providers/catalog";
import { threadParts } from "@/lib/providers/thread";
import type { ProviderPreview } from "@/lib/providers/types";

export interface TPreviewAccount {
  platform: string;
  displayName: string;
  handle: string | null;
  avatarUrl: string | null;
}

export interface TPreviewImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

const URL_RE = /(https?:\/\/[^\s]+)/g;

/** Text with its links as the platform shows them (blue, clickable). */
function RichText({ text, className }: { text: string; className?: string }) {
  const parts = text.split(URL_RE);
  return (
    <p className={`whitespace-pre-wrap break-words ${className ?? ""}`}>
      {parts.map((p, i) =>
        /^https?:\/\/\S+$/.test(p) ? (
          <a key={i} href={p} target="_blank" rel="noreferrer noopener" className="text-sky-600 hover:underline">
            {p}
          </a>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </p>
  );
}

/** The crop the platform's feed shows: 16:9 tiles (X), the first image fitted to 4:5–1.91:1 with padding (Instagram), or as uploaded. */
function Images({ images, crop }: { images: TPreviewImage[]; crop: ProviderPreview["crop"] }) {
  if (images.length === 0) return null;
  if (crop === "fitted_first") {
    const first = images[0]!;
    const ratio = Math.min(1.91, Math.max(0.8, first.width / first.height));
    return (
      <div className="relative bg-white" style={{ aspectRatio: String(ratio) }}>
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={first.url} alt="" className="absolute inset-0 size-full object-contain" />
        {images.length > 1 && <span className="absolute right-2 top-2 rounded-full bg-black/60 px-2 py-0.5 text-xs text-white">1/{images.length}</span>}
      </div>
    );
  }
  if (crop === "tiles_16_9") {
    return (
      <div className={`mt-2 grid gap-0.5 overflow-hidden rounded-2xl border border-zinc-200 ${images.length > 1 ? "grid-cols-2" : ""}`}>
        {images.map((img) => (
          // eslint-disable-next-line @next/next/no-img-element
          <img key={img.id} src={img.url} alt="" className="aspect-video w-full object-cover" />
        ))}
      </div>
    );
  }
  return (
    <div className={`mt-2 grid gap-1 ${images.length > 1 ? "grid-cols-2" : ""}`}>
      {images.map((img) => (
        // eslint-disable-next-line @next/next/no-img-element
        <img key={img.id} src={img.url} alt="" className="w-full rounded-md object-cover" style={{ aspectRatio: images.length > 1 ? "1" : `${img.width}/${img.height}` }} />
      ))}
    </div>
  );
}

function Header({ account, sub }: { account: TPreviewAccount; sub?: string }) {
  return (
    <div className="flex items-center gap-2">
      <Avatar src={account.avatarUrl} name={account.displayName} className="size-9" />
      <div className="min-w-0 leading-tight">
        <p className="truncate text-sm font-semibold text-zinc-900">{account.displayName}</p>
        <p className="truncate text-xs text-zinc-500">{sub ?? account.handle ?? ""}</p>
      </div>
    </div>
  );
}

/** A post as it will look on its platform (the catalog's `preview` says how): name, avatar, text with links, the image crop. */
export function PostPreview({ account, text, images }: { account: TPreviewAccount; text: string; images: TPreviewImage[] }) {
  const p = account.platform;
  const look = platformPreview(p);
  const shown = images.slice(0, look.imagesShown ?? images.length);
  const label = (
    <div className="mb-2 flex items-center gap-1.5 text-xs font-medium text-zinc-500">
      <PlatformIcon platform={p} className="size-4" /> {account.displayName}
    </div>
  );
  if (look.layout === "thread") {
    const parts = threadParts(text);
    return (
      <div data-testid={`preview-${p}`}>
        {label}
        <div className="rounded-xl border border-zinc-200 bg-white p-3">
          {parts.map((part, i) => (
            <div key={i} className={`flex gap-2 ${i > 0 ? "mt-3 border-t border-zinc-100 pt-3" : ""}`}>
              <Avatar src={account.avatarUrl} name={account.displayName} className="size-9" />
              <div className="min-w-0 flex-1">
                <p className="text-sm">
                  <span className="font-bold text-zinc-900">{account.displayName}</span> <span className="text-zinc-500">{account.handle} · now</span>
                </p>
                <RichText text={part} className="text-[15px] text-zinc-900" />
                {i === 0 && <Images images={shown} crop={look.crop} />}
              </div>
            </div>
          ))}
        </div>
      </div>
    );
  }
  if (look.layout === "image_first") {
    return (
      <div data-testid={`preview-${p}`}>
        {label}
        <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white">
          <div className="p-2.5">
            <Header account={account} sub={look.byline} />
          </div>
          {shown.length > 0 ? <Images images={shown} crop={look.crop} /> : <div className="flex aspect-square items-center justify-center bg-zinc-100 text-xs text-zinc-500">{look.missingImage}</div>}
          <div className="p-3 text-sm">
            <span className="font-semibold">{account.handle?.replace(/^@/, "") ?? account.displayName}</span> <RichText text={text} className="inline" />
          </div>
        </div>
      </div>
    );
  }
  if (look.layout === "bubble") {
    return (
      <div data-testid={`preview-${p}`}>
        {label}
        <div className="rounded-xl bg-[#e6ebee] p-3">
          <div className="max-w-[90%] overflow-hidden rounded-xl bg-white shadow-sm">
            <Images images={shown} crop={look.crop} />
            <div className="p-2.5">
              <p className="text-sm font-semibold text-[#229ED9]">{account.displayName}</p>
              <RichText text={text} className="text-sm text-zinc-900" />
              <p className="mt-1 text-right text-[11px] text-zinc-400">now</p>
            </div>
          </div>
        </div>
      </div>
    );
  }
  // An author card (LinkedIn, Facebook, Threads): author line, text, media.
  return (
    <div data-testid={`preview-${p}`}>
      {label}
      <div className={`${look.corners === "small" ? "rounded-lg" : "rounded-xl"} border border-zinc-200 bg-white p-3`}>
        <Header account={account} sub={look.byline ?? account.handle ?? undefined} />
        <RichText text={text} className="mt-2 text-sm text-zinc-900" />
        <Images images={shown} crop={look.crop} />
      </div>
    </div>
  );
}
