import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InviteMemberForm } from "@/components/settings/InviteMemberForm";
import { ConfirmRevoke } from "@/components/ui/confirm-revoke";
import { getDb } from "@/db/client";
import { listMembers } from "@/lib/orgs/invitations";
import { hasRole } from "@/lib/orgs/membership";
import type { TOrgContext } from "@/lib/orgs/current";
import { inviteMemberAction, revokeInvitationAction } from "../../actions";

export async function MembersTab({ ctx }: { ctx: TOrgContext }) {
  const { members, pending } = await listMembers(getDb(), ctx.org.organizationId);
  const canInvite = hasRole(ctx.org.role, "admin");
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>Owners and admins manage connections and integrations; members publish and reply.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-zinc-100">
            {members.map((m) => (
              <li key={m.userId} className="flex items-center justify-between py-2.5 text-sm">
                <span>
                  <span className="font-medium">{m.name ?? m.email}</span>
                  {m.email ? <span className="ml-2 text-zinc-500">{m.email}</span> : null}
                </span>
                <Badge tone={m.role === "owner" ? "info" : "neutral"} className="capitalize">
                  {m.role}
                </Badge>
              </li>
            ))}
            {pending.map((p) => (
              <li key={p.id} className="flex items-center justify-between py-2.5 text-sm">
                <span className="text-zinc-500">{p.email}</span>
                <span className="flex items-center gap-2">
                  <Badge tone="warning">Invited · {p.role}</Badge>
                  {canInvite ? (
                    <ConfirmRevoke
                      action={revokeInvitationAction}
                      fields={{ invitationId: p.id }}
                      label={`Revoke the invitation for ${p.email}`}
                      consequence="The invitation link stops working. You can invite them again later."
                      variant="ghost"
                    />
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      {canInvite ? (
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
            <CardDescription>We create a link valid for 7 days; send it to them by email or chat.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteMemberForm invite={inviteMemberAction} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
