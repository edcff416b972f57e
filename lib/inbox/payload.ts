import { z } from "zod";

/**
 * Meta's webhook payload for Messenger and Instagram messaging. Each entry usually carries one
 * messaging object (Meta's documented shape); several per entry are handled too. Items that do
 * not parse are skipped, never the whole delivery.
 */
export const ZMessagingItem = z.looseObject({
  sender: z.looseObject({ id: z.string() }),
  recipient: z.looseObject({ id: z.string() }),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: z.string(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            title: z.string().optional(),
            url: z.string().optional(),
            payload: z.looseObject({ url: z.string().optional(), title: z.string().optional() }).nullish(),
          }),
        )
        .optional(),
    })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
  read: z.looseObject({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
});
export type TMessagingItem = z.output<typeof ZMessagingItem>;

export const ZWebhookBody = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ id: z.string(), time: z.number().optional(), messaging: z.array(z.unknown()).optional() })),
});

export interface TParsedEvent {
  object: "page" | "instagram";
  /** entry.id: the Page or Instagram account. */
  accountId: string;
  item: TMessagingItem;
}

/** Every messaging item of a delivery, in order; `skipped` counts what could not be read. */
export function parseWebhookBody(body: string): { events: TParsedEvent[]; skipped: number } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { events: [], skipped: 1 };
  }
  const parsed = ZWebhookBody.safeParse(json);
  if (!parsed.success || (parsed.data.object !== "page" && parsed.data.object !== "instagram")) return { events: [], skipped: 1 };
  const object = parsed.data.object;
  const events: TParsedEvent[] = [];
  let skipped = 0;
  for (const entry of parsed.data.entry) {
    for (const raw of entry.messaging ?? []) {
      const item = ZMessagingItem.safeParse(raw);
      if (item.success) events.push({ object, accountId: entry.id, item: item.data });
      else skipped++;
    }
  }
  return { events, skipped };
}
