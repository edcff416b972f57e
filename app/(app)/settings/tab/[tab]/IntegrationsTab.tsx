import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { MetaPagePicker } from "@/components/MetaPagePicker";
import { ConnectMetaButton } from "@/components/meta/ConnectMetaButton";
import { DisconnectMetaButton } from "@/components/meta/DisconnectMetaButton";
import { RetrySubscriptionButton } from "@/components/meta/RetrySubscriptionButton";
import { StripFacebookHash } from "@/components/meta/StripFacebookHash";
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
        {pending?.status === "ready" ? <MetaPagePicker pages={pending.pages} /> : null}
        {pending && pending.status !== "ready" ? <MetaPagePicker pages={[]} initiallyExpired /> : null}
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
          <ConnectMetaButton label={connection ? "Connect a different Page" : "Connect with Facebook"} variant={connection ? "secondary" : "default"} />
          {connection ? <DisconnectMetaButton pageName={connection.facebookPageName} /> : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}

function ConnectionDetails({ connection: c, canManage }: { connection: TMetaConnectionDto; canManage: boolean }) {
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
        <dd data-testid="meta-webhook-status">
          {c.webhookStatus === "subscribed" ? (
            <Badge tone="success">Subscribed</Badge>
          ) : c.webhookStatus === "failed" ? (
            <Badge tone="danger">Subscription failed</Badge>
          ) : (
            <Badge tone="warning">Not subscribed yet</Badge>
          )}
        </dd>
        <dt className="text-zinc-500">Access</dt>
        <dd data-testid="meta-token-health">
          {c.tokenStatus === "active" ? (
            <Badge tone="success">Active · Page access does not expire</Badge>
          ) : (
            <Badge tone="danger">Needs reconnect</Badge>
          )}
        </dd>
        <dt className="text-zinc-500">Connected</dt>
        <dd className="text-zinc-700">
          {dateFormat.format(new Date(c.connectedAt))} UTC{c.connectedByName ? ` by ${c.connectedByName}` : ""}
        </dd>
      </dl>
      {c.webhookStatus !== "subscribed" ? (
        <Alert tone="error" title="Messages will not arrive until webhooks are subscribed">
          <p>{c.webhookError ?? "The subscription has not completed."} The Page stays saved.</p>
          {canManage ? (
            <div className="mt-2">
              <RetrySubscriptionButton />
            </div>
          ) : null}
        </Alert>
      ) : null}
      {c.tokenStatus === "needs_reconnect" ? (
        <Alert tone="error">Facebook no longer accepts this Page&apos;s access (a password change or a removed role). Connect again.</Alert>
      ) : null}
    </div>
  );
}
