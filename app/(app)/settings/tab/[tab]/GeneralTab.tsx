import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateOrganizationForm } from "@/components/settings/CreateOrganizationForm";
import { InstagramLinkCard } from "@/components/auth/InstagramLinkCard";
import { AccountCard } from "@/components/settings/AccountCard";
import { getDb } from "@/db/client";
import { confirmationPhrase, soleOwnedWorkspaces } from "@/lib/account/account";
import type { TOrgContext } from "@/lib/orgs/current";
import { deleteAccountAction } from "../../account-actions";
import { createOrganizationAction } from "../../actions";

export async function GeneralTab({ ctx }: { ctx: TOrgContext }) {
  const soleOwned = await soleOwnedWorkspaces(getDb(), ctx.user.id);
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Your profile</CardTitle>
          <CardDescription>How you appear to the other members of your organizations.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-zinc-500">Name</dt>
            <dd>{ctx.user.name ?? "—"}</dd>
            <dt className="text-zinc-500">Email</dt>
            <dd>{ctx.user.email ?? "—"}</dd>
            <dt className="text-zinc-500">Member since</dt>
            <dd>{ctx.user.createdAt.toLocaleDateString("en", { dateStyle: "medium" })}</dd>
          </dl>
        </CardContent>
      </Card>
      <InstagramLinkCard userId={ctx.user.id} />
      <Card>
        <CardHeader>
          <CardTitle>New organization</CardTitle>
          <CardDescription>For a team or a client: connections, inbox and members are kept per organization.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateOrganizationForm create={createOrganizationAction} />
        </CardContent>
      </Card>
      <AccountCard phrase={confirmationPhrase(ctx.user)} soleOwned={soleOwned} deleteAccount={deleteAccountAction} />
    </div>
  );
}
