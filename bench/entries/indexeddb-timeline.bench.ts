/**
 * A long timeline in Chromium's IndexedDB: the newest 50 of one contact's 50,000 interactions,
 * through `crm.interactions.list` on the IndexedDB adapter, against a raw Dexie read of the same
 * compound index in reverse.
 */
import type { BenchEntry } from '../entry.ts';
import { latencyRows } from '../browser/latency-rows.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { TimelineArgs, TimelineTimings } from '../browser/page/timeline.page.ts';

const name = 'indexeddb timeline';
const args: TimelineArgs = { interactions: 50_000, otherContacts: 5000, warmupRounds: 10, rounds: 200 };

const entry: BenchEntry = {
  name,
  description: `The newest 50 interactions of a contact with ${args.interactions.toLocaleString('en-US')} through crm.interactions.list on indexedDbAdapter in headless Chromium, against a raw Dexie reverse read of the same [k_contactId+occurredAt+id] index.`,
  async run() {
    const t = await runInPage<TimelineTimings>(new URL('../browser/page/timeline.page.ts', import.meta.url), 'contactTimeline', { ...args });
    return latencyRows(t, {
      entry: name,
      baseline: 'raw Dexie index read',
      goalP95Ms: 10,
      note:
        `${t.totalInteractions.toLocaleString('en-US')} interactions, ${t.busyInteractions.toLocaleString('en-US')} of them one contact's; its first page ${t.subject.count} times. ` +
        `Baseline: where('[k_contactId+occurredAt+id]').between([c], [c, maxKey]).reverse().limit(50).toArray() on a second connection to the same database.`,
      extra: { busyInteractions: t.busyInteractions, totalInteractions: t.totalInteractions },
    });
  },
};

export default entry;
