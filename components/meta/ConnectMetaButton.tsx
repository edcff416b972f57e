"use client";
import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

/** Asks the server for the Facebook Login URL (which also sets the flow cookie), then goes there. */
export function ConnectMetaButton({ label = "Connect with Facebook", variant }: { label?: string; variant?: ButtonProps["variant"] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function connect() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/integrations/meta/oauth-url", { headers: { accept: "application/json" }, cache: "no-store" });
      const body = (await res.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
      if (res.ok && body?.url) {
        window.location.assign(body.url);
        return;
      }
      setError(body?.error?.message ?? "Could not start the Facebook sign-in. Try again.");
    } catch {
      setError("Could not reach Switchboard. Check your connection and try again.");
    }
    setBusy(false);
  }
  return (
    <div className="space-y-2">
      <Button type="button" variant={variant} onClick={connect} disabled={busy}>
        {busy ? "Opening Facebook…" : label}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
