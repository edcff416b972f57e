/**
 * The one loop of the sweep jobs (token refresh, Instagram refresh, webhook reconcile): rows in
 * keyset pages by id — `page(after, limit)` must select `id > after` ordered by id — so a row
 * rewritten during the run is never read twice and a long run never holds one big result; each
 * row is handled on its own, in order. Answers how many rows were handled.
 */
export async function forEachBatch<Row extends { id: string }>(
  page: (after: string | undefined, limit: number) => Promise<Row[]>,
  each: (row: Row) => Promise<void>,
  options: { batchSize: number },
): Promise<number> {
  let after: string | undefined;
  let handled = 0;
  for (;;) {
    const batch = await page(after, options.batchSize);
    for (const row of batch) {
      await each(row);
      handled++;
    }
    if (batch.length < options.batchSize) return handled;
    after = batch[batch.length - 1]!.id;
  }
}
