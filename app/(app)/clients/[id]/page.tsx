import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { CopyReauthorizationLink } from "@/components/clients/ClientView";
import { SharedAssets } from "@/components/clients/SharedAssets";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { getClientView } from "@/lib/agency/requests";
import { requireOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";
import { copyAccessLinkAction } from "../actions";

export const metadata: Metadata = { title: "Client · Switchboard" };

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

/** The agency's view of one client: what they shared, by group, and how long access lasts. */
export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireOrgContext();
  const client = await getClientView(getDb(), ctx.org.organizationId, id);
  if (!client) notFound();
  const admin = hasRole(ctx.org.role, "admin");
  const expiry =
    client.state.kind === "expired"
      ? "Access has lapsed: nothing of this client's is used until they re-authorize."
      : client.daysToExpiry === null
        ? null
        : `Access ends in ${client.daysToExpiry === 1 ? "1 day" : `${client.daysToExpiry} days`}${client.tokenExpiresAt ? ` (${when(client.tokenExpiresAt)})` : ""}.`;
  return (
    <>
      <Link href="/clients" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900">
        <ArrowLeft className="size-4" aria-hidden /> Clients
      </Link>
      <PageHeader title={client.clientName} description={client.clientEmail ?? "Client access through one link"} />
      <div className="grid grid-cols-1 gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Access</CardTitle>
            <CardDescription>
              {client.connectionId
                ? `Authorized by ${client.metaUserName ?? "the client"} on Facebook.`
                : client.state.kind === "revoked"
                  ? "This link was revoked."
                  : "The client has not authorized yet."}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            <dl className="grid grid-cols-1 gap-2 sm:grid-cols-3">
              <div>
                <dt className="text-xs text-zinc-500">Last authorized</dt>
                <dd data-testid="client-last-authorized">{client.authorizedAt ? when(client.authorizedAt) : "Never"}</dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500">Days to expiry</dt>
                <dd data-testid="client-days-to-expiry">
                  {client.state.kind === "expired" ? <Badge tone="danger">Expired</Badge> : client.daysToExpiry === null ? "—" : client.daysToExpiry}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500">Permissions</dt>
                <dd>{client.grantedScopes.length ? client.grantedScopes.join(", ") : "—"}</dd>
              </div>
            </dl>
            {expiry ? <Alert tone={client.state.kind === "expired" || client.state.kind === "expiring" ? "error" : "info"}>{expiry}</Alert> : null}
            {admin && client.state.kind !== "revoked" ? <CopyReauthorizationLink id={client.id} action={copyAccessLinkAction} /> : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Shared assets</CardTitle>
            <CardDescription>{client.sharedAssets.length ? "Exactly what the client chose to share." : "The client has not shared anything yet."}</CardDescription>
          </CardHeader>
          <CardContent>
            <SharedAssets assets={client.sharedAssets} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
