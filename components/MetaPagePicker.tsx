"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConnectMetaButton } from "@/components/meta/ConnectMetaButton";
import type { FormAction } from "@/lib/actions";
import type { TPendingPageDto } from "@/lib/meta-messaging/dto";

/**
 * Pick the one Page the organization answers messages for: each Page's name and its linked
 * Instagram username (or "No Instagram account"). Gets ids, names and pictures only.
 */
export function MetaPagePicker({
  pages,
  initiallyExpired = false,
  selectPage,
}: {
  pages: TPendingPageDto[];
  initiallyExpired?: boolean;
  selectPage: FormAction<unknown>;
}) {
  const [selected, setSelected] = useState<string | null>(pages.length === 1 ? pages[0]!.pageId : null);
  const [expired, setExpired] = useState(initiallyExpired);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();

  if (expired) {
    return (
      <div className="space-y-3" data-testid="meta-page-picker">
        <Alert tone="error" title="This list of Pages has expired">
          You have 5 minutes to pick a Page after signing in with Facebook. Connect again to get the list.
        </Alert>
        <ConnectMetaButton label="Connect again" />
      </div>
    );
  }

  function save() {
    if (!selected) {
      setError("Pick a Page first.");
      return;
    }
    setError(null);
    start(async () => {
      const r = await selectPage(null, { pageId: selected });
      // The list expired: the picker says so and offers Connect again.
      if (!r.ok) return r.error.code === "selection_expired" ? setExpired(true) : setError(r.error.message);
      router.replace("/settings/tab/integrations");
      router.refresh();
    });
  }

  return (
    <div className="space-y-4" data-testid="meta-page-picker">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-zinc-900">Choose the Page whose messages this workspace answers</legend>
        <div role="radiogroup" className="max-h-96 divide-y divide-zinc-100 overflow-y-auto rounded-lg border border-zinc-200">
          {pages.map((p) => (
            <label key={p.pageId} className="flex cursor-pointer items-center gap-3 px-3 py-2.5 hover:bg-zinc-50">
              <input
                type="radio"
                name="meta-page"
                value={p.pageId}
                checked={selected === p.pageId}
                onChange={() => setSelected(p.pageId)}
                className="size-4"
              />
              {p.pictureUrl ? (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={p.pictureUrl} alt="" className="size-8 rounded-full" />
              ) : (
                <span className="size-8 rounded-full bg-zinc-100" aria-hidden />
              )}
              <span className="flex flex-col">
                <span className="text-sm font-medium text-zinc-900">{p.name}</span>
                <span className="text-xs text-zinc-500">{p.instagramUsername ? `Instagram @${p.instagramUsername}` : "No Instagram account"}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <Button type="button" onClick={save} disabled={pending || !selected}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="ghost" disabled={pending} onClick={() => router.replace("/settings/tab/integrations")}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
