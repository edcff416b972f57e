import type { Metadata } from "next";
import { Logo } from "@/components/brand/Logo";

// The client's wizard: public, phone-first. The link's token is in the URL, so no page here
// sends a Referer anywhere (pictures come from Meta's CDN).
export const metadata: Metadata = { title: "Share your Meta assets · Switchboard", referrer: "no-referrer", robots: { index: false, follow: false } };

export default function AccessLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-full flex-col items-center px-4 py-8 sm:py-12">
      <Logo className="mb-6" />
      <div className="w-full max-w-2xl">{children}</div>
      <p className="mt-8 max-w-md text-center text-xs text-zinc-500">You can remove this access at any time in Facebook → Settings → Business integrations.</p>
    </main>
  );
}
