"use client";
import { useActionState } from "react";
import { KeyRound, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmRevoke } from "@/components/ui/confirm-revoke";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ShownOnceSecret } from "@/components/ui/shown-once-secret";
import type { FormAction } from "@/lib/actions";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "never");

/** Create form; the new key is shown once, with a copy button. */
export function CreateApiKeyForm({ action }: { action: FormAction<{ name: string; key: string; prefix: string }> }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <div className="space-y-4">
      <form action={submit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1.5">
          <Label htmlFor="api-key-name">Name</Label>
          <Input id="api-key-name" name="name" required maxLength={80} placeholder="Reporting agent" />
        </div>
        <Button type="submit" disabled={pending}>
          <KeyRound aria-hidden /> Create key
        </Button>
      </form>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      {state?.ok ? (
        <ShownOnceSecret
          title={`Key “${state.data.name}” created — copy it now, it is shown only once`}
          value={state.data.key}
          copiedMessage="Key copied"
          testId="new-api-key"
        />
      ) : null}
    </div>
  );
}

export function ApiKeyList({ keys, revoke }: { keys: ApiKeyRow[]; revoke: FormAction<void> }) {
  if (keys.length === 0) return <p className="text-sm text-zinc-500">No keys yet.</p>;
  return (
    // On a narrow screen the table scrolls inside its own box, not the page.
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Name</th>
            <th className="py-2 pr-3 font-medium">Key</th>
            <th className="py-2 pr-3 font-medium">Created</th>
            <th className="py-2 pr-3 font-medium">Last used</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row">
              <td className="py-2.5 pr-3 font-medium">{k.name}</td>
              <td className="py-2.5 pr-3">
                <code className="text-xs text-zinc-600">{k.prefix}…</code>
              </td>
              <td className="py-2.5 pr-3 text-zinc-600">{when(k.createdAt)}</td>
              <td className="py-2.5 pr-3 text-zinc-600">{when(k.lastUsedAt)}</td>
              <td className="py-2.5 text-right">{k.revokedAt ? <Badge tone="neutral">Revoked</Badge> : (
                  <ConfirmRevoke action={revoke} fields={{ id: k.id }} label={`Revoke ${k.name}`} consequence="Requests made with this key are refused from now on. This can't be undone." />
                )}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AllowedOrigins({ origins, add, remove }: { origins: string[]; add: FormAction<{ origin: string }>; remove: FormAction<void> }) {
  const [state, submit, pending] = useActionState(add, null);
  const [, removeSubmit] = useActionState(remove, null);
  return (
    <div className="space-y-3">
      {origins.length ? (
        <ul className="divide-y divide-zinc-100 text-sm">
          {origins.map((o) => (
            <li key={o} className="flex items-center justify-between py-2">
              <code className="text-xs">{o}</code>
              <form action={removeSubmit}>
                <input type="hidden" name="origin" value={o} />
                <Button type="submit" size="sm" variant="ghost" aria-label={`Remove ${o}`}>
                  <Trash2 aria-hidden />
                </Button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">No origins yet: server-side OAuth refuses every redirect_url until you add one.</p>
      )}
      <form action={submit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1.5">
          <Label htmlFor="allowed-origin">Origin</Label>
          <Input id="allowed-origin" name="origin" required placeholder="https://your-app.example" />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          Allow origin
        </Button>
      </form>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
    </div>
  );
}
