"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ShownOnceSecret } from "@/components/ui/shown-once-secret";
import type { FormAction } from "@/lib/actions";

export function InviteMemberForm({ invite }: { invite: FormAction<{ link: string; email: string; emailed: boolean }> }) {
  const [state, action, pending] = useActionState(invite, null);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1.5">
          <Label htmlFor="invite-email">Email</Label>
          <Input id="invite-email" name="email" type="email" required placeholder="teammate@example.com" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="invite-role">Role</Label>
          <select
            id="invite-role"
            name="role"
            defaultValue="member"
            className="h-9 rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm"
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <Button type="submit" disabled={pending}>
          Create invite link
        </Button>
      </form>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      {state?.ok ? (
        <ShownOnceSecret
          title={state.data.emailed ? `Invitation emailed to ${state.data.email}` : `Invite link for ${state.data.email}`}
          value={state.data.link}
          copiedMessage="Link copied"
          testId="invite-link"
        >
          {state.data.emailed ? <p>You can also copy the link and send it yourself:</p> : null}
        </ShownOnceSecret>
      ) : null}
    </div>
  );
}
