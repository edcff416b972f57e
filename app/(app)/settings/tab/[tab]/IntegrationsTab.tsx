import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { MetaPagePicker } from "@/components/MetaPagePicker";
import { CheckNowButton } from "@/components/meta/CheckNowButton";
import { ConnectMetaButton } from "@/components/meta/ConnectMetaButton";
import { DisconnectMetaButton } from "@/components/meta/DisconnectMetaButton";
import { RetrySubscriptionButton } from "@/components/meta/RetrySubscriptionButton";
import { StripFacebookHash } from "@/components/meta/StripFacebookHash";
import {
  checkMetaConnectionAction,
  disconnectMetaAction,
  retryMetaSubscriptionAction,
  selectMetaPageAction,
} from "@/app/integrations/meta-messaging/actions";
import { getDb } from "@/db/client";
import { getMetaConnection, listPendingPages, metaErrorMessage, type TMetaConnectionDto } from "@/lib/meta-messaging";
import type { TOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export async function IntegrationsTab({ ctx, query }: { ctx: TOrgContext; query: Record<string, string | string[] | undefined> }) {
  const db = getDb();
  const canManage = hasRole(ctx.org.role, "admin");
  const connection = await getMetaConnection(db, ctx.org.organizationId);
  const errorCode = first(query.meta_error);
  const selecting = canManage && first(query.meta_select_page) === "true";
  const pending = selecting ? await listPendingPages(db, ctx.org.organizationId, ctx.user.id) : null;

  return (
    <Card data-testid="meta-card">
      <StripFacebookHash />
      <CardHeader>
        <CardTitle>Meta (Messenger and Instagram DMs)</CardTitle>
        <CardDescription>Link a Facebook Page to answer its Messenger and Instagram messages from the Inbox.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {errorCode ? (
          <Alert tone="error" title="Facebook was not connected">
            <span data-testid="meta-error" data-code={errorCode}>
              {metaErrorMessage(errorCode)}
            </span>
          </Alert>
        ) : null}
        {pending?.status === "ready" ? <MetaPagePicker pages={pending.pages} selectPage={selectMetaPageAction} /> : null}
        {pending && pending.status !== "ready" ? <MetaPagePicker pages={[]} initiallyExpired selectPage={selectMetaPageAction} /> : null}
        {!pending || pending.status !== "ready" ? (
          connection ? (
            <ConnectionDetails connection={connection} canManage={canManage} />
          ) : (
            <p className="text-sm text-zinc-600">No Facebook Page is connected.</p>
          )
        ) : null}
        {!canManage ? (
          <p className="text-sm text-zinc-500" data-testid="meta-read-only">
            Only owners and admins can connect or disconnect Meta. You can see its state here.
          </p>
        ) : null}
      </CardContent>
      {canManage && (!pending || pending.status !== "ready") ? (
        <CardFooter className="flex-wrap">
          <ConnectMetaButton
            label={!connection ? "Connect with Facebook" : connection.tokenStatus === "needs_reconnect" ? "Reconnect Facebook" : "Connect a different Page"}
            variant={connection && connection.tokenStatus !== "needs_reconnect" ? "secondary" : "default"}
          />
          {connection ? <DisconnectMetaButton pageName={connection.facebookPageName} disconnect={disconnectMetaAction} /> : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}

const when = (iso: string) => `${dateFormat.format(new Date(iso))} UTC`;

function WebhookBadge({ c }: { c: TMetaConnectionDto }) {
  // With the token refused, the last known state is all we have: say so rather than "Subscribed".
  if (c.tokenStatus === "needs_reconnect") return <Badge tone="warning">Can&apos;t check until you reconnect</Badge>;
  if (c.webhookStatus === "subscribed" && c.webhookCheckError) return <Badge tone="warning">Subscribed, last check failed</Badge>;
  if (c.webhookStatus === "subscribed") return <Badge tone="success">{c.lastEventAt ? "Receiving events" : "Subscribed"}</Badge>;
  if (c.webhookStatus === "failed") return <Badge tone="danger">Subscription failed</Badge>;
  return <Badge tone="warning">Not subscribed yet</Badge>;
}

/** When it was subscribed (or put back), and what the last hourly check found. */
function webhookDetail(c: TMetaConnectionDto): string[] {
  const lines: string[] = [];
  if (c.webhookStatus === "subscribed" && c.webhookResubscribedAt) {
    lines.push(`Resubscribed at ${when(c.webhookResubscribedAt)}: the Page had lost our subscription on Facebook's side.`);
  } else if (c.webhookStatus === "subscribed" && c.webhookSubscribedAt) {
    lines.push(`Subscribed at ${when(c.webhookSubscribedAt)}.`);
  }
  // What actually arrived, not only what a subscription call once answered.
  lines.push(c.lastEventAt ? `Last event received at ${when(c.lastEventAt)}.` : "No message events received yet.");
  if (!c.webhookCheckedAt) {
    lines.push("Switchboard checks the subscription with Facebook every hour.");
  } else if (!c.webhookCheckError) {
    lines.push(`Last checked at ${when(c.webhookCheckedAt)}: in place.`);
  } else if (c.tokenStatus === "needs_reconnect") {
    lines.push(`Last check at ${when(c.webhookCheckedAt)}: Facebook refused the Page's access (error ${c.webhookCheckError}). Reconnect to fix it.`);
  } else if (c.webhookStatus === "subscribed") {
    lines.push(
      `Last check at ${when(c.webhookCheckedAt)} could not reach Facebook (error ${c.webhookCheckError}). Nothing was changed; Switchboard tries again within the hour.`,
    );
  } else {
    lines.push(`Last check at ${when(c.webhookCheckedAt)} failed (error ${c.webhookCheckError}).`);
  }
  return lines;
}

function ConnectionDetails({ connection: c, canManage }: { connection: TMetaConnectionDto; canManage: boolean }) {
  const dead = c.tokenStatus === "needs_reconnect";
  return (
    <div className="space-y-3" data-testid="meta-connection">
      <div className="flex items-center gap-3">
        {c.facebookPagePictureUrl ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={c.facebookPagePictureUrl} alt="" className="size-10 rounded-full" />
        ) : null}
        <div>
          <p className="font-medium text-zinc-900" data-testid="meta-page-name">
            {c.facebookPageName}
          </p>
          <p className="text-sm text-zinc-500" data-testid="meta-instagram">
            {c.instagramUsername ? `Instagram @${c.instagramUsername}` : "No Instagram account linked"}
          </p>
        </div>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-zinc-500">Webhooks</dt>
        <dd className="space-y-1">
          <span data-testid="meta-webhook-status">
            <WebhookBadge c={c} />
          </span>
          {webhookDetail(c).map((line) => (
            <p key={line} className="text-xs text-zinc-500" data-testid="meta-webhook-detail">
              {line}
            </p>
          ))}
        </dd>
        <dt className="text-zinc-500">Access</dt>
        <dd data-testid="meta-token-health">
          {dead ? <Badge tone="danger">Needs reconnect</Badge> : <Badge tone="success">Active · Page access does not expire</Badge>}
        </dd>
        <dt className="text-zinc-500">Connected</dt>
        <dd className="text-zinc-700">
          {when(c.connectedAt)}
          {c.connectedByName ? ` by ${c.connectedByName}` : ""}
        </dd>
      </dl>
      {canManage ? <CheckNowButton check={checkMetaConnectionAction} /> : null}
      {dead ? (
        <Alert tone="error" title="Reconnect Facebook">
          <p data-testid="meta-reconnect-guidance">
            Facebook no longer accepts this Page&apos;s access (a password change, a removed Page role, the app removed from the Facebook account, or a
            permission turned off). Until you reconnect, replies can&apos;t be sent and Switchboard can&apos;t check the webhooks.{" "}
            {canManage
              ? `Click Reconnect Facebook below and sign in as an admin of ${c.facebookPageName}, keeping every permission ticked.`
              : "Ask an owner or admin of this workspace to reconnect."}{" "}
            Conversations already received stay in the Inbox.
          </p>
        </Alert>
      ) : c.webhookStatus !== "subscribed" ? (
        <Alert tone="error" title="Messages will not arrive until webhooks are subscribed">
          <p>{c.webhookError ?? "The subscription has not completed."} The Page stays saved.</p>
          {canManage ? (
            <div className="mt-2">
              <RetrySubscriptionButton retry={retryMetaSubscriptionAction} />
            </div>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}
