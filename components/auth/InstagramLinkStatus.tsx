"use client";
import { useSearchParams } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { INSTAGRAM_ERROR_PARAM, INSTAGRAM_SIGN_IN_MESSAGES, isInstagramSignInFailure } from "@/lib/instagram-sign-in/messages";

/** What the last "Link Instagram" came back with (the callback redirects here with a code). */
export function InstagramLinkStatus() {
  const params = useSearchParams();
  const error = params.get(INSTAGRAM_ERROR_PARAM);
  if (isInstagramSignInFailure(error)) {
    const text = INSTAGRAM_SIGN_IN_MESSAGES[error];
    return (
      <Alert tone="error" title={text.title}>
        <p>{text.message}</p>
        <p className="mt-1 font-medium">{text.nextStep}</p>
      </Alert>
    );
  }
  if (params.get("instagram") === "linked") {
    return <Alert tone="success">Instagram is linked: you can sign in with it, and it is connected for publishing.</Alert>;
  }
  return null;
}
