import { getDb } from "@/db/client";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listLinkedInstagramAccounts } from "@/lib/instagram-sign-in/identity";
import { cn } from "@/lib/utils";
import { InstagramLinkStatus } from "./InstagramLinkStatus";

/** Settings → General: the Instagram accounts this person signs in with, and "Link Instagram". */
export async function InstagramLinkCard({ userId }: { userId: string }) {
  const linked = await listLinkedInstagramAccounts(getDb(), userId);
  return (
    <Card data-testid="instagram-link-card">
      <CardHeader>
        <CardTitle>Sign in with Instagram</CardTitle>
        <CardDescription>
          Link an Instagram professional account to sign in with it. It is also connected for publishing.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <InstagramLinkStatus />
        {linked.length ? (
          <ul className="space-y-1 text-sm">
            {linked.map((a) => (
              <li key={a.accountId} data-testid="linked-instagram">
                <span className="font-medium">{a.username ? `@${a.username}` : `Instagram account ${a.accountId}`}</span>
                <span className="text-zinc-500"> · linked {a.linkedAt.toLocaleDateString("en", { dateStyle: "medium" })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No Instagram account linked.</p>
        )}
        <a href="/api/auth/instagram/start?from=settings" className={cn(buttonVariants({ variant: "secondary" }))}>
          {linked.length ? "Link another Instagram account" : "Link Instagram"}
        </a>
      </CardContent>
    </Card>
  );
}
