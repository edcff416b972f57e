import { Camera, Flag, Megaphone } from "lucide-react";
import { ConnectMetaButton } from "@/components/clients/ConnectMetaButton";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/client";
import { agencyNameOf, ZWizardProblem } from "@/lib/agency/authorize";
import { openAccessRequest } from "@/lib/agency/requests";
import { permissionWords, WIZARD_PROBLEMS } from "@/lib/agency/wording";
import { META_CLIENT_ACCESS_SCOPES } from "@/lib/providers/facebook/config";
import { connectMetaAction } from "./actions";
import { DeadEnd } from "./dead-end";

export const dynamic = "force-dynamic";

/** Step 1 of the client's wizard: who is asking and what they will be able to see → Connect Meta. */
export default async function AccessPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  const query = await searchParams;
  const db = getDb();
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) return <DeadEnd reason={opened.reason} />;
  const agency = await agencyNameOf(db, opened.request);
  const problem = ZWizardProblem.safeParse(query.problem);
  const missing = typeof query.missing === "string" ? query.missing.split(",").filter((s) => (META_CLIENT_ACCESS_SCOPES as readonly string[]).includes(s)) : [];
  const again = opened.connection !== null;
  const wording = problem.success ? WIZARD_PROBLEMS[problem.data] : undefined;
  return (
    <div className="space-y-5 rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-8">
      <div className="space-y-2">
        <p className="text-sm font-medium text-brand-700">Access request for {opened.request.clientName}</p>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900" data-testid="access-heading">
          {agency} asks for access to your Meta ad accounts, Pages and Instagram accounts
        </h1>
        {opened.request.note ? (
          <blockquote className="border-l-2 border-zinc-200 pl-3 text-sm italic text-zinc-700" data-testid="access-note">
            “{opened.request.note}”
          </blockquote>
        ) : null}
      </div>
      {wording ? (
        <Alert tone="error" title={wording.title}>
          <p>{wording.message}</p>
          {missing.length ? (
            <ul className="mt-2 list-disc pl-5" data-testid="missing-permissions">
              {missing.map((s) => (
                <li key={s}>{permissionWords(s)}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <div className="space-y-3">
        <h2 className="text-sm font-semibold text-zinc-900">How it works</h2>
        <ol className="space-y-3 text-sm text-zinc-700">
          <li className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">1</span>
            Sign in to Facebook and allow the permissions below. You don&apos;t need a Switchboard account.
          </li>
          <li className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">2</span>
            <span>
              Pick exactly what {agency} may use:
              <span className="mt-2 flex flex-wrap gap-2">
                <span className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs"><Megaphone className="size-3" aria-hidden /> Ad accounts</span>
                <span className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs"><Flag className="size-3" aria-hidden /> Pages</span>
                <span className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs"><Camera className="size-3" aria-hidden /> Instagram accounts</span>
              </span>
            </span>
          </li>
          <li className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">3</span>
            Confirm. Access lasts about 60 days; {agency} will send you this same link to renew it.
          </li>
        </ol>
      </div>
      <details className="rounded-lg bg-zinc-50 p-3 text-sm text-zinc-700">
        <summary className="cursor-pointer font-medium">Permissions Facebook will ask for</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {META_CLIENT_ACCESS_SCOPES.map((s) => (
            <li key={s}>{permissionWords(s)}</li>
          ))}
        </ul>
      </details>
      <ConnectMetaButton token={token} action={connectMetaAction} label={wording ? "Try again with Facebook" : again ? "Re-authorize with Facebook" : "Connect Meta"} />
    </div>
  );
}
