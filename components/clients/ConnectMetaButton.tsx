"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

/** Starts Facebook Login for this link (the action redirects to Facebook). */
export function ConnectMetaButton({ token, label, action }: { token: string; label: string; action: FormAction<void> }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} className="space-y-2">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} className="w-full bg-[#1877F2] hover:bg-[#166fe5] sm:w-auto">
        {pending ? "Opening Facebook…" : label}
      </Button>
      {state && !state.ok ? <p className="text-sm text-red-700">{state.error.message}</p> : null}
    </form>
  );
}
