"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { Check, ChevronsUpDown, Building2 } from "lucide-react";
import { toast } from "sonner";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { FormAction } from "@/lib/actions";

export interface OrgOption {
  id: string;
  name: string;
  role: string;
  personal: boolean;
}

/** Shows the organization being worked in and switches to another one. */
export function OrgSwitcher({ current, options, switchTo }: { current: OrgOption; options: OrgOption[]; switchTo: FormAction<{ name: string }> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-3 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-left shadow-sm hover:bg-zinc-50 disabled:opacity-60 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
        disabled={pending}
        aria-label="Switch organization"
      >
        <span className="flex size-7 items-center justify-center rounded-md bg-brand-50 text-brand-700">
          <Building2 className="size-4" aria-hidden />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium" data-testid="current-org">
            {current.name}
          </span>
          <span className="block text-xs capitalize text-zinc-500">{current.role}</span>
        </span>
        <ChevronsUpDown className="size-4 text-zinc-400" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {options.map((org) => (
          <DropdownMenuItem
            key={org.id}
            onSelect={() =>
              start(async () => {
                if (org.id === current.id) return;
                const result = await switchTo(null, { organizationId: org.id });
                if (result.ok) {
                  toast.success(`Switched to ${result.data.name}`);
                  router.refresh();
                } else toast.error(result.error.message);
              })
            }
          >
            <span className="flex-1 truncate">{org.name}</span>
            {org.id === current.id ? <Check className="text-brand-600" aria-hidden /> : null}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
