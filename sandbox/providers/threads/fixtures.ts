/** Threads users. */

export interface ThreadsUser {
  id: string;
  username: string;
  name: string;
  biography: string;
  scenario: string;
}

const users: ThreadsUser[] = [
  { id: "26728394857610293", username: "ava.bakes", name: "Ava Martins", biography: "Baker. Bread nerd.", scenario: "Threads account (also on Instagram Login as @ava.bakes)" },
  { id: "26839485761029384", username: "diego.writes", name: "Diego Alvarez", biography: "Short essays, long walks.", scenario: "Threads-only writer" },
];

export const THREADS = {
  users,
  user: (id: string) => users.find((u) => u.id === id),
};

export const THREADS_SCOPES: Record<string, string> = {
  threads_basic: "Access your Threads profile (required)",
  threads_content_publish: "Publish threads on your behalf",
  threads_manage_replies: "Manage replies to your threads",
  threads_read_replies: "Read replies to your threads",
  threads_manage_insights: "Read insights for your threads",
  threads_delete: "Delete your threads",
  threads_keyword_search: "Search public threads",
  threads_location_tagging: "Tag locations in threads",
  threads_manage_mentions: "Manage mentions",
  threads_profile_discovery: "Look up public profiles",
};
