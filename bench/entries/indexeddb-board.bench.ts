/**
 * A board column in Chromium's IndexedDB: the first 50 deals of a stage by position, through
 * `crm.deals.list` on the IndexedDB adapter, against a raw Dexie read of the same compound index.
 */
import type { BenchEntry } from '../entry.ts';
import { latencyRows } from '../browser/latency-rows.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { BoardArgs, BoardTimings } from '../browser/page/board.page.ts';

const name = 'indexeddb board column';
const args: BoardArgs = { deals: 10_000, warmupRounds: 2, rounds: 40 };

const entry: BenchEntry = {
  name,
  description: `The first page (50) of each stage column of a ${args.deals.toLocaleString('en-US')}-deal pipeline through crm.deals.list on indexedDbAdapter in headless Chromium, against a raw Dexie read of the same [pipelineId+stageId+position+id] index.`,
  async run() {
    const t = await runInPage<BoardTimings>(new URL('../browser/page/board.page.ts', import.meta.url), 'boardColumn', { ...args });
    const columns = t.columns.map((column, i) => `${column} ${t.columnSizes[i]?.toLocaleString('en-US')}`).join(', ');
    return latencyRows(t, {
      entry: name,
      baseline: 'raw Dexie index read',
      goalP95Ms: 10,
      note:
        `${t.deals.toLocaleString('en-US')} deals in one pipeline (columns: ${columns}); each column's first page ${args.rounds} times, ` +
        `${t.subject.count} samples a side. Baseline: where('[pipelineId+stageId+position+id]').between([p, s], [p, s, maxKey]).limit(50).toArray() on a second connection to the same database.`,
      extra: { deals: t.deals, columns: t.columns.join(', '), columnSizes: t.columnSizes },
    });
  },
};

export default entry;
