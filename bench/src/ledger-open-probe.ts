// Opens a ledger in a fresh process and prints how long it took and what memory it added: the
// figure is clean only without the benchmark's own allocations around it.
import { Ledger } from "@discernus/provenance";

const path = process.argv[2];
if (!path) throw new Error("usage: ledger-open-probe <ledger path>");
const mb = (bytes: number) => bytes / (1024 * 1024);
const before = process.memoryUsage();
const t0 = performance.now();
const ledger = await Ledger.open(path, { notebook: "study.ipynb" });
const openMs = performance.now() - t0;
const after = process.memoryUsage();
const records = ledger.records;
await ledger.close();
console.log(
  JSON.stringify({
    records,
    open_ms: Math.round(openMs),
    rss_mb: Math.round(mb(after.rss)),
    rss_added_mb: Math.round(mb(after.rss - before.rss)),
    heap_added_mb: Math.round(mb(after.heapUsed - before.heapUsed)),
  }),
);
