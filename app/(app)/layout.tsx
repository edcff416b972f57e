import Link from "next/link";
import { Logo } from "@/components/brand/Logo";
import { OrgSwitcher } from "@/components/shell/OrgSwitcher";
import { MobileMenu } from "@/components/shell/MobileMenu";
import { SidebarNav } from "@/components/shell/Sidebar";
import { UserMenu } from "@/components/shell/UserMenu";
import { NotificationBell } from "@/components/shell/NotificationBell";
import { AttentionBanner } from "@/components/connections/AttentionBanner";
import { getDb } from "@/db/client";
import { listConnections } from "@/lib/connections/queries";
import { unreadCount } from "@/lib/notifications";
import { hasRole } from "@/lib/orgs/membership";
import { requireOrgContext } from "@/lib/orgs/current";
import { signOutAction, switchOrganizationAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { user, org, memberships } = await requireOrgContext();
  const options = memberships.map((m) => ({ id: m.organizationId, name: m.name, role: m.role, personal: m.personal }));
  const [unread, connections] = await Promise.all([unreadCount(getDb(), user.id, org.organizationId), listConnections(getDb(), org.organizationId)]);
  const orgSwitcher = (
    <OrgSwitcher
      current={{ id: org.organizationId, name: org.name, role: org.role, personal: org.personal }}
      options={options}
      switchTo={switchOrganizationAction}
    />
  );
  const userMenu = <UserMenu name={user.name ?? user.email ?? "You"} email={user.email} image={user.image} signOut={signOutAction} />;
  return (
    <div className="flex min-h-full flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-[60] rounded-lg bg-white px-4 py-2 text-sm font-medium text-zinc-900 shadow-lg ring-2 ring-brand-500 focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:px-4 focus:py-2 focus:outline-none"
      >
        Skip to content
      </a>
      {/* A sidebar from `md` up; below it a top bar whose menu button opens the same parts in a sheet. */}
      <aside className="sticky top-0 z-30 flex h-14 shrink-0 items-center border-b border-zinc-200 bg-zinc-100/95 px-2 backdrop-blur md:h-screen md:w-64 md:flex-col md:items-stretch md:gap-6 md:border-b-0 md:border-r md:bg-zinc-100/60 md:p-4">
        <div className="flex flex-1 items-center gap-1 md:flex-none md:justify-between md:gap-2">
          <MobileMenu>
            {orgSwitcher}
            <SidebarNav />
            <div className="mt-auto">{userMenu}</div>
          </MobileMenu>
          <Link href="/connections" className="mr-auto rounded-lg px-2 py-1.5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
            <Logo />
          </Link>
          <NotificationBell unread={unread} />
        </div>
        <div className="hidden md:block">{orgSwitcher}</div>
        <div className="hidden md:block">
          <SidebarNav />
        </div>
        <div className="mt-auto hidden md:block">{userMenu}</div>
      </aside>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
        <div className="mx-auto max-w-5xl px-4 py-6 md:px-8 md:py-8">
          <AttentionBanner connections={connections} canManage={hasRole(org.role, "admin")} />
          {children}
        </div>
      </main>
    </div>
  );
}
