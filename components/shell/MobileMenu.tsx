"use client";
import * as React from "react";
import { usePathname } from "next/navigation";
import { Menu } from "lucide-react";
import { Logo } from "@/components/brand/Logo";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";

/**
 * Below the `md` breakpoint the sidebar is a top bar: this button opens the navigation (and the
 * organization and account menus given as children) in a sheet. It closes on Escape, on a tap
 * outside, and when a link inside it is followed — including a link to the page already open.
 */
export function MobileMenu({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = React.useState(false);
  const pathname = usePathname();
  React.useEffect(() => setOpen(false), [pathname]);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger
        aria-label="Open menu"
        className="inline-flex size-10 items-center justify-center rounded-lg text-zinc-600 hover:bg-white hover:text-zinc-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </SheetTrigger>
      <SheetContent
        closeLabel="Close menu"
        data-testid="mobile-menu"
        // React events bubble through portals, so a link in the account dropdown counts too.
        onClickCapture={(e) => {
          if ((e.target as HTMLElement).closest("a[href]")) setOpen(false);
        }}
      >
        <SheetTitle className="flex h-10 items-center px-2">
          <Logo />
          <span className="sr-only"> menu</span>
        </SheetTitle>
        <SheetDescription className="sr-only">Sections of Switchboard, your organization and your account.</SheetDescription>
        {children}
      </SheetContent>
    </Sheet>
  );
}
