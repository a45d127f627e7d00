/**
 * Runs `work` on every item with at most `width` items of one model in flight at once, each model
 * in its own pool (models wait on their own rate limits, never on one another's), in order within a
 * model, and returns the results in input order. Starting every call at once would hold each call's
 * whole async chain while it queues in the gateway: ~5 KB per call, half a gigabyte for a
 * 100,000-call study.
 */
export async function runPerModelPool<I extends { model: string }, R>(
  items: readonly I[],
  width: number,
  work: (item: I) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const byModel = new Map<string, number[]>();
  items.forEach((item, i) => {
    let list = byModel.get(item.model);
    if (!list) byModel.set(item.model, (list = []));
    list.push(i);
  });
  const workers: Promise<void>[] = [];
  for (const indices of byModel.values()) {
    let next = 0;
    const worker = async () => {
      while (next < indices.length) {
        const i = indices[next++]!;
        results[i] = await work(items[i]!);
      }
    };
    for (let w = 0; w < Math.min(width, indices.length); w++) workers.push(worker());
  }
  await Promise.all(workers);
  return results;
}
