import type { Metadata } from "next";
import Link from "next/link";
import { PenSquare } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Compose · Switchboard" };

export default function ComposePage() {
  return (
    <>
      <PageHeader title="Compose" description="Write once; Switchboard checks each platform's limits and publishes to all of them." />
      <EmptyState
        icon={PenSquare}
        title="Connect an account to start writing"
        description="Posts go to your connected accounts. Once you have one, you can compose, preview per platform, publish now or schedule."
      >
        <Button asChild>
          <Link href="/connections">Go to Connections</Link>
        </Button>
      </EmptyState>
    </>
  );
}
