"use client";
import { startTransition, useActionState } from "react";
import Link from "next/link";
import { Loader2 } from "lucide-react";
import type { FormState } from "@/lib/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Mode = "sign-in" | "sign-up";
type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/** The email + password form for signing in or up, with the server's messages beside each field. */
export function AuthForm({ mode, action, returnTo }: { mode: Mode; action: Action; returnTo?: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  const formError = state && !state.ok && Object.keys(errors).length === 0 ? state.error.message : null;

  return (
    <form
      action={formAction}
      // Submitting through onSubmit keeps what the person typed when the server says no
      // (a form action would reset the fields).
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="space-y-4"
      noValidate
    >
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {mode === "sign-up" ? (
        <Field id="name" label="Your name" error={errors.name}>
          <Input id="name" name="name" autoComplete="name" required aria-invalid={!!errors.name} />
        </Field>
      ) : null}
      <Field id="email" label="Email" error={errors.email}>
        <Input id="email" name="email" type="email" autoComplete="email" required aria-invalid={!!errors.email} />
      </Field>
      <Field
        id="password"
        label="Password"
        error={errors.password}
        hint={mode === "sign-up" ? "At least 10 characters." : undefined}
      >
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          aria-invalid={!!errors.password}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {mode === "sign-up" ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-zinc-500">
        {mode === "sign-up" ? (
          <>
            Already have an account?{" "}
            <Link className="font-medium text-brand-600 hover:underline" href={withReturn("/sign-in", returnTo)}>
              Sign in
            </Link>
          </>
        ) : (
          <>
            New to Switchboard?{" "}
            <Link className="font-medium text-brand-600 hover:underline" href={withReturn("/sign-up", returnTo)}>
              Create an account
            </Link>
          </>
        )}
      </p>
    </form>
  );
}

function withReturn(path: string, returnTo?: string): string {
  return returnTo ? `${path}?returnTo=${encodeURIComponent(returnTo)}` : path;
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-zinc-500">{hint}</p>
      ) : null}
    </div>
  );
}
