"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

export function AcceptInviteButton({ token, accept }: { token: string; accept: FormAction }) {
  const [state, action, pending] = useActionState(accept, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Button type="submit" disabled={pending}>
        Accept invitation
      </Button>
    </form>
  );
}
