"use client";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";

/** After a successful connect: one toast, then the URL loses its `?connected=` so a reload does not repeat it. */
export function ConnectedToast({ message }: { message: string }) {
  const router = useRouter();
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current) return;
    shown.current = true;
    toast.success(message);
    router.replace("/connections", { scroll: false });
  }, [message, router]);
  return null;
}
