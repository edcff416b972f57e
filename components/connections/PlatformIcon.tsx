import { Send } from "lucide-react";
import { cn } from "@/lib/utils";

const STYLES: Record<string, { bg: string; glyph: React.ReactNode }> = {
  x: { bg: "bg-black text-white", glyph: <span className="text-[0.8em] font-bold">𝕏</span> },
  linkedin: { bg: "bg-[#0A66C2] text-white", glyph: <span className="text-[0.75em] font-bold">in</span> },
  facebook: { bg: "bg-[#1877F2] text-white", glyph: <span className="text-[0.9em] font-bold">f</span> },
  instagram: { bg: "bg-gradient-to-br from-[#F58529] via-[#DD2A7B] to-[#8134AF] text-white", glyph: <span className="text-[0.65em] font-bold">IG</span> },
  instagram_login: { bg: "bg-gradient-to-br from-[#F58529] via-[#DD2A7B] to-[#8134AF] text-white", glyph: <span className="text-[0.65em] font-bold">IG</span> },
  threads: { bg: "bg-black text-white", glyph: <span className="text-[0.85em] font-bold">@</span> },
  telegram: { bg: "bg-[#229ED9] text-white", glyph: <Send className="size-[0.6em]" aria-hidden /> },
};

/** A platform's badge (brand color + glyph); `label` is announced to screen readers. */
export function PlatformIcon({ platform, label, className }: { platform: string; label?: string; className?: string }) {
  const s = STYLES[platform] ?? { bg: "bg-zinc-200 text-zinc-700", glyph: <span>?</span> };
  return (
    <span
      className={cn("inline-flex size-6 shrink-0 items-center justify-center rounded-md text-base leading-none", s.bg, className)}
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {s.glyph}
    </span>
  );
}
