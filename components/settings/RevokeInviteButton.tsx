"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

/** "Revoke" beside an open invitation (owners and admins); the page passes the server action. */
export function RevokeInviteButton({
  invitationId,
  email,
  revoke,
}: {
  invitationId: string;
  email: string;
  revoke: FormAction<{ revoked: boolean }>;
}) {
  const [state, action, pending] = useActionState(revoke, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="invitationId" value={invitationId} />
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error.message}
        </span>
      ) : null}
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Revoke the invitation for ${email}`}>
        Revoke
      </Button>
    </form>
  );
}
