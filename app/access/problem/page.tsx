import { ZWizardProblem } from "@/lib/agency/authorize";
import { WIZARD_PROBLEMS } from "@/lib/agency/wording";

/** Where Facebook's return lands when the link cannot be known or no longer works. */
export default async function AccessProblemPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = ZWizardProblem.safeParse((await searchParams).problem);
  const text = WIZARD_PROBLEMS[parsed.success ? parsed.data : "failed"]!;
  return (
    <div className="space-y-2 rounded-2xl border border-zinc-200 bg-white p-6 text-center shadow-sm" data-testid="access-dead-end">
      <h1 className="text-xl font-semibold text-zinc-900">{text.title}</h1>
      <p className="text-sm text-zinc-600">{text.message}</p>
    </div>
  );
}
