"use client";
import { useActionState, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { RefreshCw, Unplug } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { FormAction } from "@/lib/actions";
import type { TConnectionDto } from "@/lib/connections/dto";
import { connectionDetail } from "@/lib/connections/grouping";
import { platformName, platformUi, reconnectHref as reconnectHrefOf } from "@/lib/providers/catalog";
import { Avatar } from "./Avatar";
import { PlatformIcon } from "./PlatformIcon";

export function Health({ health }: { health: TConnectionDto["health"] }) {
  if (health.kind === "needs_reconnect") {
    return <Badge tone="danger">{health.reason === "expired" ? "Expired — reconnect" : health.reason === "revoked" ? "Removed at the platform — reconnect" : "Needs reconnect"}</Badge>;
  }
  if (health.kind === "expiring") return <Badge tone="warning">Expires in {health.days} {health.days === 1 ? "day" : "days"}</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** The server actions behind a connection's controls (the page passes them). */
export interface TConnectionActions {
  disconnect: FormAction<{ id: string }>;
  /** "Remove Switchboard from Facebook…": starts the Facebook login that removes the app. */
  removeApp: FormAction<unknown>;
}

/** Reconnect and Disconnect (with its confirmation dialog) for one connection. */
function ConnectionActions({ connection: c, actions, compact = false }: { connection: TConnectionDto; actions: TConnectionActions; compact?: boolean }) {
  const [confirm, setConfirm] = useState(false);
  const [pending, start] = useTransition();
  const [removeState, removeApp, removing] = useActionState(actions.removeApp, null);
  const router = useRouter();
  const platform = platformName(c.platform);
  const kind = c.appType === "company" ? "Company page" : c.postTargetType === "channel" ? "Channel" : c.postTargetType === "page" ? "Page" : "Profile";
  // "this Facebook Page", not "this Facebook Page page".
  const thing = platform.toLowerCase().endsWith(kind.toLowerCase()) ? platform : `${platform} ${kind.toLowerCase()}`;
  // What differs per platform (revoking at the platform, removing the app from Facebook) is catalog data.
  const ui = platformUi(c.platform);
  const reconnectHref = reconnectHrefOf(c);

  function disconnect() {
    start(async () => {
      const r = await actions.disconnect(null, { id: c.id });
      if (r.ok) {
        toast.success(`Disconnected ${c.displayName}`);
        setConfirm(false);
        router.refresh();
      } else toast.error(r.error.message);
    });
  }

  // In the compact list an active connection's actions are icons; one that needs attention says "Reconnect".
  const iconOnly = compact && c.health.kind === "active";
  return (
    <>
      <Button asChild size={iconOnly ? "icon" : "sm"} variant={c.health.kind === "active" ? "ghost" : "default"} className={iconOnly ? "size-8" : undefined}>
        <a href={reconnectHref} aria-label={compact ? `Reconnect ${c.displayName}` : undefined} title={compact ? "Reconnect" : undefined}>
          <RefreshCw aria-hidden /> {iconOnly ? null : "Reconnect"}
        </a>
      </Button>
      <Button
        size={compact ? "icon" : "sm"}
        variant="ghost"
        className={compact ? "size-8" : undefined}
        onClick={() => setConfirm(true)}
        aria-label={compact ? `Disconnect ${c.displayName}` : undefined}
        title={compact ? "Disconnect" : undefined}
      >
        <Unplug aria-hidden /> {compact ? null : "Disconnect"}
      </Button>
      <Dialog open={confirm} onOpenChange={setConfirm}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Disconnect {c.displayName}?</DialogTitle>
            <DialogDescription>
              Switchboard will stop publishing to this {thing}
              {ui.revokesOnDisconnect ? ` and revoke its access at ${platform}` : ""}. Posts already published stay where they are. You can connect it again later.
            </DialogDescription>
          </DialogHeader>
          {ui.removableFromFacebook ? (
            <div className="rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm text-zinc-600" data-testid="remove-app-option">
              <p className="font-medium text-zinc-900">Or remove Switchboard from your Facebook account</p>
              <p className="mt-1">
                You&apos;ll log in with Facebook, then Switchboard is removed from that Facebook account. Every Page and Instagram account
                connected with that Facebook login in this workspace stops working and is removed here — and so does the
                organization&apos;s Messenger link if it was made with the same Facebook account.
              </p>
              {/* A POST from this confirmation, never a link: a cross-site link cannot start it. */}
              <form action={removeApp} className="mt-2">
                <Button type="submit" size="sm" variant="secondary" disabled={removing}>
                  {removing ? "Opening Facebook…" : "Remove Switchboard from Facebook…"}
                </Button>
              </form>
              {removeState && !removeState.ok ? (
                <p role="alert" className="mt-2 text-red-700">
                  {removeState.error.message}
                </p>
              ) : null}
            </div>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={() => setConfirm(false)} disabled={pending}>
              Cancel
            </Button>
            <Button variant="destructive" onClick={disconnect} disabled={pending}>
              {pending ? "Disconnecting…" : "Disconnect"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

/** One connected account: who it is, its token health, and Reconnect / Disconnect. */
export function ConnectionCard({
  connection: c,
  connectedOn,
  canManage,
  actions,
  extraActions,
}: {
  connection: TConnectionDto;
  connectedOn: string;
  canManage: boolean;
  actions: TConnectionActions;
  /** Platform-specific controls (e.g. Instagram Login's "Refresh now"), rendered above the footer. */
  extraActions?: React.ReactNode;
}) {
  const platform = platformName(c.platform);
  const detail = connectionDetail(c);
  return (
    <Card className="flex flex-col" data-testid="connection-card" data-platform={c.platform}>
      <div className="flex items-start gap-3 p-5">
        <div className="relative">
          <Avatar src={c.avatarUrl} name={c.displayName} className="size-12" />
          <PlatformIcon platform={c.platform} label={platform} className="absolute -bottom-1 -right-1 size-5 text-xs ring-2 ring-white" />
        </div>
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold text-zinc-900" data-testid="connection-name">
            {c.displayName}
          </p>
          {detail ? <p className="truncate text-sm text-zinc-500">{detail}</p> : null}
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
            <Health health={c.health} />
          </div>
        </div>
      </div>
      {extraActions ? <div className="mt-auto border-t border-zinc-100 px-5 py-3">{extraActions}</div> : null}
      <div className={`${extraActions ? "" : "mt-auto "}flex flex-wrap items-center gap-x-2 gap-y-1 border-t border-zinc-100 px-5 py-3`}>
        {/* On a phone the date gets a line of its own rather than being cut to "Connecte…". */}
        <span className="min-w-0 flex-1 basis-full truncate whitespace-nowrap text-xs text-zinc-500 sm:basis-0">Connected {connectedOn}</span>
        {canManage ? <ConnectionActions connection={c} actions={actions} /> : null}
      </div>
    </Card>
  );
}

/** The same account as one compact line of a list: for workspaces with many connections. */
export function ConnectionRow({
  connection: c,
  connectedOn,
  canManage,
  actions,
  extraActions,
}: {
  connection: TConnectionDto;
  connectedOn: string;
  canManage: boolean;
  actions: TConnectionActions;
  extraActions?: React.ReactNode;
}) {
  const detail = connectionDetail(c);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 sm:flex-nowrap" data-testid="connection-row" data-platform={c.platform}>
      <Avatar src={c.avatarUrl} name={c.displayName} className="size-8" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-zinc-900" data-testid="connection-name">
          {c.displayName}
        </p>
        <p className="truncate text-xs text-zinc-500">{[detail, `connected ${connectedOn}`].filter(Boolean).join(" · ")}</p>
      </div>
      <Health health={c.health} />
      {extraActions ? <div className="shrink-0">{extraActions}</div> : null}
      {canManage ? (
        <div className="flex shrink-0 items-center gap-1">
          <ConnectionActions connection={c} actions={actions} compact />
        </div>
      ) : null}
    </li>
  );
}
