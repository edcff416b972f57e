/**
 * Where the browser loads a connection's picture: the app's own copy (never the provider's URL,
 * which may expire or not load at all). Client-safe. Null = no picture: show initials.
 */
export function connectionAvatarUrl(connection: { id: string; avatarEtag: string | null }): string | null {
  return connection.avatarEtag ? `/api/connections/${connection.id}/avatar?v=${encodeURIComponent(connection.avatarEtag)}` : null;
}
