import Link from "next/link";
import { Logo } from "@/components/brand/Logo";
import { OrgSwitcher } from "@/components/shell/OrgSwitcher";
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
  return (
    <div className="flex min-h-full">
      <aside className="sticky top-0 flex h-screen w-64 shrink-0 flex-col gap-6 border-r border-zinc-200 bg-zinc-100/60 p-4">
        <div className="flex items-center justify-between gap-2">
          <Link href="/connections" className="px-2">
            <Logo />
          </Link>
          <NotificationBell unread={unread} />
        </div>
        <OrgSwitcher
          current={{ id: org.organizationId, name: org.name, role: org.role, personal: org.personal }}
          options={options}
          switchTo={switchOrganizationAction}
        />
        <SidebarNav />
        <div className="mt-auto">
          <UserMenu name={user.name ?? user.email ?? "You"} email={user.email} image={user.image} signOut={signOutAction} />
        </div>
      </aside>
      <main className="min-w-0 flex-1">
        <div className="mx-auto max-w-5xl px-8 py-8">
          <AttentionBanner connections={connections} canManage={hasRole(org.role, "admin")} />
          {children}
        </div>
      </main>
    </div>
  );
}
