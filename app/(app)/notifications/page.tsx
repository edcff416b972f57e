import type { Metadata } from "next";
import Link from "next/link";
import { Bell } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { NotificationList } from "@/components/notifications/NotificationList";
import { getDb } from "@/db/client";
import { listNotifications } from "@/lib/notifications";
import { requireOrgContext } from "@/lib/orgs/current";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications · Switchboard" };

export default async function NotificationsPage() {
  const ctx = await requireOrgContext();
  const items = await listNotifications(getDb(), ctx.user.id, ctx.org.organizationId);
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`What needs your attention in ${ctx.org.name}.`}
        actions={
          <Button asChild size="sm" variant="secondary">
            <Link href="/notifications/settings">Email settings</Link>
          </Button>
        }
      />
      {items.length === 0 ? (
        <EmptyState icon={Bell} title="No notifications" description="You'll hear here — and by email, if you like — when a connection is about to expire or stops working." />
      ) : (
        <NotificationList items={items} markRead={markNotificationReadAction} markAllRead={markAllNotificationsReadAction} />
      )}
    </>
  );
}
