import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { TConnectionDto } from "@/lib/connections/dto";
import { platformName, reconnectHref } from "@/lib/providers/catalog";

function problem(c: TConnectionDto): string {
  const name = `${c.displayName} (${platformName(c.platform)})`;
  if (c.health.kind === "expiring") return `${name} expires in ${c.health.days} ${c.health.days === 1 ? "day" : "days"}.`;
  if (c.health.kind !== "needs_reconnect") return "";
  if (c.health.reason === "expired") return `${name} expired.`;
  if (c.health.reason === "revoked") return `${name} was disconnected at the platform.`;
  return `${name} needs to be reconnected.`;
}

/**
 * The shell's banner when a connection needs attention: the most urgent one (broken before
 * expiring, then the soonest to expire) with the single next action — Reconnect, or for people
 * who may not reconnect, who can. Nothing when every connection is fine.
 */
export function AttentionBanner({ connections, canManage }: { connections: TConnectionDto[]; canManage: boolean }) {
  const broken = connections.filter((c) => c.health.kind === "needs_reconnect");
  const expiring = connections
    .filter((c): c is TConnectionDto & { health: { kind: "expiring"; days: number } } => c.health.kind === "expiring")
    .sort((a, b) => a.health.days - b.health.days);
  const first = broken[0] ?? expiring[0];
  if (!first) return null;
  const others = broken.length + expiring.length - 1;
  const urgent = first.health.kind === "needs_reconnect";
  return (
    <div
      role="region"
      aria-label="Connections that need attention"
      data-testid="attention-banner"
      className={`mb-6 flex flex-wrap items-center gap-3 rounded-lg border px-4 py-3 text-sm ${urgent ? "border-red-200 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-900"}`}
    >
      <AlertTriangle className="size-4 shrink-0" aria-hidden />
      <p className="min-w-0 flex-1">
        <span className="font-medium" data-testid="attention-message">
          {problem(first)}
        </span>
        {others > 0 ? ` ${others === 1 ? "1 more connection needs" : `${others} more connections need`} attention on the Connections page.` : null}
        {canManage ? null : " Ask an admin of this workspace to reconnect it."}
      </p>
      {canManage ? (
        <Button asChild size="sm" variant={urgent ? "default" : "secondary"}>
          <a href={reconnectHref(first)}>Reconnect</a>
        </Button>
      ) : null}
    </div>
  );
}
