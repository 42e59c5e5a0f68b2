/**
 * The child side of peak-memory.ts: `node --expose-gc … peak-memory-child.ts <module> <export>`.
 * Loads the task, collects garbage, samples idle memory, runs the task while sampling, and sends
 * the peaks (above idle) to the parent.
 */
import type { MemoryTask, PeakMemory } from './peak-memory.ts';

const mb = (bytes: number) => bytes / 1024 / 1024;

const [module, name] = process.argv.slice(2);
if (!module || !name || !process.send || !globalThis.gc) {
  throw new Error('Usage: node --expose-gc … peak-memory-child.ts <module url> <export> (forked with IPC)');
}
const gc = globalThis.gc;
const task = (await import(module))[name] as MemoryTask | undefined;
if (typeof task !== 'function') throw new Error(`${module} has no function export ${name}`);

gc();
gc();
const idle = process.memoryUsage();
let heapPeak = idle.heapUsed;
let rssPeak = idle.rss;
let samples = 0;
const probe = () => {
  const { heapUsed, rss } = process.memoryUsage();
  if (heapUsed > heapPeak) heapPeak = heapUsed;
  if (rss > rssPeak) rssPeak = rss;
  samples++;
};

const timer = setInterval(probe, 5);
const start = performance.now();
const kept = await task(probe);
const ms = performance.now() - start;
clearInterval(timer);
probe();

gc();
const retained = process.memoryUsage().heapUsed;
const result: PeakMemory = {
  heapPeakMB: mb(heapPeak - idle.heapUsed),
  rssPeakMB: mb(rssPeak - idle.rss),
  heapRetainedMB: mb(retained - idle.heapUsed),
  heapIdleMB: mb(idle.heapUsed),
  rssIdleMB: mb(idle.rss),
  samples,
  ms,
};
// `kept` is module-scoped, so the task's result (an import's store) was alive at the last gc.
void kept;
process.send(result, () => process.disconnect());
