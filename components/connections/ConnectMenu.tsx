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
import { CONNECT_OPTIONS, connectHref } from "@/lib/providers/catalog";
import { PlatformIcon } from "./PlatformIcon";
import { TelegramConnectDialog } from "./TelegramConnectDialog";

/**
 * The Connect menu: every platform; LinkedIn as Profile or Company page. A platform without
 * credentials on this server is listed as "Not configured" with the variables to set.
 */
export function ConnectMenu({
  configured,
  canConnect,
  telegramOpen = false,
  label = "Connect",
}: {
  configured: Record<string, boolean>;
  canConnect: boolean;
  telegramOpen?: boolean;
  label?: string;
}) {
  const [telegram, setTelegram] = useState(telegramOpen);
  if (!canConnect) {
    return (
      <Button disabled title="Only owners and admins can connect accounts">
        <Plus aria-hidden /> {label}
      </Button>
    );
  }
  return (
    <>
      {/* Not modal: the Telegram dialog opens as the menu closes, and a modal menu would hand focus back and close it. */}
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
            if (o.platform === "telegram") {
              return (
                <DropdownMenuItem key={o.key} onSelect={() => setTimeout(() => setTelegram(true), 0)} data-testid={`connect-${o.key}`}>
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
      <TelegramConnectDialog open={telegram} onOpenChange={setTelegram} />
    </>
  );
}
