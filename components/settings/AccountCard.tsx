"use client";
import { useActionState, useState } from "react";
import { Download, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormAction } from "@/lib/actions";

/** Export my data (JSON) and Delete account (typed confirmation; lists the workspaces that go with it). */
export function AccountCard({
  phrase,
  soleOwned,
  deleteAccount,
}: {
  phrase: string;
  soleOwned: Array<{ id: string; name: string; members: number }>;
  deleteAccount: FormAction;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [state, action, pending] = useActionState(deleteAccount, null);
  const matches = typed.trim().toLowerCase() === phrase.toLowerCase();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your data and account</CardTitle>
        <CardDescription>Download everything Switchboard keeps about you, or delete your account.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        <Button asChild variant="secondary">
          <a href="/api/account/export" download>
            <Download aria-hidden /> Export my data (JSON)
          </a>
        </Button>
        <Button variant="secondary" className="text-red-700" onClick={() => setOpen(true)}>
          <Trash2 aria-hidden /> Delete account…
        </Button>
      </CardContent>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete your account?</DialogTitle>
            <DialogDescription>This cannot be undone. You are signed out everywhere.</DialogDescription>
          </DialogHeader>
          {soleOwned.length ? (
            <div className="space-y-1 text-sm" data-testid="sole-owned">
              <p>These workspaces have no other owner and are deleted with everything in them (connections, posts, conversations):</p>
              <ul className="list-disc pl-5">
                {soleOwned.map((w) => (
                  <li key={w.id}>
                    {w.name}
                    {w.members > 1 ? ` — ${w.members - 1} other ${w.members === 2 ? "member loses" : "members lose"} access` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm">Every workspace you belong to has another owner; they stay.</p>
          )}
          <form action={action} className="space-y-3">
            <div className="space-y-1.5">
              <Label htmlFor="delete-confirm">
                Type <span className="font-mono font-semibold">{phrase}</span> to confirm
              </Label>
              <Input id="delete-confirm" name="confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
              {state && !state.ok ? (
                <p role="alert" className="text-sm text-red-700">
                  {state.error.message}
                </p>
              ) : null}
            </div>
            <DialogFooter>
              <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!matches || pending} className="bg-red-600 hover:bg-red-700">
                Delete my account
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
