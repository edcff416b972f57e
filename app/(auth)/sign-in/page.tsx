import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/AuthForm";
import { InstagramButton } from "@/components/auth/InstagramButton";
import { getCurrentUser } from "@/lib/auth/current";
import { safeReturnTo } from "@/lib/return-to";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in · Switchboard" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const returnTo = params.returnTo ? safeReturnTo(params.returnTo) : undefined;
  if (await getCurrentUser()) redirect(returnTo ?? "/connections");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-zinc-500">Welcome back.</p>
      <InstagramButton from="sign-in" returnTo={returnTo} error={params.instagram_error} />
      <AuthForm mode="sign-in" action={signInAction} returnTo={returnTo} />
    </>
  );
}
