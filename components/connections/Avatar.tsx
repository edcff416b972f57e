"use client";
import { useState } from "react";

function initialsOf(name: string): string {
  return name
    .replace(/^@/, "")
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/**
 * An account's picture (for a connection, the app's own copy: `TConnectionDto.avatarUrl`), or its
 * initials when it has none or the picture does not load.
 */
export function Avatar({ src, name, className = "size-10" }: { src: string | null; name: string; className?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return (
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={src}
        alt={`${name}'s picture`}
        loading="lazy"
        decoding="async"
        referrerPolicy="no-referrer"
        onError={() => setFailed(src)}
        // A picture that failed before React hydrated the page fired its error event unheard.
        ref={(img) => {
          if (img?.complete && img.naturalWidth === 0) setFailed(src);
        }}
        className={`${className} rounded-full border border-zinc-200 bg-zinc-100 object-cover`}
        data-testid="avatar-image"
      />
    );
  }
  return (
    <span className={`${className} flex shrink-0 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700`} aria-hidden data-testid="avatar-initials">
      {initialsOf(name) || "?"}
    </span>
  );
}
