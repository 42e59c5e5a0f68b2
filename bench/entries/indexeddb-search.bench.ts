/**
 * Contact search in Chromium's IndexedDB: token-prefix queries over 100,000 contacts through
 * `crm.contacts.search` on the IndexedDB adapter, against a full scan of the same contacts in the
 * page's memory with their tokens computed beforehand.
 */
import type { BenchEntry } from '../entry.ts';
import { latencyRows } from '../browser/latency-rows.ts';
import { percentile } from '../browser/page/stats.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { SearchArgs, SearchTimings } from '../browser/page/search.page.ts';

const name = 'indexeddb contact search';
const args: SearchArgs = { contacts: 100_000, warmupRounds: 1, rounds: 3 };

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** Each kind of query's p95 of medians, and the slowest query: where the time goes. */
function byKind(t: SearchTimings): string {
  const kinds = [...new Set(t.kinds)];
  const parts = kinds.map((kind) => {
    const medians = t.subjectMedians.filter((_, i) => t.kinds[i] === kind);
    return `${kind} ${ms(percentile(medians, 50))}`;
  });
  const slowest = t.subjectMedians.indexOf(Math.max(...t.subjectMedians));
  return `median by kind: ${parts.join(', ')}; slowest "${t.queries[slowest]}" ${ms(t.subjectMedians[slowest] ?? 0)} (the scan: ${ms(t.baselineMedians[slowest] ?? 0)})`;
}

const entry: BenchEntry = {
  name,
  description: `Token-prefix searches (limit 50) over ${args.contacts.toLocaleString('en-US')} contacts through crm.contacts.search on indexedDbAdapter in headless Chromium, against a full in-memory scan of the same contacts with precomputed tokens (matchesSearch).`,
  async run() {
    const t = await runInPage<SearchTimings>(new URL('../browser/page/search.page.ts', import.meta.url), 'contactSearch', { ...args });
    return latencyRows(t, {
      entry: name,
      baseline: 'in-memory scan',
      goalP95Ms: 20,
      note:
        `${t.contacts.toLocaleString('en-US')} contacts; ${t.queries.length} queries (2–4 letter prefixes of first names, last names and company words, two prefixes, full names, email domains) × ${args.rounds} rounds. ` +
        `${byKind(t)}. Baseline: every contact's tokens held in page memory in id order, filtered with matchesSearch, first 50 kept: what an app without the index would do.`,
      extra: { contacts: t.contacts, queries: t.queries.join(' | '), kinds: t.kinds.join(' | '), seedMs: t.seedMs },
    });
  },
};

export default entry;
