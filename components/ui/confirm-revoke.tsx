"use client";
import { useActionState, useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { FormAction } from "@/lib/actions";

/**
 * "Revoke" beside a row (an API key, a client's access link, an invitation): asks first, saying
 * what stops working, then posts `fields` to the page's server action. A refusal shows in the dialog.
 */
export function ConfirmRevoke<T>({
  action,
  fields,
  label,
  consequence,
  variant = "secondary",
}: {
  action: FormAction<T>;
  /** Hidden inputs naming the row (e.g. `{ id }`). */
  fields: Record<string, string>;
  /** The button's accessible name, and the dialog's title with a question mark ("Revoke the link for Northwind Bakery"). */
  label: string;
  /** What revoking does, in the dialog. */
  consequence: string;
  variant?: "secondary" | "ghost";
}) {
  const [open, setOpen] = useState(false);
  const [state, submit, pending] = useActionState<Awaited<ReturnType<FormAction<T>>> | null, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) setOpen(false);
    return result;
  }, null);
  return (
    <>
      <Button type="button" size="sm" variant={variant} onClick={() => setOpen(true)} aria-label={label}>
        <Trash2 aria-hidden /> Revoke
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{label}?</DialogTitle>
            <DialogDescription>{consequence}</DialogDescription>
          </DialogHeader>
          {state && !state.ok ? (
            <p role="alert" className="text-sm text-red-700">
              {state.error.message}
            </p>
          ) : null}
          <form action={submit}>
            {Object.entries(fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" variant="destructive" disabled={pending}>
                {pending ? "Revoking…" : "Revoke"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
