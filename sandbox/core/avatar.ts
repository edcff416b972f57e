/** Tiny generated avatars served by the sandbox itself, so consent pages and the app work offline. */
import { createHash } from "node:crypto";

const PALETTE = ["#1877F2", "#E1306C", "#0A66C2", "#111827", "#10B981", "#F59E0B", "#8B5CF6", "#EF4444", "#0EA5E9", "#14B8A6"];

/** URL of the avatar for a seed, e.g. a user or Page id. `label` picks the initials. */
export function avatarUrl(sandboxUrl: string, seed: string, label?: string): string {
  const q = label ? `?label=${encodeURIComponent(label)}` : "";
  return `${sandboxUrl}/__sandbox/avatar/${encodeURIComponent(seed)}.svg${q}`;
}

function initials(label: string): string {
  const words = label.replace(/[^\p{L}\p{N} ]/gu, " ").split(/\s+/).filter(Boolean);
  const s = words.length >= 2 ? words[0]![0]! + words[1]![0]! : (words[0] ?? "?").slice(0, 2);
  return s.toUpperCase();
}

export function avatarSvg(seed: string, label?: string): string {
  const h = createHash("sha256").update(seed).digest();
  const bg = PALETTE[h[0]! % PALETTE.length]!;
  const accent = PALETTE[h[1]! % PALETTE.length]!;
  const text = initials(label ?? seed).replace(/[<>&"]/g, "");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${accent}"/></linearGradient></defs>
<rect width="200" height="200" fill="url(#g)"/>
<text x="100" y="100" dy=".35em" text-anchor="middle" font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif" font-size="76" font-weight="600" fill="#fff">${text}</text>
</svg>`;
}
