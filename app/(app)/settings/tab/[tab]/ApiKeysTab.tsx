import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AllowedOrigins, ApiKeyList, CreateApiKeyForm } from "@/components/settings/ApiKeysPanel";
import { getDb } from "@/db/client";
import { listAllowedOrigins, listApiKeys } from "@/lib/api-keys";
import type { TOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";
import { addAllowedOriginAction, createApiKeyAction, removeAllowedOriginAction, revokeApiKeyAction } from "../../api-keys-actions";

export async function ApiKeysTab({ ctx }: { ctx: TOrgContext }) {
  if (!hasRole(ctx.org.role, "admin")) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
          <CardDescription>Only an owner or admin of this organization manages API keys.</CardDescription>
        </CardHeader>
      </Card>
    );
  }
  const db = getDb();
  const [keys, origins] = await Promise.all([listApiKeys(db, ctx.org.organizationId), listAllowedOrigins(db, ctx.org.organizationId)]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
          <CardDescription>
            Programs and AI agents use a key to drive Facebook-Marketing connectors through the headless API (
            <code>Authorization: Bearer sk_live_…</code>) and the MCP endpoint <code>/api/mcp</code>. Keys are shown once and stored hashed. See the{" "}
            <Link href="/docs/api" className="text-brand-600 underline-offset-4 hover:underline">
              API reference
            </Link>
            .
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <CreateApiKeyForm action={createApiKeyAction} />
          <ApiKeyList keys={keys} revoke={revokeApiKeyAction} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Allowed redirect origins</CardTitle>
          <CardDescription>Server-side OAuth sends the person back to a redirect_url on one of these origins (https, or http://localhost while developing).</CardDescription>
        </CardHeader>
        <CardContent>
          <AllowedOrigins origins={origins} add={addAllowedOriginAction} remove={removeAllowedOriginAction} />
        </CardContent>
      </Card>
    </div>
  );
}
