import { cn } from "@/lib/utils";

/** Switchboard's mark: a patch panel with two connected jacks. */
export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900", className)}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden>
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <circle cx="10" cy="11" r="3" fill="white" />
        <circle cx="22" cy="11" r="3" fill="white" opacity="0.55" />
        <circle cx="10" cy="21" r="3" fill="white" opacity="0.55" />
        <circle cx="22" cy="21" r="3" fill="white" />
        <path d="M10 11 C 16 11, 16 21, 22 21" stroke="white" strokeWidth="2" fill="none" strokeLinecap="round" />
      </svg>
      {withName ? <span className="text-lg">Switchboard</span> : null}
    </span>
  );
}
