/**
 * CSV import into Chromium's IndexedDB: 100,000 contact rows through `crm.contacts.importCsv` on
 * the IndexedDB adapter, against raw Dexie `bulkAdd` of the rows that import stored, in batches of
 * the same size, on the same stores.
 */
import { row, type BenchEntry } from '../entry.ts';
import { median } from '../browser/page/stats.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { ImportArgs, ImportTimings } from '../browser/page/import.page.ts';

const name = 'indexeddb import 100k contacts';
const args: ImportArgs = { rows: 100_000, warmRows: 5000, runs: 2, batchSize: 500 };

/** The warm-up import's time by port call, largest first, as shares of its whole time. */
function breakdown(t: ImportTimings): string {
  const total = t.breakdownTotalMs;
  const inTransactions = t.breakdown.transaction?.ms ?? 0;
  const calls = Object.entries(t.breakdown)
    .filter(([key]) => key !== 'transaction')
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(([key, tally]) => `${key} ${Math.round((tally.ms / total) * 100)}% (${tally.calls} calls)`);
  const outside = Math.round(((total - inTransactions) / total) * 100);
  return `${calls.join(', ')}; outside transactions (reading, parsing, validating) ${outside}%`;
}

const entry: BenchEntry = {
  name,
  description: `Imports ${args.rows.toLocaleString('en-US')} generated contact rows with crm.contacts.importCsv into indexedDbAdapter in headless Chromium, against raw Dexie bulkAdd of the same stored rows in batches of ${args.batchSize}.`,
  async run() {
    const t = await runInPage<ImportTimings>(new URL('../browser/page/import.page.ts', import.meta.url), 'importContacts', { ...args });
    const subject = median(t.subject);
    const baseline = median(t.baseline);
    const rate = (ms: number) => (args.rows / ms) * 1000;
    const goal = 1.5;
    const ratio = subject / baseline;
    return [
      row({
        entry: name,
        metric: 'median time',
        unit: 'ms',
        value: subject,
        baseline: `Dexie bulkAdd ×${args.batchSize}`,
        baselineValue: baseline,
        throughput: { unit: 'rows/s', value: rate(subject), baselineValue: rate(baseline) },
        note:
          `${args.rows.toLocaleString('en-US')} CSV rows (${t.csvMB.toFixed(1)} MB in ${t.pieces} pieces) → ${t.contacts.toLocaleString('en-US')} contacts (1% of rows repeat an email and merge) and ${t.companies} companies; ` +
          `median of ${t.subject.length} runs each, fresh database per run. Baseline: those stored rows (toRow's derived keys and tokens included), bulkAdd-ed in batches of ${args.batchSize} into a fresh database with the adapter's stores. ` +
          `Goal ≤ ${goal}×: ${ratio <= goal ? 'met' : 'NOT met'}. Warm-up import (${args.warmRows.toLocaleString('en-US')} rows) by port call: ${breakdown(t)}.`,
        extra: {
          rows: args.rows,
          contacts: t.contacts,
          companies: t.companies,
          batchSize: args.batchSize,
          runs: t.subject.length,
          samples: t.subject,
          baselineSamples: t.baseline,
          goalRatio: goal,
          goalMet: ratio <= goal ? 'yes' : 'no',
          breakdown: JSON.stringify(t.breakdown),
          breakdownTotalMs: t.breakdownTotalMs,
        },
      }),
    ];
  },
};

export default entry;
