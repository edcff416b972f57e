import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireOrgContext } from "@/lib/orgs/current";
import { cn } from "@/lib/utils";
import { GeneralTab } from "./GeneralTab";
import { MembersTab } from "./MembersTab";
import { IntegrationsTab } from "./IntegrationsTab";
import { ApiKeysTab } from "./ApiKeysTab";

export const metadata: Metadata = { title: "Settings · Switchboard" };

const TABS = [
  { id: "general", label: "General" },
  { id: "members", label: "Members" },
  { id: "integrations", label: "Integrations" },
  { id: "api-keys", label: "API keys" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tab: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tab } = await params;
  if (!TABS.some((t) => t.id === tab)) notFound();
  const ctx = await requireOrgContext();
  const query = await searchParams;
  return (
    <>
      <PageHeader title="Settings" description={`Workspace: ${ctx.org.name}`} />
      <div className="mb-6 flex gap-1 overflow-x-auto border-b border-zinc-200" role="tablist">
        {TABS.map((t) => (
          <Link
            key={t.id}
            role="tab"
            aria-selected={t.id === tab}
            href={`/settings/tab/${t.id}`}
            className={cn(
              "-mb-px shrink-0 whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500 md:py-2",
              t.id === tab ? "border-brand-600 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
          </Link>
        ))}
      </div>
      {renderTab(tab as TabId, ctx, query)}
    </>
  );
}

function renderTab(
  tab: TabId,
  ctx: Awaited<ReturnType<typeof requireOrgContext>>,
  query: Record<string, string | string[] | undefined>,
) {
  switch (tab) {
    case "general":
      return <GeneralTab ctx={ctx} />;
    case "members":
      return <MembersTab ctx={ctx} />;
    case "integrations":
      return <IntegrationsTab ctx={ctx} query={query} />;
    case "api-keys":
      return <ApiKeysTab ctx={ctx} />;
    default: {
      const exhaustive: never = tab;
      return exhaustive;
    }
  }
}
