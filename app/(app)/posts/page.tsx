import type { Metadata } from "next";
import { LayoutList } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Posts · Switchboard" };

export default function PostsPage() {
  return (
    <>
      <PageHeader title="Posts" description="Everything you published or scheduled, with each platform's result." />
      <EmptyState
        icon={LayoutList}
        title="Nothing published yet"
        description="Each post you publish shows here with a link to the live post on every platform, and a retry for any that failed."
      />
    </>
  );
}
