/** An account's picture, or its initials when it has none. */
export function Avatar({ src, name, className = "size-10" }: { src: string | null; name: string; className?: string }) {
  const initials = name
    .replace(/^@/, "")
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  if (src) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={src} alt={`${name}'s picture`} referrerPolicy="no-referrer" className={`${className} rounded-full border border-zinc-200 object-cover`} />;
  }
  return (
    <span className={`${className} flex items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700`} aria-hidden>
      {initials || "?"}
    </span>
  );
}
