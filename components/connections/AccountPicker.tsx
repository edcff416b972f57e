"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { TPendingChoice } from "@/db/schema/oauth";
import type { FormAction } from "@/lib/actions";
import { Avatar } from "./Avatar";

/** The accounts an authorization can connect (names and pictures only — never tokens): tick, then connect. */
export function AccountPicker({
  selectionId,
  choices,
  noun,
  connectSelected,
}: {
  selectionId: string;
  choices: TPendingChoice[];
  noun: string;
  connectSelected: FormAction<unknown>;
}) {
  const [state, action, pending] = useActionState(connectSelected, null);
  // The boxes are a plain form (it works before hydration and without JavaScript); the count and
  // Select all read and set them once the page is hydrated.
  const form = useRef<HTMLFormElement>(null);
  const hydrated = useHydrated();
  const [chosen, setChosen] = useState(0);
  const selectable = choices.filter((c) => c.selectable !== false).length;
  const boxes = () => [...(form.current?.querySelectorAll<HTMLInputElement>('input[name="choiceIds"]:not(:disabled)') ?? [])];
  const recount = () => setChosen(boxes().filter((b) => b.checked).length);
  useEffect(recount, []);
  const allChosen = selectable > 0 && chosen === selectable;
  const setAll = (checked: boolean) => {
    for (const box of boxes()) box.checked = checked;
    recount();
  };
  return (
    <form ref={form} action={action} onChange={recount} onReset={() => setChosen(0)} className="space-y-4">
      <input type="hidden" name="id" value={selectionId} />
      {hydrated && selectable > 1 ? (
        <div className="flex items-center justify-between gap-2 text-sm text-zinc-600">
          <span data-testid="picker-count">
            {chosen} of {selectable} selected
          </span>
          <Button type="button" variant="secondary" size="sm" onClick={() => setAll(!allChosen)}>
            {allChosen ? "Clear selection" : `Select all ${selectable}`}
          </Button>
        </div>
      ) : null}
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white">
        {choices.map((c) => {
          const disabled = c.selectable === false;
          return (
            <li key={c.id}>
              <label className={`flex items-center gap-3 px-4 py-3 ${disabled ? "opacity-60" : "cursor-pointer hover:bg-zinc-50"}`}>
                <input type="checkbox" name="choiceIds" value={c.id} disabled={disabled} className="size-4 accent-brand-600" aria-label={c.name} />
                <Avatar src={c.avatarUrl ?? null} name={c.name} className="size-9" />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-zinc-900">{c.name}</span>
                  <span className="block truncate text-xs text-zinc-500">{disabled ? c.reason : [c.handle, c.detail].filter(Boolean).join(" · ")}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button asChild variant="secondary">
          <a href="/connections">Cancel</a>
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Connecting…" : `Connect selected ${noun}`}
        </Button>
      </div>
    </form>
  );
}
