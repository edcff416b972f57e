"use client";
import { useActionState, useEffect } from "react";
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";

/** "Copy re-authorization link": asks the server for the request's link and copies it. */
export function CopyReauthorizationLink({ id, action }: { id: string; action: FormAction<{ link: string }> }) {
  const [state, submit, pending] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) {
      navigator.clipboard.writeText(state.data.link).then(
        () => toast.success("Re-authorization link copied"),
        () => toast.message("Copy the link below"),
      );
    }
  }, [state]);
  return (
    <form action={submit} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending}>
        <Copy aria-hidden /> Copy re-authorization link
      </Button>
      {state?.ok ? (
        <code className="block break-all rounded bg-zinc-50 px-2 py-1 text-xs" data-testid="reauthorization-link">
          {state.data.link}
        </code>
      ) : null}
      {state && !state.ok ? <p className="text-sm text-red-700">{state.error.message}</p> : null}
    </form>
  );
}
