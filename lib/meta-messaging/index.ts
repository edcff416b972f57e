import "server-only";
// The organization Meta connection (Messenger and Instagram DMs): issue 6.
export { metaMessagingLogin } from "./provider";
export { completeMetaAuthorization, fetchMessagingAuthorization, fetchMessagingPages, toMetaError, type TAuthorizationOutcome } from "./authorize";
export { disconnectMeta } from "./disconnect";
export { listPendingPages, storePendingPages, takePendingPage } from "./pending";
export { selectPendingPage } from "./select";
export { findMetaSettings, getMetaConnection, pageTokenOf, saveMetaPage } from "./settings";
export { ensureAppSubscriptions, graphErrorCode, isPageAccessLost, metaWebhookUrl, subscribeOrganizationWebhooks, type TSubscribeResult } from "./webhooks";
export { reconcileOrganizationWebhooks, runMetaWebhookReconcile, type TReconcileOutcome, type TReconcileRunResult } from "./reconcile";
export { disconnectMetaPage, failWithMetaError, selectMetaPage } from "./operations";
export * from "./constants";
export * from "./errors";
export type * from "./dto";
