"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormAction } from "@/lib/actions";

export function CreateOrganizationForm({ create }: { create: FormAction<{ name: string }> }) {
  const [state, action, pending] = useActionState(create, null);
  useEffect(() => {
    if (state?.ok) toast.success(`Created ${state.data.name}; you are now working in it.`);
  }, [state]);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1 space-y-1.5">
        <Label htmlFor="org-name">Name</Label>
        <Input id="org-name" name="name" required placeholder="Acme Agency" />
      </div>
      <Button type="submit" disabled={pending}>
        Create organization
      </Button>
      {state && !state.ok ? <Alert tone="error" className="w-full">{state.error.message}</Alert> : null}
    </form>
  );
}
