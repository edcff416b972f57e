"use client";
import * as React from "react";
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * A value the server hands out once (an API key, an access or invite link): a success box with
 * the value and a Copy button. `testId` names the value for tests; `children` go above it.
 */
export function ShownOnceSecret({
  title,
  value,
  copiedMessage,
  testId,
  children,
}: {
  title: string;
  value: string;
  copiedMessage: string;
  testId: string;
  children?: React.ReactNode;
}) {
  return (
    <Alert tone="success" title={title}>
      {children}
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white/70 px-2 py-1 text-xs" data-testid={testId}>
          {value}
        </code>
        <Button type="button" size="sm" variant="secondary" onClick={() => navigator.clipboard.writeText(value).then(() => toast.success(copiedMessage))}>
          <Copy aria-hidden /> Copy
        </Button>
      </div>
    </Alert>
  );
}
