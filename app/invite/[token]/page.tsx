import Link from "next/link";
import { Logo } from "@/components/brand/Logo";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AcceptInviteButton } from "@/components/settings/AcceptInviteButton";
import { getDb } from "@/db/client";
import { getCurrentUser } from "@/lib/auth/current";
import { findOpenInvitation, maskEmail, normalizeEmail } from "@/lib/orgs/invitations";
import { acceptInviteAction, signInAsInvitedAction } from "./actions";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = token.length <= 100 ? await findOpenInvitation(getDb(), token) : null;
  const user = await getCurrentUser();
  const here = `/invite/${encodeURIComponent(token)}`;
  // Only the invited address may accept; the page never shows the whole address.
  const invitedHere = invite && user ? !!user.email && normalizeEmail(user.email) === normalizeEmail(invite.email) : false;
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        {!invite ? (
          <Alert tone="error" title="This invitation can't be used">
            It was already used or has expired. Ask the person who invited you for a new link.
          </Alert>
        ) : (
          <div className="space-y-4">
            <h1 className="text-xl font-semibold">Join {invite.organizationName}</h1>
            <p className="text-sm text-zinc-600">
              You were invited as <strong className="capitalize">{invite.role}</strong> ({maskEmail(invite.email)}).
            </p>
            {user && invitedHere ? (
              <AcceptInviteButton token={token} accept={acceptInviteAction} />
            ) : user ? (
              <div className="space-y-3">
                <Alert tone="info" title="This invitation is for another address">
                  It was sent to {maskEmail(invite.email)}, and you are signed in as {user.email ?? "an account without an email"}. Sign in
                  with the invited address to accept it.
                </Alert>
                <form action={signInAsInvitedAction}>
                  <input type="hidden" name="token" value={token} />
                  <Button type="submit">Sign in with it</Button>
                </form>
              </div>
            ) : (
              <div className="flex gap-2">
                <Button asChild>
                  <Link href={`/sign-up?returnTo=${encodeURIComponent(here)}`}>Create an account</Link>
                </Button>
                <Button asChild variant="secondary">
                  <Link href={`/sign-in?returnTo=${encodeURIComponent(here)}`}>Sign in</Link>
                </Button>
              </div>
            )}
          </div>
        )}
      </div>
    </main>
  );
}
