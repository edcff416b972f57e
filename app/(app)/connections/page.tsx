import type { Metadata } from "next";
import { Cable } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectedToast } from "@/components/connections/ConnectedToast";
import { ConnectionsBrowser, type TConnectionsView } from "@/components/connections/ConnectionsBrowser";
import { ConnectMenu } from "@/components/connections/ConnectMenu";
import { InboxWebhookStatus } from "@/components/connections/InboxWebhookStatus";
import { RefreshNowButton } from "@/components/connections/RefreshNowButton";
import { PostLimitForm } from "@/components/posts/PostLimitForm";
import { getDb } from "@/db/client";
import { openRemovedAppFlash, type TRemovedAppFlash } from "@/lib/connections/flash";
import { STATUS_FILTERS, type TStatusFilter } from "@/lib/connections/grouping";
import { findConnection, listConnections } from "@/lib/connections/queries";
import { postLimitOf } from "@/lib/publishing/ledger";
import { env } from "@/lib/env";
import { describeFailure, isOAuthFailureCode } from "@/lib/oauth/failures";
import { hasRole } from "@/lib/orgs/membership";
import { requireOrgContext } from "@/lib/orgs/current";
import { providers } from "@/lib/providers";
import { CONNECT_OPTIONS, connectHref, platformName, platformUi } from "@/lib/providers/catalog";
import type { Platform, ProviderUi } from "@/lib/providers/types";
import { connectTelegramAction, disconnectConnectionAction, setPostLimitAction, startRemoveAppAction } from "./actions";
import { refreshInstagramLoginAction, resubscribeInstagramLoginAction } from "./instagram-login-actions";

export const metadata: Metadata = { title: "Connections · Switchboard" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const viewOf = (v: string | undefined): TConnectionsView | undefined => (v === "cards" || v === "list" ? v : undefined);

/** Which Connect menu entries have credentials on this server (names only reach the browser). */
function configuredOptions(): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const o of CONNECT_OPTIONS) {
    const p = providers[o.platform as Platform];
    out[o.key] = p.kind === "bot" ? true : p.oauth.credentials(env(), o.target ?? p.oauth.targets[0] ?? "default") !== null;
  }
  return out;
}

/** The card control of each kind a platform's catalog names in `ui.cardAction`. */
const CARD_ACTIONS: Record<NonNullable<ProviderUi["cardAction"]>, (connectionId: string) => React.ReactNode> = {
  refresh_now: (connectionId) => <RefreshNowButton key={connectionId} connectionId={connectionId} refresh={refreshInstagramLoginAction} />,
};

function FailureAlert({ search }: { search: Search }) {
  const code = one(search.error);
  if (!isOAuthFailureCode(code)) return null;
  const platform = one(search.platform) ?? "";
  const known = CONNECT_OPTIONS.some((o) => o.platform === platform);
  const missing = (one(search.missing) ?? "").split(" ").filter((s) => /^[A-Za-z0-9_.:]{1,64}$/.test(s)).slice(0, 20);
  const f = describeFailure(code, { missingScopes: missing });
  const t = one(search.target);
  const target = t === "company" ? "company" : undefined;
  return (
    <Alert tone="error" title={known ? `${platformName(platform)}: ${f.title}` : f.title} className="mb-6">
      <p data-testid="failure-message">{f.message}</p>
      <p className="font-medium">{f.nextStep}</p>
      {f.retry && known && !platformUi(platform).connectDialog ? (
        <Button asChild size="sm" variant="secondary" className="mt-2">
          <a href={connectHref({ platform, target })}>{code === "missing_scopes" ? "Reconnect" : "Connect again"}</a>
        </Button>
      ) : null}
    </Alert>
  );
}

/** After "Remove Switchboard from Facebook": what was removed, and the connections that could not be told apart (from the sealed flash only). */
function RemovedAppAlert({ flash }: { flash: TRemovedAppFlash | null }) {
  if (!flash) return null;
  const { removed, check } = flash;
  return (
    <Alert tone="success" title="Switchboard was removed from that Facebook account" className="mb-6">
      <p data-testid="removed-app-message">
        {removed.length
          ? `Removed ${removed.length === 1 ? "1 connection" : `${removed.length} connections`}: ${removed.join(", ")}.`
          : "No connection in this workspace was made with that Facebook account."}
      </p>
      {check.length ? (
        <p data-testid="removed-app-check">
          Check these: {check.join(", ")}. They were connected before Switchboard noted which Facebook account connected them; if it was
          this one, they will stop working — disconnect them, or reconnect them with another Facebook account.
        </p>
      ) : null}
    </Alert>
  );
}

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireOrgContext();
  const search = await searchParams;
  const connections = await listConnections(getDb(), ctx.org.organizationId);
  const canManage = hasRole(ctx.org.role, "admin");
  // A platform with a posts-per-24-hours cap (X): owners and admins can raise it for a paid tier.
  const limitForms: Record<string, React.ReactNode> = {};
  for (const c of canManage ? connections : []) {
    const platformDefault = postLimitOf({ platform: c.platform, postsPer24h: null });
    const row = platformDefault === undefined ? undefined : await findConnection(getDb(), ctx.org.organizationId, c.id);
    if (!row || platformDefault === undefined) continue;
    limitForms[c.id] = <PostLimitForm key={`limit-${c.id}`} connectionId={c.id} platformName={platformName(c.platform)} current={row.postsPer24h} platformDefault={platformDefault} save={setPostLimitAction} />;
  }
  const configured = configuredOptions();
  const connected = one(search.connected);
  // Only facts of this workspace reach the toast: a name from the connection `id` names (never
  // text from the URL), a count no larger than the connections it has on that platform.
  const onPlatform = connections.filter((c) => c.platform === connected);
  const count = Math.min(Number(one(search.count) ?? "1") || 1, onPlatform.length);
  const named = onPlatform.find((c) => c.id === one(search.id));
  const toast =
    connected && count > 0 && CONNECT_OPTIONS.some((o) => o.platform === connected)
      ? `Connected ${named ? named.displayName : count > 1 ? `${count} accounts` : "your account"} on ${platformName(connected)}`
      : null;
  const removedApp = one(search.removed_app) === "facebook" ? await openRemovedAppFlash(one(search.flash), ctx.org.organizationId) : null;
  const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
  const menu = (label?: string) => (
    <ConnectMenu
      key={connected ?? "menu"}
      configured={configured}
      canConnect={canManage}
      openDialog={one(search.connect)}
      dialogActions={{ telegram_bot: connectTelegramAction }}
      label={label}
    />
  );

  return (
    <>
      <PageHeader
        title="Connections"
        description="The accounts, Pages and channels this workspace publishes to."
        actions={connections.length > 0 ? menu() : undefined}
      />
      {toast ? <ConnectedToast message={toast} /> : null}
      <FailureAlert search={search} />
      <RemovedAppAlert flash={removedApp} />
      {connections.length === 0 ? (
        <EmptyState
          icon={Cable}
          title="No connections yet"
          description="Connect X, LinkedIn, a Facebook Page, Instagram, Threads or a Telegram channel to start publishing everywhere at once."
        >
          {menu("Connect your first account")}
        </EmptyState>
      ) : (
        <ConnectionsBrowser
          connections={connections.map((c) => ({ ...c, connectedOn: dateFormat.format(new Date(c.connectedAt)) }))}
          canManage={canManage}
          actions={{ disconnect: disconnectConnectionAction, removeApp: startRemoveAppAction }}
          extras={Object.fromEntries(
            connections.flatMap((c) => {
              const action = platformUi(c.platform).cardAction;
              const webhook = c.inboxWebhook ? (
                <InboxWebhookStatus key={`webhook-${c.id}`} connectionId={c.id} webhook={c.inboxWebhook} canManage={canManage} resubscribe={resubscribeInstagramLoginAction} />
              ) : null;
              const nodes = [webhook, action ? CARD_ACTIONS[action](c.id) : null, limitForms[c.id] ?? null].filter(Boolean);
              return nodes.length > 0 ? [[c.id, <div key={c.id} className="space-y-2">{nodes}</div>]] : [];
            }),
          )}
          initial={{
            view: viewOf(one(search.view)),
            status: (STATUS_FILTERS as readonly string[]).includes(one(search.status) ?? "") ? (one(search.status) as TStatusFilter) : undefined,
            query: (one(search.q) ?? "").slice(0, 100),
          }}
        />
      )}
    </>
  );
}
