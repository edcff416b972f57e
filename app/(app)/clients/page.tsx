import type { Metadata } from "next";
import { Users } from "lucide-react";
import { AccessRequestList, NewAccessRequestForm } from "@/components/clients/AccessRequests";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAccessRequests } from "@/lib/agency/requests";
import { requireOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";
import { createAccessRequestAction, revokeAccessRequestAction } from "./actions";

export const metadata: Metadata = { title: "Clients · Switchboard" };

export default async function ClientsPage() {
  const ctx = await requireOrgContext();
  const header = <PageHeader title="Clients" description="Ask a client for access to their Meta ad accounts, Pages and Instagram accounts with one link." />;
  if (!hasRole(ctx.org.role, "admin")) {
    return (
      <>
        {header}
        <Card>
          <CardHeader>
            <CardTitle>Access requests</CardTitle>
            <CardDescription>Only an owner or admin of this organization asks clients for access.</CardDescription>
          </CardHeader>
        </Card>
      </>
    );
  }
  const requests = await listAccessRequests(getDb(), ctx.org.organizationId);
  return (
    <>
      {header}
      <div className="grid grid-cols-1 gap-6">
        <Card>
          <CardHeader>
            <CardTitle>New access request</CardTitle>
            <CardDescription>Your client opens the link, signs in to Facebook and picks exactly what to share. No Switchboard account needed.</CardDescription>
          </CardHeader>
          <CardContent>
            <NewAccessRequestForm action={createAccessRequestAction} />
          </CardContent>
        </Card>
        {requests.length ? (
          <Card>
            <CardHeader>
              <CardTitle>Requests</CardTitle>
            </CardHeader>
            <CardContent>
              <AccessRequestList
                requests={requests.map((r) => ({ id: r.id, clientName: r.clientName, clientEmail: r.clientEmail, createdAt: r.createdAt, state: r.state }))}
                revoke={revokeAccessRequestAction}
              />
            </CardContent>
          </Card>
        ) : (
          <EmptyState
            icon={Users}
            title="No access requests yet"
            description="Create an access request, send the link to your client, and see what they shared here — with days left until it needs renewing."
          />
        )}
      </div>
    </>
  );
}
