import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { AccountPicker } from "@/components/connections/AccountPicker";
import { getDb } from "@/db/client";
import { getPendingSelection } from "@/lib/connections/pending";
import { describeFailure } from "@/lib/oauth/failures";
import { requireOrgContext } from "@/lib/orgs/current";
import { platformName } from "@/lib/providers/catalog";

export const metadata: Metadata = { title: "Choose accounts · Switchboard" };

const NOUN: Record<string, string> = { linkedin: "pages", facebook: "Pages", instagram: "accounts" };

export default async function SelectAccountsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireOrgContext();
  const view = /^[0-9a-f-]{36}$/i.test(id)
    ? await getPendingSelection(getDb(), { id, userId: ctx.user.id, organizationId: ctx.org.organizationId })
    : null;
  if (!view) {
    const f = describeFailure("selection_expired");
    return (
      <>
        <PageHeader title="Choose accounts" />
        <Alert tone="error" title={f.title}>
          <p>{f.message}</p>
          <p className="font-medium">{f.nextStep}</p>
        </Alert>
        <Button asChild variant="secondary" className="mt-4">
          <a href="/connections">Back to Connections</a>
        </Button>
      </>
    );
  }
  const name = platformName(view.platform);
  const noun = NOUN[view.platform] ?? "accounts";
  return (
    <>
      <PageHeader title={`Choose ${name} ${noun}`} description={`Your ${name} login can publish to these ${noun}. Tick the ones this workspace should connect.`} />
      <AccountPicker selectionId={view.id} choices={view.choices} noun={noun} />
    </>
  );
}
