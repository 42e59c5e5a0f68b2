/**
 * In the page: a contact's timeline, the newest 50 of the 50,000 interactions one contact has
 * (`crm.interactions.list`), against the same page read by a raw Dexie query on the same compound
 * index `[k_contactId+occurredAt+id]`, in reverse, of the same database.
 */
import Dexie from 'dexie';
import { createCrm, type Interaction } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { indexName } from '../../../packages/adapters/src/indexeddb/schema.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, rawTable, seed } from './databases.ts';
import { compareLatency, type LatencyResult } from './latency.ts';
import { progress } from './progress.ts';

/** What the Node side asks for. */
export interface TimelineArgs {
  /** Interactions of the one busy contact. */
  readonly interactions: number;
  /** Contacts around it, each with a generated timeline of a few entries. */
  readonly otherContacts: number;
  readonly warmupRounds: number;
  readonly rounds: number;
}

/** The latencies and the store's size. */
export interface TimelineTimings extends LatencyResult {
  readonly busyInteractions: number;
  readonly totalInteractions: number;
}

const types = ['note', 'email', 'call', 'meeting', 'task'] as const;

/** `count` entries of one contact's timeline, one a minute going back from `now`. */
function longTimeline(contactId: string, companyId: string | undefined, count: number, now: string): Interaction[] {
  const at = Date.parse(now);
  return Array.from({ length: count }, (_, i) => {
    const occurredAt = new Date(at - i * 60_000).toISOString();
    const type = types[i % types.length] as Interaction['type'];
    return {
      // UUIDv7-shaped, unique, sorting like their time.
      id: `01900000-0000-7000-8000-${String(count - i).padStart(12, '0')}`,
      version: 1,
      type,
      contactId,
      ...(companyId ? { companyId } : {}),
      ...(type === 'note' ? { body: `Note ${i}` } : { subject: `Entry ${i}` }),
      ...(type === 'task' ? { dueAt: occurredAt, assigneeId: 'user-ada' } : {}),
      occurredAt,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    } as Interaction;
  });
}

/**
 * Seeds a workspace whose first contact has `interactions` timeline entries (not timed), then
 * times the first page of that timeline.
 *
 * @example
 * const t = await contactTimeline({ interactions: 50_000, otherContacts: 5000, warmupRounds: 5, rounds: 200 });
 */
export async function contactTimeline(args: TimelineArgs): Promise<TimelineTimings> {
  const now = '2026-06-01T12:00:00.000Z';
  const workspace = generateWorkspace({ seed: 13, contacts: args.otherContacts, deals: 0, now });
  const busy = workspace.contacts[0];
  if (!busy) throw new Error('The generated workspace has no contact');
  const interactions = [...workspace.interactions, ...longTimeline(busy.id, busy.companyId, args.interactions, now)];
  const busyCount = interactions.filter((i) => i.contactId === busy.id).length;

  const name = freshName('timeline');
  const db = rawDatabase(name);
  await seed(db, 'contacts', workspace.contacts);
  await seed(db, 'interactions', interactions);
  progress(`seeded ${interactions.length.toLocaleString('en-US')} interactions, ${busyCount.toLocaleString('en-US')} of them one contact's`);

  const adapter = await openAdapter(name);
  const crm = createCrm({ storage: adapter });
  const index = indexName('interactions', { fields: ['contactId', 'occurredAt'] });
  const table = rawTable(db, 'interactions');
  const limit = 50;
  try {
    const result = await compareLatency(
      [busy.id],
      async (contactId) => (await crm.interactions.list({ contactId, limit })).items.map((i: Interaction) => i.id),
      async (contactId) => (await table.where(index).between([contactId], [contactId, Dexie.maxKey]).reverse().limit(limit).toArray()).map((i) => i.id),
      {
        warmupRounds: args.warmupRounds,
        rounds: args.rounds,
        check(contactId, subject, baseline) {
          if (baseline.length !== limit) throw new Error(`the timeline of ${contactId} has ${baseline.length} entries: too few for a page of ${limit}`);
          return subject.join() === baseline.join() ? undefined : `timeline of ${contactId}: crm.interactions.list and the raw index read returned different pages`;
        },
      },
    );
    return { ...result, busyInteractions: busyCount, totalInteractions: interactions.length };
  } finally {
    await adapter.close?.();
    db.close();
    await dropDatabase(name);
  }
}
