import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { INSTAGRAM_SIGN_IN_MESSAGES, isInstagramSignInFailure } from "@/lib/instagram-sign-in/messages";
import { cn } from "@/lib/utils";

/**
 * "Continue with Instagram" on the sign-in and sign-up pages, with the message of a failed
 * attempt above it. A plain link (not next/link) so nothing prefetches the start route.
 */
export function InstagramButton({ from, returnTo, error }: { from: "sign-in" | "sign-up"; returnTo?: string; error?: string }) {
  const params = new URLSearchParams({ from });
  if (returnTo) params.set("returnTo", returnTo);
  const failure = isInstagramSignInFailure(error) ? INSTAGRAM_SIGN_IN_MESSAGES[error] : null;
  return (
    <div className="mb-4 space-y-3">
      {failure ? (
        <Alert tone="error" title={failure.title}>
          <p>{failure.message}</p>
          <p className="mt-1 font-medium">{failure.nextStep}</p>
        </Alert>
      ) : null}
      <a
        href={`/api/auth/instagram/start?${params.toString()}`}
        className={cn(buttonVariants({ variant: "secondary" }), "w-full")}
        data-testid="continue-with-instagram"
      >
        <InstagramGlyph />
        {failure?.retry ? "Try again with Instagram" : "Continue with Instagram"}
      </a>
      <div className="flex items-center gap-3 text-xs text-zinc-400" aria-hidden>
        <span className="h-px flex-1 bg-zinc-200" />
        or with email
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
    </div>
  );
}

/** Instagram's camera glyph (lucide no longer ships brand icons). */
function InstagramGlyph() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="#C13584" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <rect x="2" y="2" width="20" height="20" rx="5" />
      <circle cx="12" cy="12" r="4" />
      <circle cx="17.5" cy="6.5" r="0.5" fill="#C13584" />
    </svg>
  );
}
