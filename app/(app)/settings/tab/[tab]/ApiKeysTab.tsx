import { KeyRound } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

export function ApiKeysTab() {
  return (
    <EmptyState
      icon={KeyRound}
      title="No API keys"
      description="API keys let programs drive Switchboard's headless connector API (POST /api/v1/connectors). Keys are shown once and stored hashed."
    />
  );
}
