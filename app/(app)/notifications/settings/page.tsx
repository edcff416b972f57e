import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmailSettingsForm } from "@/components/notifications/EmailSettingsForm";
import { getDb } from "@/db/client";
import { emailEnabled, emailSettings } from "@/lib/notifications";
import { requireOrgContext } from "@/lib/orgs/current";
import { saveNotificationSettingsAction } from "../actions";

export const metadata: Metadata = { title: "Email settings · Switchboard" };

export default async function NotificationSettingsPage() {
  const ctx = await requireOrgContext();
  const settings = await emailSettings(getDb(), ctx.user.id);
  return (
    <>
      <PageHeader
        title="Email settings"
        description={ctx.user.email ? `Which notifications also go to ${ctx.user.email}. Every one is always in the app.` : "Which notifications also go by email."}
      />
      <EmailSettingsForm settings={settings} emailEnabled={emailEnabled()} address={ctx.user.email} save={saveNotificationSettingsAction} />
    </>
  );
}
