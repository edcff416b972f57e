import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { getOrgContext } from "@/lib/orgs/current";
import { openNotification } from "@/lib/notifications";

export const dynamic = "force-dynamic";

/**
 * Opening a notification from the list or the bell: marks it read and goes to its link (an app
 * path stored by the server). Someone else's id, or a signed-out visitor, lands on the list.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const base = env().APP_URL;
  const ctx = await getOrgContext();
  if (!ctx) return NextResponse.redirect(new URL("/sign-in", base), 303);
  const id = z.uuid().safeParse((await params).id);
  const link = id.success ? await openNotification(getDb(), ctx.user.id, ctx.org.organizationId, id.data) : null;
  return NextResponse.redirect(new URL(link ?? "/notifications", base), 303);
}
