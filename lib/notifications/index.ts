export { NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES, isNotificationKind, type TNotificationKind } from "./kinds";
export { raiseNotification, type TRaiseNotification } from "./raise";
export { emailEnabled, queueEmail, renderEmail, sendOutboxEmail, sweepEmailOutbox, emailQueue, emailOutboxSweepQueue, type TEmailMessage } from "./email";
export { emailSettings, openNotification, listNotifications, markAllRead, markRead, saveEmailSettings, unreadCount, type TEmailSetting, type TNotificationDto } from "./queries";
