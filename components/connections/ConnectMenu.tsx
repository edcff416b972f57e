"use client";
import { useState } from "react";
import { ChevronDown, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { FormAction } from "@/lib/actions";
import { CONNECT_OPTIONS, connectHref, platformUi } from "@/lib/providers/catalog";
import type { ProviderUi } from "@/lib/providers/types";
import { PlatformIcon } from "./PlatformIcon";
import { TelegramConnectDialog } from "./TelegramConnectDialog";

export type TConnectDialog = NonNullable<ProviderUi["connectDialog"]>;

/** The dialog of each kind a platform's catalog names in `ui.connectDialog`. */
const CONNECT_DIALOGS = { telegram_bot: TelegramConnectDialog } satisfies Record<TConnectDialog, typeof TelegramConnectDialog>;

/** The platforms of the menu that connect in a dialog, once each. */
const DIALOG_PLATFORMS = new Map<string, TConnectDialog>();
for (const o of CONNECT_OPTIONS) {
  const kind = platformUi(o.platform).connectDialog;
  if (kind) DIALOG_PLATFORMS.set(o.platform, kind);
}

/**
 * The Connect menu: every platform; LinkedIn as Profile or Company page. A platform without
 * credentials on this server is listed as "Not configured" with the variables to set.
 */
export function ConnectMenu({
  configured,
  canConnect,
  openDialog,
  dialogActions,
  label = "Connect",
}: {
  configured: Record<string, boolean>;
  canConnect: boolean;
  /** The platform whose connect dialog is open at first (`?connect=<platform>`); ignored for one without a dialog. */
  openDialog?: string;
  /** The server action behind each kind of connect dialog (the page passes them). */
  dialogActions: Record<TConnectDialog, FormAction<unknown>>;
  label?: string;
}) {
  const [dialog, setDialog] = useState<string | null>(openDialog ?? null);
  if (!canConnect) {
    return (
      <Button disabled title="Only owners and admins can connect accounts">
        <Plus aria-hidden /> {label}
      </Button>
    );
  }
  return (
    <>
      {/* Not modal: a connect dialog (Telegram's) opens as the menu closes, and a modal menu would hand focus back and close it. */}
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button>
            <Plus aria-hidden /> {label} <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" collisionPadding={8} className="max-h-[var(--radix-dropdown-menu-content-available-height)] w-80 overflow-y-auto">
          <DropdownMenuLabel>Connect an account</DropdownMenuLabel>
          <DropdownMenuSeparator />
          {CONNECT_OPTIONS.map((o) => {
            const ok = configured[o.key] ?? false;
            const body = (
              <>
                <PlatformIcon platform={o.platform} />
                <span className="min-w-0 flex-1">
                  <span className="block font-medium text-zinc-900">{o.label}</span>
                  <span className="block truncate text-xs text-zinc-500">
                    {ok ? o.description : `Not configured — set ${o.envVars.join(" and ")}`}
                  </span>
                </span>
              </>
            );
            if (!ok) {
              return (
                <DropdownMenuItem key={o.key} disabled data-testid={`connect-${o.key}`} aria-label={`${o.label} (not configured)`}>
                  {body}
                </DropdownMenuItem>
              );
            }
            if (platformUi(o.platform).connectDialog) {
              return (
                <DropdownMenuItem key={o.key} onSelect={() => setTimeout(() => setDialog(o.platform), 0)} data-testid={`connect-${o.key}`}>
                  {body}
                </DropdownMenuItem>
              );
            }
            return (
              <DropdownMenuItem key={o.key} asChild data-testid={`connect-${o.key}`}>
                <a href={connectHref(o)}>{body}</a>
              </DropdownMenuItem>
            );
          })}
        </DropdownMenuContent>
      </DropdownMenu>
      {[...DIALOG_PLATFORMS].map(([platform, kind]) => {
        const ConnectDialog = CONNECT_DIALOGS[kind];
        return <ConnectDialog key={platform} open={dialog === platform} onOpenChange={(open) => setDialog(open ? platform : null)} connect={dialogActions[kind]} />;
      })}
    </>
  );
}
