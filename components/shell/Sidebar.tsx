"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Cable, Inbox, LayoutList, PenSquare, Settings, Users } from "lucide-react";
import { cn } from "@/lib/utils";

const NAV = [
  { href: "/connections", label: "Connections", icon: Cable },
  { href: "/compose", label: "Compose", icon: PenSquare },
  { href: "/posts", label: "Posts", icon: LayoutList },
  { href: "/inbox", label: "Inbox", icon: Inbox },
  { href: "/clients", label: "Clients", icon: Users },
  { href: "/settings/tab/general", label: "Settings", icon: Settings },
] as const;

/** The main navigation; the current section is highlighted. */
export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {NAV.map(({ href, label, icon: Icon }) => {
        const section = href.split("/")[1];
        const active = pathname === href || pathname.startsWith(`/${section}`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-lg px-3 py-2.5 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 md:py-2",
              active ? "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-200" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
            )}
          >
            <Icon className={cn("size-4", active ? "text-brand-600" : "text-zinc-400")} aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
