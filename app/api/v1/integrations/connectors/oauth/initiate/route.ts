import { initiateOAuthRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const POST = initiateOAuthRoute;
