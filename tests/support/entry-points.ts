/**
 * THE AUTHORIZATION MATRIX: every server action, every route handler and every domain function
 * that takes an organization id, with how it must refuse. tests/authorization.integration.test.ts
 * enumerates the real code — every export of a "use server" file, every method exported by an
 * app/**\/route.ts, every exported lib/ function with an `organizationId` parameter — and fails
 * when one is missing here. Each check runs in the world of tests/support/authz-world.ts and
 * asserts the refusal code AND that nothing happened (every row outside Dana's own organization A
 * and every sandbox request counter, read before the call, are unchanged).
 *
 * HOW TO ADD AN ENTRY (a few lines): under the file's key ("path#export"), give
 *   crossOrg: Dana working in A (`w.browsers.danaInA`) aims at V's ids (`w.v.…`) → `refused` code;
 *   member:   Dana, a plain member of V (`w.browsers.danaInV`), tries an owner/admin entry → "forbidden";
 * each as `check(refusedCode, (w) => act(action, browser, input))` (server actions),
 * `check(code, (w) => hit(GET, browser, "/path?…", { params, method, json }))` (route handlers) or
 * `check(code, (w) => refusedBy(fn(w.tdb.db, …A…, …V's id…)))` (domain functions).
 * If a check truly does not apply, write `exempt("why")` — the reason is printed in the test name.
 * Need a new kind of thing in V? Add it to `buildWorld` (authz-world.ts) and to `TWorld.v`.
 */
import type { TWorld } from "./authz-world";
import { act, hit } from "./authz-world";
import { allowAs, MAYA } from "./meta-messaging-harness";
import { asBrowser, callRoute } from "./next";
import { cookieOf } from "./people";
import { consent } from "./sandbox-app";

import { signOutAction, switchOrganizationAction } from "@/app/(app)/actions";
import { connectSelectedAction, connectTelegramAction, disconnectConnectionAction, setPostLimitAction, startRemoveAppAction } from "@/app/(app)/connections/actions";
import { refreshInstagramLoginAction, resubscribeInstagramLoginAction } from "@/app/(app)/connections/instagram-login-actions";
import { createOrganizationAction, inviteMemberAction, revokeInvitationAction } from "@/app/(app)/settings/actions";
import { addAllowedOriginAction, createApiKeyAction, removeAllowedOriginAction, revokeApiKeyAction } from "@/app/(app)/settings/api-keys-actions";
import { signInAction, signUpAction } from "@/app/(auth)/actions";
import { copyAccessLinkAction, createAccessRequestAction, revokeAccessRequestAction } from "@/app/(app)/clients/actions";
import { checkMetaConnectionAction, disconnectMetaAction, retryMetaSubscriptionAction, selectMetaPageAction } from "@/app/integrations/meta-messaging/actions";
import { acceptInviteAction } from "@/app/invite/[token]/actions";

import * as metaDisconnectRoute from "@/app/api/integrations/meta/disconnect/route";
import * as metaOAuthUrlRoute from "@/app/api/integrations/meta/oauth-url/route";
import * as metaPendingPagesRoute from "@/app/api/integrations/meta/pending-pages/route";
import * as metaSelectPageRoute from "@/app/api/integrations/meta/select-page/route";
import * as socialConnectRoute from "@/app/api/social/[platform]/connect/route";
import * as socialCallbackRoute from "@/app/api/social/[platform]/callback/route";
import * as metaMessagingCallbackRoute from "@/app/integrations/meta-messaging/oauth/callback/route";

import { disconnectConnection } from "@/lib/connections/disconnect";
import { openRemovedAppFlash, sealRemovedAppFlash } from "@/lib/connections/flash";
import { completePendingSelection, getPendingSelection } from "@/lib/connections/pending";
import { findConnection, listConnections } from "@/lib/connections/queries";
import { refreshInstagramConnectionNow } from "@/lib/connections/instagram-login-refresh";
import { disconnectMeta } from "@/lib/meta-messaging/disconnect";
import { listPendingPages, takePendingPage } from "@/lib/meta-messaging/pending";
import { findPendingChoice, takePendingChoice } from "@/lib/pending-choices";
import { reconcileOrganizationWebhooks } from "@/lib/meta-messaging/reconcile";
import { selectPendingPage } from "@/lib/meta-messaging/select";
import { findMetaSettings, getMetaConnection } from "@/lib/meta-messaging/settings";
import { subscribeOrganizationWebhooks } from "@/lib/meta-messaging/webhooks";
import { listMembers, revokeInvitation } from "@/lib/orgs/invitations";
import { findMembership } from "@/lib/orgs/membership";
import { loadAssets } from "@/lib/media/images";
import { listAllowedOrigins, listApiKeys, removeAllowedOrigin, revokeApiKey } from "@/lib/api-keys";
import { getClientView, listAccessRequests, reauthorizationLink, revokeAccessRequest } from "@/lib/agency/requests";
import { findClientConnection, sharedAssetsForAgency } from "@/lib/agency/connections";
import * as clientAssetsRoute from "@/app/api/client-assets/[connectionId]/meta_ads/route";
import { deleteConnector, getConnectorRow, listConnectors, updateConnector } from "@/lib/connectors/service";
import { messagingAuthFor } from "@/lib/inbox/accounts";
import { requestBackfill } from "@/lib/inbox/backfill";
import { instagramLoginInboxAccounts } from "@/lib/inbox/instagram-login";
import { readAttachment } from "@/lib/inbox/attachments";
import { resubscribeInstagramLogin } from "@/lib/inbox/instagram-login";
import { createPost } from "@/lib/publishing/create";
import { setPostLimit } from "@/lib/publishing/ledger";
import { cancelPost, getPost, listPosts, markTargetPosted, postTargetAgain, retryTarget, updateScheduledPost } from "@/lib/publishing/manage";
import type { JobSender } from "@/lib/publishing/queue";
import { mediaStorage } from "@/lib/media/storage";
import { publishPostAction, uploadImageAction } from "@/app/(app)/compose/actions";
import { cancelPostAction, markTargetPostedAction, postTargetAgainAction, retryTargetAction, updateScheduledPostAction } from "@/app/(app)/posts/actions";
import * as postRoute from "@/app/api/posts/[id]/route";
import { assignConversation, findConversation, getThread, latestBackfill, listAssignees, listConversations, setConversationStatus } from "@/lib/inbox/conversations";
import { markConversationRead, sendReply } from "@/lib/inbox/send";
import { findConnectionAvatar } from "@/lib/connections/avatars";
import * as connectionAvatarRoute from "@/app/api/connections/[id]/avatar/route";
import * as inboxAvatarRoute from "@/app/api/inbox/avatars/[id]/route";
import * as inboxAttachmentRoute from "@/app/api/inbox/attachments/[id]/[index]/route";
import * as inboxConversationsRoute from "@/app/api/inbox/conversations/route";
import * as inboxThreadRoute from "@/app/api/inbox/conversations/[id]/route";
import * as inboxAssignRoute from "@/app/api/inbox/conversations/[id]/assign/route";
import * as inboxReadRoute from "@/app/api/inbox/conversations/[id]/read/route";
import * as inboxReplyRoute from "@/app/api/inbox/conversations/[id]/reply/route";
import * as inboxStatusRoute from "@/app/api/inbox/conversations/[id]/status/route";
import * as e2eAgeRoute from "@/app/api/e2e-hooks/age/route";
import { deleteAccountAction } from "@/app/(app)/settings/account-actions";
import { markAllNotificationsReadAction, markNotificationReadAction, saveNotificationSettingsAction } from "@/app/(app)/notifications/actions";
import * as openNotificationRoute from "@/app/(app)/notifications/open/[id]/route";
import * as e2eRunJobRoute from "@/app/api/e2e-hooks/run-job/route";
import * as e2eSignUpRoute from "@/app/api/e2e-hooks/sign-up/route";
import { expirySweepQueue } from "@/lib/jobs/expiry-sweep";
import { listNotifications, markAllRead, markRead, openNotification, raiseNotification, unreadCount } from "@/lib/notifications";
import { withConnectionToken } from "@/lib/connections/use";

import * as connectorsRoute from "@/app/api/v1/integrations/connectors/route";
import * as connectorRoute from "@/app/api/v1/integrations/connectors/[id]/route";
import * as executeRoute from "@/app/api/v1/integrations/connectors/[id]/execute/route";
import * as mcpRoute from "@/app/api/mcp/route";

export interface TCheck {
  /** The code the refusal must carry: an action's error code, a route's JSON error code or redirect `error`, "refused" for domain functions. */
  refused: string;
  /** Steps before the state is read (e.g. starting an OAuth flow and the consent page); its result goes to `run`. */
  prepare?: (w: TWorld) => Promise<unknown>;
  run: (w: TWorld, prepared: never) => Promise<string>;
}
export interface TExempt {
  exempt: string;
}
export interface TEntry {
  /** Dana working in A with V's ids. */
  crossOrg: TCheck | TExempt;
  /** Dana as a plain member of V on an owner/admin entry point; omit when any member may use it. */
  member?: TCheck | TExempt;
}

export const check = (refused: string, run: (w: TWorld) => Promise<string>): TCheck => ({ refused, run });
/** A check whose `prepare` runs before the state is read. */
export const checkAfter = <P>(refused: string, prepare: (w: TWorld) => Promise<P>, run: (w: TWorld, prepared: P) => Promise<string>): TCheck => ({
  refused,
  prepare,
  run: run as (w: TWorld, prepared: never) => Promise<string>,
});
export const exempt = (why: string): TExempt => ({ exempt: why });

/**
 * A domain function's answer as a refusal code: "refused" when it found nothing of V's (null,
 * false, empty, `{status:"none"}`, or a not-found / expired error), else what it returned.
 */
export async function refusedBy(call: Promise<unknown>): Promise<string> {
  try {
    const value = await call;
    if (value === null || value === undefined || value === false) return "refused";
    if (Array.isArray(value) && value.length === 0) return "refused";
    if (typeof value === "object" && (value as { status?: unknown }).status === "none") return "refused";
    if (typeof value === "object" && (value as { ok?: unknown }).ok === false) return "refused";
    return `returned ${JSON.stringify(value).slice(0, 200)}`;
  } catch (err) {
    // Domain errors carry `code`; lib/actions' fail() carries `error.code`.
    const code = (err as { code?: unknown }).code ?? (err as { error?: { code?: unknown } }).error?.code ?? (err as { name?: unknown }).name;
    if (/not_found|NotFound|not_connected|selection_expired/i.test(String(code))) return "refused";
    return (err as { name?: unknown }).name === "PostValidationError" ? "threw PostValidationError" : `threw ${String(code)}: ${String(err)}`;
  }
}

/** A domain function that only lists or reads by organization: answered for A, it must show nothing of V's. */
async function nothingOfV(w: TWorld, call: Promise<unknown>): Promise<string> {
  const text = JSON.stringify((await call) ?? null);
  const leaked = [w.orgV, w.owner.userId, ...Object.values(w.v)].filter((id) => text.includes(id));
  return leaked.length ? `leaked ${leaked.join(", ")}` : "refused";
}

const bearer = (w: TWorld) => ({ authorization: `Bearer ${w.danaApiKey}` });
const API_KEY_ROLE = "an API key acts for its whole organization; it has no member role";
const PUBLISH_MEMBER = "composing and publishing is for every member";
/** A job queue that must not be used: a refused call enqueues nothing. */
const noJobs: JobSender = {
  send: async () => {
    throw new Error("a job was enqueued for another organization's post");
  },
};
const INBOX_MEMBER = "the Inbox is for every member: answering is a member's job";


/** A notification of V's owner in V (raised before the state is read); answers its id. */
async function vNotification(w: TWorld): Promise<string> {
  await raiseNotification(w.tdb.db, {
    kind: "connection_needs_reconnect",
    organizationId: w.orgV,
    userId: w.owner.userId,
    subject: "V's connection needs to be reconnected",
    link: "/connections",
    dedupeKey: `authz:${Math.random()}`,
  });
  const [n] = await listNotifications(w.tdb.db, w.owner.userId, w.orgV, 1);
  return n!.id;
}
const OWN_NOTIFICATIONS = "a person's own notifications and settings; any member has them";

export const serverActions: Record<string, TEntry> = {
  "app/(app)/notifications/actions.ts#markNotificationReadAction": {
    crossOrg: checkAfter("not_found", vNotification, (w, id) => act(markNotificationReadAction, w.browsers.danaInA, { id })),
    member: exempt(OWN_NOTIFICATIONS),
  },
  "app/(app)/notifications/actions.ts#markAllNotificationsReadAction": {
    crossOrg: exempt("marks the caller's own notifications in their current organization; takes no ids"),
    member: exempt(OWN_NOTIFICATIONS),
  },
  "app/(app)/notifications/actions.ts#saveNotificationSettingsAction": {
    crossOrg: exempt("saves the caller's own email settings; takes no ids"),
    member: exempt(OWN_NOTIFICATIONS),
  },
  "app/(app)/settings/account-actions.ts#deleteAccountAction": {
    crossOrg: exempt("deletes the caller's own account (and workspaces only they own); takes no ids"),
    member: exempt("anyone signed in may delete their own account"),
  },
  "app/(app)/actions.ts#signOutAction": {
    crossOrg: exempt("ends the caller's own session; takes no ids"),
    member: exempt("anyone signed in may sign out"),
  },
  "app/(app)/actions.ts#switchOrganizationAction": {
    crossOrg: check("not_found", (w) => act(switchOrganizationAction, w.browsers.danaInA, { organizationId: w.orgS })),
    member: exempt("switching needs only a membership, of any role"),
  },
  "app/(app)/connections/actions.ts#disconnectConnectionAction": {
    crossOrg: check("not_found", (w) => act(disconnectConnectionAction, w.browsers.danaInA, { id: w.v.xConnection })),
    member: check("forbidden", (w) => act(disconnectConnectionAction, w.browsers.danaInV, { id: w.v.xConnection })),
  },
  "app/(app)/connections/actions.ts#setPostLimitAction": {
    crossOrg: check("not_found", (w) => act(setPostLimitAction, w.browsers.danaInA, { connectionId: w.v.xConnection, postsPer24h: "100" })),
    member: check("forbidden", (w) => act(setPostLimitAction, w.browsers.danaInV, { connectionId: w.v.xConnection, postsPer24h: "100" })),
  },
  "app/(app)/connections/actions.ts#connectTelegramAction": {
    crossOrg: exempt("creates a connection in the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) =>
      act(connectTelegramAction, w.browsers.danaInV, { botToken: "7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j", chatId: "@northwind_news" }),
    ),
  },
  "app/(app)/connections/actions.ts#startRemoveAppAction": {
    crossOrg: exempt("starts a Facebook login for the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) => act(startRemoveAppAction, w.browsers.danaInV)),
  },
  "app/(app)/connections/actions.ts#connectSelectedAction": {
    crossOrg: check("not_found", (w) => act(connectSelectedAction, w.browsers.danaInA, { id: w.v.pendingSelection, choiceIds: [w.v.pendingChoice] })),
    member: check("forbidden", (w) => act(connectSelectedAction, w.browsers.danaInV, { id: w.v.pendingSelection, choiceIds: [w.v.pendingChoice] })),
  },
  "app/(app)/connections/instagram-login-actions.ts#refreshInstagramLoginAction": {
    crossOrg: check("not_found", (w) => act(refreshInstagramLoginAction, w.browsers.danaInA, { connectionId: w.v.instagramLoginConnection })),
    member: exempt("any member may renew a token (it changes nothing but its expiry)"),
  },
  "app/(app)/connections/instagram-login-actions.ts#resubscribeInstagramLoginAction": {
    crossOrg: check("not_found", (w) => act(resubscribeInstagramLoginAction, w.browsers.danaInA, { connectionId: w.v.instagramLoginConnection })),
    member: check("forbidden", (w) => act(resubscribeInstagramLoginAction, w.browsers.danaInV, { connectionId: w.v.instagramLoginConnection })),
  },
  "app/(app)/settings/actions.ts#inviteMemberAction": {
    crossOrg: exempt("invites into the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) => act(inviteMemberAction, w.browsers.danaInV, { email: "someone@example.com", role: "admin" })),
  },
  "app/(app)/settings/actions.ts#revokeInvitationAction": {
    crossOrg: check("not_found", (w) => act(revokeInvitationAction, w.browsers.danaInA, { invitationId: w.v.invitation })),
    member: check("forbidden", (w) => act(revokeInvitationAction, w.browsers.danaInV, { invitationId: w.v.invitation })),
  },
  "app/(app)/settings/actions.ts#createOrganizationAction": {
    crossOrg: exempt("creates a new organization owned by the caller; takes no ids"),
    member: exempt("anyone signed in may create an organization"),
  },
  "app/(app)/settings/api-keys-actions.ts#createApiKeyAction": {
    crossOrg: exempt("creates a key in the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) => act(createApiKeyAction, w.browsers.danaInV, { name: "Dana's key" })),
  },
  "app/(app)/settings/api-keys-actions.ts#revokeApiKeyAction": {
    crossOrg: check("not_found", (w) => act(revokeApiKeyAction, w.browsers.danaInA, { id: w.v.apiKey })),
    member: check("forbidden", (w) => act(revokeApiKeyAction, w.browsers.danaInV, { id: w.v.apiKey })),
  },
  "app/(app)/settings/api-keys-actions.ts#addAllowedOriginAction": {
    crossOrg: exempt("adds to the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) => act(addAllowedOriginAction, w.browsers.danaInV, { origin: "https://dana.example" })),
  },
  "app/(app)/settings/api-keys-actions.ts#removeAllowedOriginAction": {
    // Removing an origin A does not have answers ok; V's origin must stay.
    crossOrg: check("ok", (w) => act(removeAllowedOriginAction, w.browsers.danaInA, { origin: w.v.allowedOrigin })),
    member: check("forbidden", (w) => act(removeAllowedOriginAction, w.browsers.danaInV, { origin: w.v.allowedOrigin })),
  },
  "app/(app)/clients/actions.ts#createAccessRequestAction": {
    crossOrg: exempt("creates a request in the caller's current organization only; takes no organization's ids"),
    member: check("forbidden", (w) => act(createAccessRequestAction, w.browsers.danaInV, { clientName: "Dana's client" })),
  },
  "app/(app)/clients/actions.ts#copyAccessLinkAction": {
    crossOrg: check("not_found", (w) => act(copyAccessLinkAction, w.browsers.danaInA, { id: w.v.accessRequest })),
    member: check("forbidden", (w) => act(copyAccessLinkAction, w.browsers.danaInV, { id: w.v.accessRequest })),
  },
  "app/(app)/clients/actions.ts#revokeAccessRequestAction": {
    crossOrg: check("not_found", (w) => act(revokeAccessRequestAction, w.browsers.danaInA, { id: w.v.accessRequest })),
    member: check("forbidden", (w) => act(revokeAccessRequestAction, w.browsers.danaInV, { id: w.v.accessRequest })),
  },
  "app/(app)/compose/actions.ts#publishPostAction": {
    // A post from A to V's X account.
    // V's account is not one A can choose: "One of the chosen accounts no longer exists".
    crossOrg: check("invalid_input", (w) => act(publishPostAction, w.browsers.danaInA, { text: "hijack", targets: [{ connectionId: w.v.xConnection }] })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/compose/actions.ts#uploadImageAction": {
    crossOrg: exempt("stores an image in the caller's current organization only; takes no organization's ids"),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/posts/actions.ts#retryTargetAction": {
    crossOrg: check("not_found", (w) => act(retryTargetAction, w.browsers.danaInA, { targetId: w.v.postTarget })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/posts/actions.ts#markTargetPostedAction": {
    crossOrg: check("not_found", (w) => act(markTargetPostedAction, w.browsers.danaInA, { targetId: w.v.postTarget })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/posts/actions.ts#postTargetAgainAction": {
    crossOrg: check("not_found", (w) => act(postTargetAgainAction, w.browsers.danaInA, { targetId: w.v.postTarget })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/posts/actions.ts#cancelPostAction": {
    crossOrg: check("not_found", (w) => act(cancelPostAction, w.browsers.danaInA, { postId: w.v.post })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/(app)/posts/actions.ts#updateScheduledPostAction": {
    crossOrg: check("not_found", (w) => act(updateScheduledPostAction, w.browsers.danaInA, { postId: w.v.post, text: "edited by A", scheduledAt: new Date(Date.now() + 7_200_000).toISOString() })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/access/[token]/actions.ts#connectMetaAction": {
    crossOrg: exempt("public: the link's 256-bit token is the credential (a revoked or unknown one is refused: tests/agency.integration.test.ts)"),
    member: exempt("public: the client has no account"),
  },
  "app/access/[token]/actions.ts#confirmAssetsAction": {
    crossOrg: exempt("public: needs the link's token and this browser's sealed authorization (tests/agency.integration.test.ts 'Confirm without this browser's authorization…')"),
    member: exempt("public: the client has no account"),
  },
  "app/(auth)/actions.ts#signUpAction": { crossOrg: exempt("public: creates an account"), member: exempt("public: no organization role") },
  "app/(auth)/actions.ts#signInAction": { crossOrg: exempt("public: proves who the caller is"), member: exempt("public: no organization role") },
  "app/integrations/meta-messaging/actions.ts#selectMetaPageAction": {
    crossOrg: check("not_found", (w) => act(selectMetaPageAction, w.browsers.danaInA, { pageId: w.v.pendingPage })),
    member: check("forbidden", (w) => act(selectMetaPageAction, w.browsers.danaInV, { pageId: w.v.pendingPage })),
  },
  "app/integrations/meta-messaging/actions.ts#retryMetaSubscriptionAction": {
    // Working in A acts on A, which has no Page: nothing of V's may move.
    crossOrg: check("conflict", (w) => act(retryMetaSubscriptionAction, w.browsers.danaInA)),
    member: check("forbidden", (w) => act(retryMetaSubscriptionAction, w.browsers.danaInV)),
  },
  "app/integrations/meta-messaging/actions.ts#checkMetaConnectionAction": {
    crossOrg: check("not_found", (w) => act(checkMetaConnectionAction, w.browsers.danaInA)),
    member: check("forbidden", (w) => act(checkMetaConnectionAction, w.browsers.danaInV)),
  },
  "app/integrations/meta-messaging/actions.ts#disconnectMetaAction": {
    crossOrg: check("not_connected", (w) => act(disconnectMetaAction, w.browsers.danaInA)),
    member: check("forbidden", (w) => act(disconnectMetaAction, w.browsers.danaInV)),
  },
  "app/invite/[token]/actions.ts#signInAsInvitedAction": {
    crossOrg: exempt("ends the caller's own session and sends them to sign in; takes no organization's ids"),
    member: exempt("anyone may sign in as someone else"),
  },
  "app/invite/[token]/actions.ts#acceptInviteAction": {
    crossOrg: exempt("the invitation link is the credential (lib/orgs/invitations tests); takes no organization's ids"),
    member: exempt("accepting needs no role: it grants the invitation's"),
  },
};

export const routeHandlers: Record<string, TEntry> = {
  "app/(app)/notifications/open/[id]/route.ts#GET": {
    // Someone else's notification id: back to the list, and it stays unread.
    crossOrg: checkAfter("redirect:/notifications", vNotification, (w, id) => hit(openNotificationRoute.GET, w.browsers.danaInA, `/notifications/open/${id}`, { params: { id } })),
    member: exempt(OWN_NOTIFICATIONS),
  },
  "app/api/e2e-hooks/run-job/route.ts#POST": {
    crossOrg: check("not_found", (w) => hit(e2eRunJobRoute.POST, w.browsers.danaInA, "/api/e2e-hooks/run-job", { method: "POST", json: { queue: expirySweepQueue.name } })),
    member: exempt("a test hook that answers 404 to everyone outside E2E runs"),
  },
  "app/api/meta/deauthorize/route.ts#POST": {
    crossOrg: exempt("Meta's signed callback (signature mode): acts on the Meta user it names, in every organization (tests/routes/meta-callbacks.integration.test.ts)"),
    member: exempt("public: Meta calls it, signed with the app secret"),
  },
  "app/api/meta/data-deletion/route.ts#POST": {
    crossOrg: exempt("Meta's signed callback (signature mode): acts on the Meta user it names, in every organization (tests/routes/meta-callbacks.integration.test.ts)"),
    member: exempt("public: Meta calls it, signed with the app secret"),
  },
  "app/api/instagram/deauthorize/route.ts#POST": {
    crossOrg: exempt("Instagram Login's signed callback (signature mode; tests/routes/meta-callbacks.integration.test.ts)"),
    member: exempt("public: Meta calls it, signed with the Instagram app secret"),
  },
  "app/api/instagram/data-deletion/route.ts#POST": {
    crossOrg: exempt("Instagram Login's signed callback (signature mode; tests/routes/meta-callbacks.integration.test.ts)"),
    member: exempt("public: Meta calls it, signed with the Instagram app secret"),
  },
  "app/api/account/export/route.ts#GET": {
    crossOrg: exempt("exports the caller's own data (their memberships included); takes no ids"),
    member: exempt("anyone signed in may export their own data"),
  },
  "app/api/webhooks/meta/route.ts#POST": {
    crossOrg: exempt("Meta's signed deliveries (signature mode); routed to the organizations linked to the account (lib/inbox tests)"),
    member: exempt("public: Meta calls it, signed with the app secret"),
  },
  "app/api/e2e-hooks/sign-up/route.ts#POST": {
    // Creates a new person (and their own workspace) only; takes no ids. Absent outside E2E runs.
    crossOrg: check("not_found", (w) =>
      hit(e2eSignUpRoute.POST, w.browsers.danaInA, "/api/e2e-hooks/sign-up", { method: "POST", json: { name: "Mallory", email: "mallory@example.com", password: "correct horse battery" } }),
    ),
    member: exempt("a test hook that answers 404 to everyone outside E2E runs"),
  },
  "app/api/e2e-hooks/age/route.ts#POST": {
    // The E2E clock hook does not exist unless E2E_TEST_HOOKS is set (never in production).
    crossOrg: check("not_found", (w) =>
      hit(e2eAgeRoute.POST, w.browsers.danaInA, "/api/e2e-hooks/age", { method: "POST", json: { table: "pending_choices", email: "victim@example.com", seconds: 3600 } }),
    ),
    member: exempt("a test hook that answers 404 to everyone outside E2E runs"),
  },
  "app/api/connections/[id]/avatar/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(connectionAvatarRoute.GET, w.browsers.danaInA, `/api/connections/${w.v.xConnection}/avatar`, { params: { id: w.v.xConnection } })),
    member: exempt("any member may see the organization's pictures"),
  },
  "app/api/inbox/avatars/[id]/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(inboxAvatarRoute.GET, w.browsers.danaInA, `/api/inbox/avatars/${w.v.conversation}`, { params: { id: w.v.conversation } })),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/attachments/[id]/[index]/route.ts#GET": {
    crossOrg: check("not_found", (w) =>
      hit(inboxAttachmentRoute.GET, w.browsers.danaInA, `/api/inbox/attachments/${w.v.messageWithAttachment}/0`, { params: { id: w.v.messageWithAttachment, index: "0" } }),
    ),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/route.ts#GET": {
    crossOrg: check("refused", async (w) => {
      const res = await callRoute(inboxConversationsRoute.GET, asBrowser(w.browsers.danaInA, "/api/inbox/conversations"));
      return res.ok ? nothingOfV(w, res.json()) : `http_${res.status}`;
    }),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/[id]/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(inboxThreadRoute.GET, w.browsers.danaInA, `/api/inbox/conversations/${w.v.conversation}`, { params: { id: w.v.conversation } })),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/[id]/assign/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(inboxAssignRoute.POST, w.browsers.danaInA, `/api/inbox/conversations/${w.v.conversation}/assign`, { method: "POST", json: { assigneeId: w.dana.userId }, params: { id: w.v.conversation } }),
    ),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/[id]/read/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(inboxReadRoute.POST, w.browsers.danaInA, `/api/inbox/conversations/${w.v.conversation}/read`, { method: "POST", json: {}, params: { id: w.v.conversation } }),
    ),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/[id]/reply/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(inboxReplyRoute.POST, w.browsers.danaInA, `/api/inbox/conversations/${w.v.conversation}/reply`, { method: "POST", json: { text: "hello from A" }, params: { id: w.v.conversation } }),
    ),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/inbox/conversations/[id]/status/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(inboxStatusRoute.POST, w.browsers.danaInA, `/api/inbox/conversations/${w.v.conversation}/status`, { method: "POST", json: { status: "done" }, params: { id: w.v.conversation } }),
    ),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/posts/events/route.ts#GET": {
    crossOrg: exempt("a server-sent event stream of the caller's current organization; another organization's target changes never reach it: tests/routes/posts-events.integration.test.ts"),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/api/inbox/events/route.ts#GET": {
    crossOrg: exempt("a server-sent event stream of the caller's current organization (subscribeInbox keyed by it; lib/inbox tests)"),
    member: exempt(INBOX_MEMBER),
  },
  "app/api/client-assets/[connectionId]/meta_ads/route.ts#GET": {
    crossOrg: check("not_found", async (w) => {
      const bySession = await hit(clientAssetsRoute.GET, w.browsers.danaInA, `/api/client-assets/${w.v.clientConnection}/meta_ads`, { params: { connectionId: w.v.clientConnection } });
      const byKey = await hit(clientAssetsRoute.GET, w.browsers.signedOut, `/api/client-assets/${w.v.clientConnection}/meta_ads`, { params: { connectionId: w.v.clientConnection }, headers: bearer(w) });
      return bySession === byKey ? bySession : `session ${bySession}, API key ${byKey}`;
    }),
    member: exempt("reading what a client shared is for every member of the agency (and its API keys)"),
  },
  "app/api/access/meta/callback/route.ts#GET": {
    crossOrg: exempt("public: Facebook returns a client without an account; the state is bound to the browser that started it (tests/agency.integration.test.ts O1, O2)"),
    member: exempt("public: no organization role"),
  },
  "app/api/health/route.ts#GET": { crossOrg: exempt("public health check; no organization data"), member: exempt("public: no organization data") },
  "app/media/[...key]/route.ts#GET": {
    crossOrg: exempt("the signed, expiring URL is the credential (SECURITY A4; lib/media tests)"),
    member: exempt("providers download it without a session"),
  },
  "app/api/posts/[id]/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(postRoute.GET, w.browsers.danaInA, `/api/posts/${w.v.post}`, { params: { id: w.v.post } })),
    member: exempt(PUBLISH_MEMBER),
  },
  "app/api/v1/openapi.json/route.ts#GET": { crossOrg: exempt("the public description of the API"), member: exempt("public: no organization data") },
  "app/api/v1/integrations/connectors/route.ts#GET": {
    crossOrg: check("refused", async (w) => {
      const res = await callRoute(connectorsRoute.GET, asBrowser(w.browsers.signedOut, "/api/v1/integrations/connectors", { headers: bearer(w) }));
      return res.ok ? nothingOfV(w, res.json()) : `http_${res.status}`;
    }),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/v1/integrations/connectors/route.ts#POST": { crossOrg: exempt("creates a connector in the key's own organization"), member: exempt(API_KEY_ROLE) },
  "app/api/v1/integrations/connectors/[id]/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(connectorRoute.GET, w.browsers.signedOut, `/api/v1/integrations/connectors/${w.v.connector}`, { params: { id: w.v.connector }, headers: bearer(w) })),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/v1/integrations/connectors/[id]/route.ts#PATCH": {
    crossOrg: check("not_found", (w) =>
      hit(connectorRoute.PATCH, w.browsers.signedOut, `/api/v1/integrations/connectors/${w.v.connector}`, { method: "PATCH", json: { name: "taken over" }, params: { id: w.v.connector }, headers: bearer(w) }),
    ),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/v1/integrations/connectors/[id]/route.ts#DELETE": {
    crossOrg: check("not_found", (w) => hit(connectorRoute.DELETE, w.browsers.signedOut, `/api/v1/integrations/connectors/${w.v.connector}`, { method: "DELETE", params: { id: w.v.connector }, headers: bearer(w) })),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/v1/integrations/connectors/[id]/execute/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(executeRoute.POST, w.browsers.signedOut, `/api/v1/integrations/connectors/${w.v.connector}/execute`, {
        method: "POST",
        json: { entity: "campaign", action: "list", params: {} },
        params: { id: w.v.connector },
        headers: bearer(w),
      }),
    ),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/v1/integrations/connectors/oauth/initiate/route.ts#POST": { crossOrg: exempt("starts a consent for the key's own organization"), member: exempt(API_KEY_ROLE) },
  "app/api/v1/integrations/connectors/oauth/consent/route.ts#GET": {
    crossOrg: exempt("anonymous: the one-time consent link is the credential"),
    member: exempt("anonymous: the one-time consent link is the credential"),
  },
  "app/api/v1/integrations/connectors/oauth/callback/route.ts#GET": {
    crossOrg: exempt("anonymous: bound to the consent's flow cookie and state"),
    member: exempt("anonymous: bound to the consent's flow cookie and state"),
  },
  "app/api/mcp/route.ts#POST": {
    // A's key calls the MCP `execute` tool on V's connector: the tool answers not_found.
    crossOrg: check("not_found", async (w) => {
      const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "execute", arguments: { connector_id: w.v.connector, entity: "campaigns", action: "list", params: {} } } };
      const res = await callRoute(
        mcpRoute.POST,
        asBrowser(w.browsers.signedOut, "/api/mcp", {
          method: "POST",
          headers: { ...bearer(w), "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify(call),
        }),
      );
      if (!res.ok) return `http_${res.status}`;
      const body = (await res.json()) as { result?: { isError?: boolean; content?: { text?: string }[] } };
      if (!body.result?.isError) return "answered";
      return (JSON.parse(body.result.content?.[0]?.text ?? "{}") as { error?: { code?: string } }).error?.code ?? "error";
    }),
    member: exempt(API_KEY_ROLE),
  },
  "app/api/auth/[...nextauth]/route.ts#GET": { crossOrg: exempt("next-auth's own session endpoints; no organization data"), member: exempt("no organization role involved") },
  "app/api/auth/[...nextauth]/route.ts#POST": { crossOrg: exempt("next-auth's own session endpoints; no organization data"), member: exempt("no organization role involved") },
  "app/api/webhooks/meta/route.ts#GET": {
    crossOrg: exempt("public verification handshake (tests/routes/webhook-verify.integration.test.ts)"),
    member: exempt("public: Meta calls it, with the verify token"),
  },
  "app/api/auth/instagram/start/route.ts#GET": {
    crossOrg: exempt("starts a sign-in, or a link for the caller's own account in their current organization"),
    member: exempt("linking one's own Instagram needs no role"),
  },
  "app/api/auth/instagram/callback/route.ts#GET": {
    // Signing in is public; a link belongs to the person who started it and lands in the flow's
    // organization, never the one the callback arrives in (another user finishing it:
    // lib/instagram-sign-in/sign-in.integration.test.ts).
    crossOrg: exempt("a link is the person's own and is saved in the flow's organization, whatever the current one"),
    member: exempt("linking one's own Instagram needs no role"),
  },
  "app/api/social/[platform]/connect/route.ts#GET": {
    // `?reconnect=` with V's connection from A: the flow must not carry V's connection.
    crossOrg: check("started, without V's connection", async (w) => {
      const code = await hit(socialConnectRoute.GET, w.browsers.danaInA, `/api/social/x/connect?reconnect=${w.v.xConnection}`, { params: { platform: "x" } });
      const { rows } = await w.tdb.raw.query<{ extra: unknown }>("select extra from oauth_flows where organization_id = $1", [w.dana.orgA]);
      if (rows.some((r) => JSON.stringify(r.extra).includes(w.v.xConnection))) return "the flow carries V's connection";
      return code.startsWith("redirect:") ? "started, without V's connection" : code;
    }),
    member: check("http_403", (w) => hit(socialConnectRoute.GET, w.browsers.danaInV, "/api/social/x/connect", { params: { platform: "x" } })),
  },
  "app/api/social/[platform]/callback/route.ts#GET": {
    // Dana starts connecting X while working in A; the callback arrives while she works in V:
    // same person, other organization (O1, A1) — nothing may be saved in V.
    crossOrg: checkAfter(
      "session_mismatch",
      async (w) => {
        const start = await callRoute(socialConnectRoute.GET, asBrowser(w.browsers.danaInA, "/api/social/x/connect"), { platform: "x" });
        return { callbackUrl: await consent(start.headers.get("location")!, "allow"), cookie: cookieOf(start) };
      },
      (w, p) => hit(socialCallbackRoute.GET, w.browsers.danaInV, p.callbackUrl, { params: { platform: "x" }, cookie: `${p.cookie.name}=${encodeURIComponent(p.cookie.value)}` }),
    ),
    member: exempt("a member cannot start a flow to finish (the connect route answers 403, above)"),
  },
  "app/integrations/meta-messaging/oauth/callback/route.ts#GET": {
    // The same for the organization's Messenger link: started in A, finished in V.
    crossOrg: checkAfter(
      "session_mismatch",
      async (w) => {
        const res = await callRoute(metaOAuthUrlRoute.GET, asBrowser(w.browsers.danaInA, "/api/integrations/meta/oauth-url"));
        const { url } = (await res.json()) as { url: string };
        return { callbackUrl: await allowAs(url, MAYA), cookie: cookieOf(res) };
      },
      (w, p) => hit(metaMessagingCallbackRoute.GET, w.browsers.danaInV, p.callbackUrl, { cookie: `${p.cookie.name}=${encodeURIComponent(p.cookie.value)}` }),
    ),
    member: exempt("a member cannot get the dialog URL to start with (the oauth-url route answers forbidden, below)"),
  },
  "app/api/integrations/meta/pending-pages/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(metaPendingPagesRoute.GET, w.browsers.danaInA, "/api/integrations/meta/pending-pages")),
    member: check("forbidden", (w) => hit(metaPendingPagesRoute.GET, w.browsers.danaInA, `/api/integrations/meta/pending-pages?organizationId=${w.orgV}`)),
  },
  "app/api/integrations/meta/oauth-url/route.ts#GET": {
    crossOrg: check("not_found", (w) => hit(metaOAuthUrlRoute.GET, w.browsers.danaInA, `/api/integrations/meta/oauth-url?organizationId=${w.orgS}`)),
    member: check("forbidden", (w) => hit(metaOAuthUrlRoute.GET, w.browsers.danaInV, "/api/integrations/meta/oauth-url")),
  },
  "app/api/integrations/meta/disconnect/route.ts#POST": {
    crossOrg: check("not_connected", (w) => hit(metaDisconnectRoute.POST, w.browsers.danaInA, "/api/integrations/meta/disconnect", { method: "POST", json: {} })),
    member: check("forbidden", (w) => hit(metaDisconnectRoute.POST, w.browsers.danaInA, "/api/integrations/meta/disconnect", { method: "POST", json: { organizationId: w.orgV } })),
  },
  "app/api/integrations/meta/select-page/route.ts#POST": {
    crossOrg: check("not_found", (w) =>
      hit(metaSelectPageRoute.POST, w.browsers.danaInA, "/api/integrations/meta/select-page", { method: "POST", json: { pageId: w.v.pendingPage } }),
    ),
    member: check("forbidden", (w) =>
      hit(metaSelectPageRoute.POST, w.browsers.danaInV, "/api/integrations/meta/select-page", { method: "POST", json: { pageId: w.v.pendingPage } }),
    ),
  },
};

export const orgDomainFunctions: Record<string, TEntry> = {
  "lib/notifications/queries.ts#unreadCount": { crossOrg: checkAfter("refused", vNotification, (w) => nothingOfV(w, unreadCount(w.tdb.db, w.dana.userId, w.dana.orgA).then((n) => (n === 0 ? null : n)))) },
  "lib/notifications/queries.ts#listNotifications": { crossOrg: checkAfter("refused", vNotification, (w) => nothingOfV(w, listNotifications(w.tdb.db, w.dana.userId, w.dana.orgA))) },
  "lib/notifications/queries.ts#markRead": { crossOrg: checkAfter("refused", vNotification, (w, id) => refusedBy(markRead(w.tdb.db, w.dana.userId, w.dana.orgA, id))) },
  "lib/notifications/queries.ts#markAllRead": { crossOrg: checkAfter("refused", vNotification, (w) => nothingOfV(w, markAllRead(w.tdb.db, w.dana.userId, w.dana.orgA).then(() => null))) },
  "lib/notifications/queries.ts#openNotification": { crossOrg: checkAfter("refused", vNotification, (w, id) => refusedBy(openNotification(w.tdb.db, w.dana.userId, w.dana.orgA, id))) },
  "lib/connections/use.ts#withConnectionToken": {
    crossOrg: check("refused", (w) => refusedBy(withConnectionToken(w.tdb.db, w.v.xConnection, { organizationId: w.dana.orgA }, async () => "used V's token"))),
  },
  "lib/api-keys/index.ts#createApiKey": { crossOrg: exempt("creates a key in the organization it is given") },
  "lib/api-keys/index.ts#listApiKeys": { crossOrg: check("refused", (w) => nothingOfV(w, listApiKeys(w.tdb.db, w.dana.orgA))) },
  "lib/api-keys/index.ts#revokeApiKey": { crossOrg: check("refused", (w) => refusedBy(revokeApiKey(w.tdb.db, w.dana.orgA, w.v.apiKey))) },
  "lib/api-keys/index.ts#addAllowedOrigin": { crossOrg: exempt("adds an origin to the organization it is given") },
  "lib/api-keys/index.ts#listAllowedOrigins": { crossOrg: check("refused", (w) => nothingOfV(w, listAllowedOrigins(w.tdb.db, w.dana.orgA))) },
  "lib/api-keys/index.ts#removeAllowedOrigin": { crossOrg: check("refused", (w) => refusedBy(removeAllowedOrigin(w.tdb.db, w.dana.orgA, w.v.allowedOrigin))) },
  "lib/agency/connections.ts#findClientConnection": { crossOrg: check("refused", (w) => refusedBy(findClientConnection(w.tdb.db, w.dana.orgA, w.v.clientConnection))) },
  "lib/agency/connections.ts#sharedAssetsForAgency": { crossOrg: check("refused", (w) => refusedBy(sharedAssetsForAgency(w.tdb.db, w.dana.orgA, w.v.clientConnection))) },
  "lib/agency/requests.ts#getClientView": { crossOrg: check("refused", (w) => refusedBy(getClientView(w.tdb.db, w.dana.orgA, w.v.accessRequest))) },
  "lib/agency/requests.ts#reauthorizationLink": { crossOrg: check("refused", (w) => refusedBy(reauthorizationLink(w.tdb.db, w.dana.orgA, w.v.accessRequest))) },
  "lib/agency/requests.ts#createAccessRequest": { crossOrg: exempt("creates a request in the organization it is given") },
  "lib/agency/requests.ts#listAccessRequests": { crossOrg: check("refused", (w) => nothingOfV(w, listAccessRequests(w.tdb.db, w.dana.orgA))) },
  "lib/agency/requests.ts#revokeAccessRequest": { crossOrg: check("refused", (w) => refusedBy(revokeAccessRequest(w.tdb.db, w.dana.orgA, w.v.accessRequest))) },
  "lib/connectors/oauth.ts#initiateOAuth": { crossOrg: exempt("starts a consent for the organization it is given") },
  "lib/connectors/service.ts#createConnector": { crossOrg: exempt("creates a connector in the organization it is given") },
  "lib/connectors/service.ts#getConnectorRow": { crossOrg: check("refused", (w) => refusedBy(getConnectorRow(w.tdb.db, w.dana.orgA, w.v.connector))) },
  "lib/connectors/service.ts#listConnectors": { crossOrg: check("refused", (w) => nothingOfV(w, listConnectors(w.tdb.db, w.dana.orgA))) },
  "lib/connectors/service.ts#updateConnector": {
    crossOrg: check("refused", (w) => refusedBy(updateConnector(w.tdb.db, w.dana.orgA, w.v.connector, { name: "taken over" }))),
  },
  "lib/connectors/service.ts#deleteConnector": { crossOrg: check("refused", (w) => refusedBy(deleteConnector(w.tdb.db, w.dana.orgA, w.v.connector))) },
  "lib/inbox/accounts.ts#messagingAuthFor": {
    crossOrg: check("refused", (w) => refusedBy(messagingAuthFor(w.tdb.db, { organizationId: w.dana.orgA, channel: "messenger", accountId: w.v.metaPage, via: "page" }))),
  },
  "lib/inbox/live.ts#publishInboxChange": { crossOrg: exempt("in-process notification keyed by the organization it is given") },
  "lib/inbox/live.ts#subscribeInbox": { crossOrg: exempt("in-process subscription keyed by the organization it is given") },
  "lib/inbox/store.ts#ensureConversation": { crossOrg: exempt("creates or finds a conversation in the organization it is given") },
  "lib/connections/disconnect.ts#disconnectConnection": {
    crossOrg: check("refused", (w) => refusedBy(disconnectConnection(w.tdb.db, { organizationId: w.dana.orgA, id: w.v.xConnection }))),
  },
  "lib/connections/flash.ts#sealRemovedAppFlash": { crossOrg: exempt("seals a notice for the organization it is given") },
  "lib/connections/flash.ts#openRemovedAppFlash": {
    // A notice sealed for V does not open in A.
    crossOrg: check("refused", async (w) => refusedBy(openRemovedAppFlash(await sealRemovedAppFlash(w.orgV, { removed: ["Maya's Bakery"], check: [] }), w.dana.orgA))),
  },
  "lib/connections/pending.ts#createPendingSelection": {
    crossOrg: exempt("creates a pick in the organization it is given; its callers pass the session's"),
  },
  "lib/connections/pending.ts#getPendingSelection": {
    crossOrg: check("refused", (w) => refusedBy(getPendingSelection(w.tdb.db, { id: w.v.pendingSelection, userId: w.dana.userId, organizationId: w.dana.orgA }))),
  },
  "lib/connections/pending.ts#completePendingSelection": {
    crossOrg: check("refused", (w) =>
      refusedBy(completePendingSelection(w.tdb.db, { id: w.v.pendingSelection, userId: w.dana.userId, organizationId: w.dana.orgA, choiceIds: [w.v.pendingChoice] })),
    ),
  },
  "lib/pending-choices.ts#createPendingChoice": {
    crossOrg: exempt("keeps a choice for the person and organization it is given; its callers pass the session's"),
  },
  "lib/pending-choices.ts#findPendingChoice": {
    crossOrg: check("refused", (w) => refusedBy(findPendingChoice(w.tdb.db, { kind: "connect", id: w.v.pendingSelection, userId: w.dana.userId, organizationId: w.dana.orgA }))),
  },
  "lib/pending-choices.ts#takePendingChoice": {
    crossOrg: check("refused", (w) => refusedBy(takePendingChoice(w.tdb.db, { kind: "connect", id: w.v.pendingSelection, userId: w.dana.userId, organizationId: w.dana.orgA }))),
  },
  "lib/connections/queries.ts#listConnections": { crossOrg: check("refused", (w) => nothingOfV(w, listConnections(w.tdb.db, w.dana.orgA))) },
  "lib/connections/queries.ts#findConnection": {
    crossOrg: check("refused", (w) => refusedBy(findConnection(w.tdb.db, w.dana.orgA, w.v.xConnection))),
  },
  "lib/connections/remove-app.ts#removeAppFromProvider": {
    crossOrg: exempt("deletes only the given organization's connections of the provider user who just signed in (connections tests)"),
  },
  "lib/connections/remove-app.ts#removedAppLocation": { crossOrg: exempt("builds the Connections URL for a notice; reads nothing") },
  "lib/connections/telegram.ts#connectTelegram": { crossOrg: exempt("creates a connection in the organization it is given") },
  "lib/connections/instagram-login-connection.ts#upsertInstagramConnection": { crossOrg: exempt("creates or updates the connection in the organization it is given") },
  "lib/connections/instagram-login-refresh.ts#refreshInstagramConnectionNow": {
    crossOrg: check("refused", (w) =>
      refusedBy(refreshInstagramConnectionNow(w.tdb.db, { organizationId: w.dana.orgA, connectionId: w.v.instagramLoginConnection })),
    ),
  },
  "lib/inbox/instagram-login.ts#resubscribeInstagramLogin": {
    crossOrg: check("refused", (w) => refusedBy(resubscribeInstagramLogin(w.tdb.db, w.dana.orgA, w.v.instagramLoginConnection))),
  },
  "lib/media/images.ts#ingestImage": { crossOrg: exempt("stores a new image in the organization it is given") },
  "lib/media/images.ts#loadAssets": { crossOrg: check("refused", (w) => nothingOfV(w, loadAssets(w.tdb.db, w.dana.orgA, []))) },
  "lib/meta-messaging/authorize.ts#completeMetaAuthorization": { crossOrg: exempt("saves the Pages of the token it is given for the organization it is given") },
  "lib/meta-messaging/disconnect.ts#disconnectMeta": { crossOrg: check("refused", (w) => refusedBy(disconnectMeta(w.tdb.db, w.dana.orgA))) },
  "lib/meta-messaging/pending.ts#storePendingPages": { crossOrg: exempt("stores a pick for the organization it is given") },
  "lib/meta-messaging/pending.ts#listPendingPages": {
    crossOrg: check("refused", (w) => refusedBy(listPendingPages(w.tdb.db, w.dana.orgA, w.dana.userId))),
  },
  "lib/meta-messaging/pending.ts#takePendingPage": {
    crossOrg: check("refused", (w) => refusedBy(takePendingPage(w.tdb.db, { organizationId: w.dana.orgA, userId: w.dana.userId, pageId: w.v.pendingPage }))),
  },
  "lib/meta-messaging/reconcile.ts#reconcileOrganizationWebhooks": {
    crossOrg: check("refused", (w) => refusedBy(reconcileOrganizationWebhooks(w.tdb.db, w.dana.orgA))),
  },
  "lib/meta-messaging/replace.ts#saveAndSubscribePage": { crossOrg: exempt("saves the chosen Page for the organization it is given") },
  "lib/meta-messaging/select.ts#selectPendingPage": {
    crossOrg: check("refused", (w) => refusedBy(selectPendingPage(w.tdb.db, { organizationId: w.dana.orgA, userId: w.dana.userId, pageId: w.v.pendingPage }))),
  },
  "lib/meta-messaging/settings.ts#saveMetaPage": { crossOrg: exempt("saves the chosen Page for the organization it is given") },
  "lib/meta-messaging/settings.ts#findMetaSettings": { crossOrg: check("refused", (w) => refusedBy(findMetaSettings(w.tdb.db, w.dana.orgA))) },
  "lib/meta-messaging/settings.ts#getMetaConnection": { crossOrg: check("refused", (w) => refusedBy(getMetaConnection(w.tdb.db, w.dana.orgA))) },
  "lib/meta-messaging/webhooks.ts#subscribeOrganizationWebhooks": {
    crossOrg: check("refused", (w) => refusedBy(subscribeOrganizationWebhooks(w.tdb.db, w.dana.orgA))),
  },
  "lib/connections/avatars.ts#findConnectionAvatar": {
    crossOrg: check("refused", (w) => refusedBy(findConnectionAvatar(w.tdb.db, w.dana.orgA, w.v.xConnection))),
  },
  "lib/connections/avatars.ts#storeConnectionAvatars": { crossOrg: exempt("stores pictures for the connection rows it is given (its callers pass their own)") },
  "lib/inbox/conversations.ts#listConversations": { crossOrg: check("refused", (w) => nothingOfV(w, listConversations(w.tdb.db, w.dana.orgA, w.dana.userId))) },
  "lib/inbox/conversations.ts#findConversation": { crossOrg: check("refused", (w) => refusedBy(findConversation(w.tdb.db, w.dana.orgA, w.v.conversation))) },
  "lib/inbox/conversations.ts#getThread": { crossOrg: check("refused", (w) => refusedBy(getThread(w.tdb.db, w.dana.orgA, w.v.conversation))) },
  "lib/inbox/conversations.ts#inboxVersion": { crossOrg: exempt("a version string of the organization it is given; holds no ids") },
  "lib/inbox/conversations.ts#latestBackfill": { crossOrg: check("refused", (w) => nothingOfV(w, latestBackfill(w.tdb.db, w.dana.orgA))) },
  "lib/inbox/conversations.ts#listAssignees": { crossOrg: check("refused", (w) => nothingOfV(w, listAssignees(w.tdb.db, w.dana.orgA))) },
  "lib/inbox/conversations.ts#assignConversation": {
    crossOrg: check("refused", (w) => refusedBy(assignConversation(w.tdb.db, w.dana.orgA, w.v.conversation, w.dana.userId))),
  },
  "lib/inbox/conversations.ts#setConversationStatus": {
    crossOrg: check("refused", (w) => refusedBy(setConversationStatus(w.tdb.db, w.dana.orgA, w.v.conversation, "done"))),
  },
  "lib/inbox/send.ts#markConversationRead": { crossOrg: check("refused", (w) => refusedBy(markConversationRead(w.tdb.db, w.dana.orgA, w.v.conversation))) },
  "lib/inbox/send.ts#sendReply": {
    crossOrg: check("refused", (w) => refusedBy(sendReply(w.tdb.db, { organizationId: w.dana.orgA, conversationId: w.v.conversation, userId: w.dana.userId, text: "hello from A" }))),
  },
  "lib/inbox/attachments.ts#readAttachment": { crossOrg: check("refused", (w) => refusedBy(readAttachment(w.tdb.db, w.dana.orgA, w.v.messageWithAttachment, 0))) },
  "lib/inbox/instagram-login.ts#instagramLoginInboxAccounts": { crossOrg: check("refused", (w) => nothingOfV(w, instagramLoginInboxAccounts(w.tdb.db, w.dana.orgA))) },
  "lib/inbox/backfill.ts#requestBackfill": { crossOrg: check("refused", (w) => refusedBy(requestBackfill(w.tdb.db, w.dana.orgA))) },
  "lib/publishing/live.ts#postTargetChanges": { crossOrg: exempt("reads only the target changes of the organization it is given (tests/routes/posts-events.integration.test.ts: B's stream never sees A's)") },
  "lib/publishing/manage.ts#listPosts": { crossOrg: check("refused", (w) => nothingOfV(w, listPosts(w.tdb.db, mediaStorage(), w.dana.orgA))) },
  "lib/publishing/manage.ts#getPost": { crossOrg: check("refused", (w) => refusedBy(getPost(w.tdb.db, mediaStorage(), w.dana.orgA, w.v.post))) },
  "lib/publishing/manage.ts#retryTarget": { crossOrg: check("refused", (w) => refusedBy(retryTarget(w.tdb.db, noJobs, w.dana.orgA, w.v.postTarget))) },
  "lib/publishing/manage.ts#markTargetPosted": { crossOrg: check("refused", (w) => refusedBy(markTargetPosted(w.tdb.db, w.dana.orgA, w.v.postTarget))) },
  "lib/publishing/manage.ts#postTargetAgain": { crossOrg: check("refused", (w) => refusedBy(postTargetAgain(w.tdb.db, noJobs, w.dana.orgA, w.v.postTarget))) },
  "lib/publishing/manage.ts#cancelPost": { crossOrg: check("refused", (w) => refusedBy(cancelPost(w.tdb.db, w.dana.orgA, w.v.post))) },
  "lib/publishing/manage.ts#updateScheduledPost": {
    crossOrg: check("refused", (w) =>
      refusedBy(updateScheduledPost(w.tdb.db, noJobs, w.dana.orgA, { postId: w.v.post, text: "edited by A", scheduledAt: new Date(Date.now() + 7_200_000) })),
    ),
  },
  "lib/orgs/invitations.ts#createInvitation": { crossOrg: exempt("invites into the organization it is given; its action passes the session's") },
  "lib/orgs/invitations.ts#revokeInvitation": {
    crossOrg: check("refused", (w) => refusedBy(revokeInvitation(w.tdb.db, w.dana.orgA, w.v.invitation))),
  },
  "lib/orgs/invitations.ts#listMembers": { crossOrg: check("refused", (w) => nothingOfV(w, listMembers(w.tdb.db, w.dana.orgA))) },
  "lib/orgs/membership.ts#findMembership": { crossOrg: check("refused", (w) => refusedBy(findMembership(w.tdb.db, w.dana.userId, w.orgS))) },
  "lib/publishing/ledger.ts#setPostLimit": {
    crossOrg: check("refused", (w) => refusedBy(setPostLimit(w.tdb.db, w.dana.orgA, { connectionId: w.v.xConnection, postsPer24h: 100 }))),
  },
  "lib/publishing/create.ts#createPost": {
    // A post created in A aimed at V's X account.
    crossOrg: check("threw PostValidationError", (w) =>
      refusedBy(createPost(w.tdb.db, noJobs, { organizationId: w.dana.orgA, userId: w.dana.userId, post: { text: "hijack", mediaIds: [], targets: [{ connectionId: w.v.xConnection }], allowTextFallback: true } })),
    ),
  },
};
