import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/AuthForm";
import { InstagramButton } from "@/components/auth/InstagramButton";
import { getCurrentUser } from "@/lib/auth/current";
import { safeReturnTo } from "@/lib/return-to";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create your account · Switchboard" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const returnTo = params.returnTo ? safeReturnTo(params.returnTo) : undefined;
  if (await getCurrentUser()) redirect(returnTo ?? "/connections");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-zinc-500">Free and self-hosted. Your tokens never leave your server.</p>
      <InstagramButton from="sign-up" returnTo={returnTo} error={params.instagram_error} />
      <AuthForm mode="sign-up" action={signUpAction} returnTo={returnTo} />
    </>
  );
}
