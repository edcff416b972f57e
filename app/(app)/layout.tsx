import Link from "next/link";
import { Logo } from "@/components/brand/Logo";
import { OrgSwitcher } from "@/components/shell/OrgSwitcher";
import { SidebarNav } from "@/components/shell/Sidebar";
import { UserMenu } from "@/components/shell/UserMenu";
import { requireOrgContext } from "@/lib/orgs/current";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { user, org, memberships } = await requireOrgContext();
  const options = memberships.map((m) => ({ id: m.organizationId, name: m.name, role: m.role, personal: m.personal }));
  return (
    <div className="flex min-h-full">
      <aside className="sticky top-0 flex h-screen w-64 shrink-0 flex-col gap-6 border-r border-zinc-200 bg-zinc-100/60 p-4">
        <Link href="/connections" className="px-2">
          <Logo />
        </Link>
        <OrgSwitcher
          current={{ id: org.organizationId, name: org.name, role: org.role, personal: org.personal }}
          options={options}
        />
        <SidebarNav />
        <div className="mt-auto">
          <UserMenu name={user.name ?? user.email ?? "You"} email={user.email} image={user.image} />
        </div>
      </aside>
      <main className="min-w-0 flex-1">
        <div className="mx-auto max-w-5xl px-8 py-8">{children}</div>
      </main>
    </div>
  );
}
