"use client";
import { useActionState } from "react";
import Link from "next/link";
import { Link2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmRevoke } from "@/components/ui/confirm-revoke";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ShownOnceSecret } from "@/components/ui/shown-once-secret";
import type { FormAction } from "@/lib/actions";

export type AccessRequestStateView =
  | { kind: "not_opened" }
  | { kind: "opened" }
  | { kind: "authorized" }
  | { kind: "assets_shared" }
  | { kind: "expiring"; days: number }
  | { kind: "expired" }
  | { kind: "revoked" };

export interface AccessRequestRow {
  id: string;
  clientName: string;
  clientEmail: string | null;
  createdAt: string;
  state: AccessRequestStateView;
}

const when = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function StateBadge({ state }: { state: AccessRequestStateView }) {
  switch (state.kind) {
    case "not_opened":
      return <Badge tone="neutral">Not opened</Badge>;
    case "opened":
      return <Badge tone="info">Opened</Badge>;
    case "authorized":
      return <Badge tone="info">Authorized</Badge>;
    case "assets_shared":
      return <Badge tone="success">Assets shared</Badge>;
    case "expiring":
      return <Badge tone="warning">Expiring in {state.days === 1 ? "1 day" : `${state.days} days`}</Badge>;
    case "expired":
      return <Badge tone="danger">Expired</Badge>;
    case "revoked":
      return <Badge tone="neutral">Revoked</Badge>;
  }
}

/** "New access request": the link is shown once, with a Copy button. */
export function NewAccessRequestForm({ action }: { action: FormAction<{ id: string; clientName: string; link: string }> }) {
  const [state, submit, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-4">
      <form action={submit} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="client-name">Client name</Label>
          <Input id="client-name" name="clientName" required maxLength={120} placeholder="Northwind Bakery" aria-invalid={errors.clientName ? true : undefined} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="client-email">Client email (optional)</Label>
          <Input id="client-email" name="clientEmail" type="email" maxLength={254} placeholder="owner@northwind.example" />
        </div>
        <div className="space-y-1.5 sm:col-span-2">
          <Label htmlFor="client-note">Note for the client (optional)</Label>
          <Input id="client-note" name="note" maxLength={1000} placeholder="We need access to run your spring campaign." />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="link-expiry">Link expires after (days, optional)</Label>
          <Input id="link-expiry" name="expiresInDays" type="number" min={1} max={90} placeholder="Until revoked" />
        </div>
        <div className="flex items-end">
          <Button type="submit" disabled={pending}>
            <Link2 aria-hidden /> Create link
          </Button>
        </div>
      </form>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      {state?.ok ? (
        <ShownOnceSecret
          title={`Link for ${state.data.clientName} created — send it to your client`}
          value={state.data.link}
          copiedMessage="Link copied"
          testId="access-link"
        />
      ) : null}
    </div>
  );
}

export function AccessRequestList({ requests, revoke }: { requests: AccessRequestRow[]; revoke: FormAction<void> }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[30rem] text-left text-sm">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Client</th>
            <th className="py-2 pr-3 font-medium">Requested</th>
            <th className="py-2 pr-3 font-medium">State</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {requests.map((r) => (
            <tr key={r.id} data-testid="access-request-row">
              <td className="py-2.5 pr-3">
                <Link href={`/clients/${r.id}`} className="font-medium hover:underline">
                  {r.clientName}
                </Link>
                {r.clientEmail ? <div className="text-xs text-zinc-500">{r.clientEmail}</div> : null}
              </td>
              <td className="py-2.5 pr-3 text-zinc-600">{when(r.createdAt)}</td>
              <td className="py-2.5 pr-3" data-testid="access-request-state">
                <StateBadge state={r.state} />
              </td>
              <td className="py-2.5 text-right">{r.state.kind === "revoked" ? null : (
                  <ConfirmRevoke
                    action={revoke}
                    fields={{ id: r.id }}
                    label={`Revoke the link for ${r.clientName}`}
                    consequence="Your client can no longer open this link. You can create a new one later."
                  />
                )}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
