/**
 * Every kind of notification, with what Settings → Notifications shows for it. Client-safe.
 *
 * To add a kind (publishing failures, inbox, agency…):
 *   1. add an entry here — its key is the kind's name: `label` and `description` for the
 *      settings page, `emailByDefault` for people who never changed the setting, `audience`
 *      for a workspace-wide raise (`admins`: owners and admins; `members`: everyone);
 *   2. raise it where the event happens, once per event, with a dedupe key that names it:
 *        await raiseNotification(db, { kind: "post_failed", organizationId, subject, body, link,
 *          dedupeKey: `post-target:${target.id}:failed` });
 * Nothing else: the bell, the list, the settings and the email follow from this table.
 */
export const NOTIFICATION_KINDS = {
  connection_expiring: {
    label: "A connection is about to expire",
    description: "A token that can't be renewed automatically has 10 days or less left.",
    emailByDefault: true,
    audience: "admins",
  },
  connection_expired: {
    label: "A connection expired",
    description: "A connection's token ran out; nothing can be published to it until it is reconnected.",
    emailByDefault: true,
    audience: "admins",
  },
  connection_needs_reconnect: {
    label: "A connection stopped working",
    description: "The platform refused a connection's token (password changed, access removed…).",
    emailByDefault: true,
    audience: "admins",
  },
  connection_revoked: {
    label: "Switchboard was removed at a platform",
    description: "Someone removed Switchboard from their Facebook or Instagram account.",
    emailByDefault: true,
    audience: "admins",
  },
  post_failed: {
    label: "A post could not be published",
    description: "A channel refused a post, or kept failing until Switchboard gave up. Sent to the post's author.",
    emailByDefault: true,
    // Raised for the post's author; the admins only when the author is no longer in the workspace.
    audience: "admins",
  },
  client_access_expiring: {
    label: "A client's access is about to lapse",
    description: "A client's Meta authorization has 10 days or less left; send them the re-authorization link.",
    emailByDefault: true,
    audience: "admins",
  },
  client_access_expired: {
    label: "A client's access lapsed",
    description: "A client's Meta authorization ran out; their assets are not used until they re-authorize.",
    emailByDefault: true,
    audience: "admins",
  },
  inbox_message: {
    label: "A new message in the Inbox",
    description:
      "Someone wrote on Messenger or Instagram. Once per conversation until it is read; to the member it is assigned to, else to everyone.",
    // DMs come often: email only for people who ask for it.
    emailByDefault: false,
    audience: "members",
  },
} as const satisfies Record<string, TNotificationKindDef>;

export interface TNotificationKindDef {
  label: string;
  description: string;
  emailByDefault: boolean;
  /** Who gets a workspace-wide notification (one raised without a userId). */
  audience: "admins" | "members";
}

export type TNotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as [TNotificationKind, ...TNotificationKind[]];

export function isNotificationKind(kind: string): kind is TNotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, kind);
}
