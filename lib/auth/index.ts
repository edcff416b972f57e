import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { devSecret } from "@/lib/dev-secrets";
import { getDb } from "@/db/client";
import { claimAuthSession, deleteAuthSession, SESSION_MAX_AGE_SECONDS } from "./sessions";

/** The secret next-auth signs session cookies with; generated once in development. */
export function authSecret(): string {
  return env().AUTH_SECRET ?? devSecret("AUTH_SECRET");
}

/**
 * next-auth only ever sees a session ticket: the sign-in paths (password, Instagram) check who
 * the person is, create an `auth_sessions` row, and hand its id here to be claimed once.
 * The session cookie carries that id, so signing out (deleting the row) ends it everywhere.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      id: "ticket",
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = z.uuid().safeParse(credentials?.ticket);
        if (!ticket.success) return null;
        const userId = await claimAuthSession(getDb(), ticket.data);
        return userId ? { id: userId, sid: ticket.data } : null;
      },
    }),
  ],
  events: {
    // Every sign-out — the app's menu and next-auth's own POST /api/auth/signout — ends the
    // server session too, so a copied cookie is worthless afterwards.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await deleteAuthSession(getDb(), sid);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = (user as { sid?: string }).sid;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined, userId: token.sub };
    },
  },
}));
