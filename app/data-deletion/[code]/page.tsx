import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Logo } from "@/components/brand/Logo";
import { getDb } from "@/db/client";
import { deletionStatus, deletionSummary } from "@/lib/meta-callbacks/callbacks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Data deletion request · Switchboard", robots: { index: false, follow: false } };

/**
 * The public status page Meta's data-deletion answer points to. It shows the request by its code
 * and what kinds of data were removed, in counts — never a name, an account or a workspace (A1).
 */
export default async function DataDeletionStatusPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const status = await deletionStatus(getDb(), code.toUpperCase());
  if (!status) notFound();
  const when = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return (
    <main className="flex min-h-full flex-col items-center justify-center bg-zinc-50 px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-zinc-900">Data deletion request</h1>
        <dl className="mt-4 space-y-2 text-sm">
          <div className="flex justify-between gap-4">
            <dt className="text-zinc-500">Confirmation code</dt>
            <dd className="font-mono" data-testid="confirmation-code">
              {status.code}
            </dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-zinc-500">Requested through</dt>
            <dd>{status.app === "facebook" ? "Facebook" : "Instagram"}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-zinc-500">Status</dt>
            <dd data-testid="deletion-status">{status.status === "completed" ? "Completed" : "In progress"}</dd>
          </div>
          {status.completedAt ? (
            <div className="flex justify-between gap-4">
              <dt className="text-zinc-500">Completed</dt>
              <dd>{when.format(status.completedAt)} UTC</dd>
            </div>
          ) : null}
        </dl>
        <p className="mt-4 text-sm text-zinc-600" data-testid="deletion-summary">
          {deletionSummary(status.deleted)}
        </p>
        <p className="mt-3 text-xs text-zinc-500">Keep the confirmation code if you want to refer to this request.</p>
      </div>
    </main>
  );
}
