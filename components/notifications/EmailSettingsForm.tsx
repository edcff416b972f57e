"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { TEmailSetting } from "@/lib/notifications/queries";
import type { FormAction } from "@/lib/actions";

/** One checkbox per notification kind: whether it also goes by email. */
export function EmailSettingsForm({
  settings,
  emailEnabled,
  address,
  save,
}: {
  settings: TEmailSetting[];
  emailEnabled: boolean;
  address: string | null;
  save: FormAction<{ saved: number }>;
}) {
  const [state, action, pending] = useActionState(save, null);
  return (
    <form action={action} className="space-y-4">
      {!emailEnabled ? <Alert tone="info">This server does not send email (SMTP_URL is not set): notifications appear only in the app.</Alert> : null}
      {emailEnabled && !address ? <Alert tone="info">Your account has no email address, so notifications appear only in the app.</Alert> : null}
      <fieldset className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white">
        <legend className="sr-only">Also send by email</legend>
        {settings.map((s) => (
          <label key={s.kind} className="flex cursor-pointer items-start gap-3 p-4">
            <input type="checkbox" name="email" value={s.kind} defaultChecked={s.email} className="mt-1 size-4 rounded border-zinc-300" />
            <span>
              <span className="block text-sm font-medium text-zinc-900">{s.label}</span>
              <span className="block text-sm text-zinc-500">{s.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save
        </Button>
        {state?.ok ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
        {state && !state.ok ? <span role="alert" className="text-sm text-red-700">{state.error.message}</span> : null}
      </div>
    </form>
  );
}
