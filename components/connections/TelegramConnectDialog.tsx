"use client";
import { useActionState, useEffect, useRef, useState, startTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormAction } from "@/lib/actions";

/** Telegram has no OAuth: the bot token from @BotFather and the channel, checked with Telegram before saving. */
export function TelegramConnectDialog({ open, onOpenChange, connect }: { open: boolean; onOpenChange: (open: boolean) => void; connect: FormAction<unknown> }) {
  // Success redirects to Connections (with a toast); only failures come back here.
  const [state, action, pending] = useActionState(connect, null);
  // Controlled, and submitted without React's automatic form reset: a failed check keeps what was typed.
  const [botToken, setBotToken] = useState("");
  const [chatId, setChatId] = useState("");
  const tokenRef = useRef<HTMLInputElement>(null);
  const chatRef = useRef<HTMLInputElement>(null);

  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  // Move to the field Telegram objected to, so it can be corrected at once.
  useEffect(() => {
    if (pending || !state || state.ok) return;
    const fields = state.error.fieldErrors ?? {};
    if (fields.botToken) tokenRef.current?.focus();
    else if (fields.chatId) chatRef.current?.focus();
  }, [state, pending]);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => action(form));
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Connect a Telegram channel</DialogTitle>
          <DialogDescription>
            Create a bot with @BotFather, add it to your channel as an administrator allowed to post messages, then enter both here.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" autoComplete="off">
          <div className="space-y-1.5">
            <Label htmlFor="tg-token">Bot token</Label>
            <Input
              id="tg-token"
              ref={tokenRef}
              name="botToken"
              value={botToken}
              onChange={(e) => setBotToken(e.target.value)}
              type="password"
              required
              placeholder="123456789:AA…"
              aria-invalid={errors.botToken ? true : undefined}
              aria-describedby={errors.botToken ? "tg-token-error" : undefined}
            />
            {errors.botToken ? (
              <p id="tg-token-error" className="text-xs text-red-700">
                {errors.botToken}
              </p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="tg-chat">Channel</Label>
            <Input
              id="tg-chat"
              ref={chatRef}
              name="chatId"
              value={chatId}
              onChange={(e) => setChatId(e.target.value)}
              required
              placeholder="@mychannel or -1001234567890"
              aria-invalid={errors.chatId ? true : undefined}
              aria-describedby={errors.chatId ? "tg-chat-error" : undefined}
            />
            {errors.chatId ? (
              <p id="tg-chat-error" className="text-xs text-red-700">
                {errors.chatId}
              </p>
            ) : null}
          </div>
          {state && !state.ok && !state.error.fieldErrors ? <Alert tone="error">{state.error.message}</Alert> : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Checking with Telegram…" : "Connect channel"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
