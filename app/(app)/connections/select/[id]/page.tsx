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
import { connectSelectedAction } from "../../actions";

export const metadata: Metadata = { title: "Choose accounts · Switchboard" };

/** What the picker lists, per platform: its title, what the login reaches, and the noun for the button. */
const COPY: Record<string, { title: string; description: string; noun: string }> = {
  facebook: { title: "Choose Facebook Pages", description: "Your Facebook login manages these Pages.", noun: "Pages" },
  instagram: {
    title: "Choose Instagram accounts",
    description: "Your Facebook login reaches these Instagram professional accounts through the Pages they are linked to.",
    noun: "accounts",
  },
  linkedin: { title: "Choose LinkedIn company pages", description: "Your LinkedIn login administers these company pages.", noun: "pages" },
};

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
  const copy = COPY[view.platform] ?? {
    title: `Choose ${platformName(view.platform)} accounts`,
    description: `Your ${platformName(view.platform)} login can publish to these accounts.`,
    noun: "accounts",
  };
  return (
    <>
      <PageHeader title={copy.title} description={`${copy.description} Tick the ones this workspace should publish to.`} />
      <AccountPicker selectionId={view.id} choices={view.choices} noun={copy.noun} connectSelected={connectSelectedAction} />
    </>
  );
}
