/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and returns the results in the
 * items' order: many clusters' GetCluster calls, a fleet's SQL reads or a planner's batches
 * without opening hundreds of requests at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
