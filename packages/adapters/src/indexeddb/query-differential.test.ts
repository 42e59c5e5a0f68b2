// Whatever plan the adapter picks (a walk, a collect, a search by word keys, a fallback past a
// cap, a scan), its answer must be the reference answer: random queries, paged to the end with
// their cursors, against the memory adapter holding the same records.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { memoryAdapter, type Query, type StorageAdapter } from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

/** Every page of a query, as lists of ids. */
async function pages(storage: StorageAdapter, collection: 'contacts' | 'deals', query: Query): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.collection(collection).query({ ...query, ...(cursor ? { cursor } : {}) });
    out.push(page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor && out.length < 40);
  return out;
}

for (const [label, queryLimits] of [
  ['default limits', undefined],
  // Tiny limits push most queries past their caps, onto the walks that take over.
  ['tiny limits', { keyCap: 40, rowCap: 15 }],
] as const) {
describe(`indexedDbAdapter answers every query as the reference adapter does (${label})`, () => {
  let w: Workspace;
  let idb: IndexedDbAdapter;
  const memory = memoryAdapter();

  before(async () => {
    w = generateWorkspace({ seed: 21, contacts: 3000 });
    // Some soft-deleted records, so `deletedAt` filters have something to leave out.
    for (const c of w.contacts.filter((_, i) => i % 13 === 0)) c.deletedAt = '2026-05-20T00:00:00.000Z';
    idb = indexedDbAdapter({ databaseName: `differential-${randomUUID()}`, indexedDB, IDBKeyRange, ...(queryLimits ? { queryLimits } : {}) });
    for (const storage of [memory, idb]) {
      await storage.collection('companies').bulkPut(w.companies);
      await storage.collection('contacts').bulkPut(w.contacts);
      await storage.collection('deals').bulkPut(w.deals);
    }
  });

  after(() => idb.deleteDatabase());

  const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

  it('contacts: filters, word searches, sorts and page sizes', async () => {
    const words = [...new Set(w.contacts.flatMap((c) => [c.firstName, c.lastName, c.companyName].filter(Boolean) as string[]))];
    const prefixes = fc.oneof(pick(words).map((word) => word.slice(0, 1 + (word.length % 4)).toLowerCase()), pick(words));
    const where = fc.record(
      {
        deletedAt: fc.constant(null),
        lifecycleStage: fc.oneof(pick(['lead', 'customer', 'subscriber']), fc.record({ in: fc.subarray(['lead', 'customer', 'opportunity', 'other'], { minLength: 1 }) })),
        tags: pick(['vip', 'newsletter', 'partner', 'enterprise']),
        ownerId: fc.oneof(pick(['user-ada', 'user-ben']), fc.constant(null)),
        companyId: fc.oneof(pick(w.companies.slice(0, 5).map((c) => c.id)), fc.constant(null)),
        lastName: fc.record({ prefix: pick(['A', 'B', 'K', 'S', 'Z', 'M']) }),
        emails: fc.record({ in: fc.subarray(w.contacts.slice(0, 40).flatMap((c) => c.emails), { minLength: 1, maxLength: 8 }) }),
        updatedAt: fc.record({ gte: pick(['2025-09-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']) }),
      },
      { requiredKeys: [] },
    );
    const query = fc.record(
      {
        where,
        search: fc.oneof(prefixes, fc.tuple(prefixes, prefixes).map(([a, b]) => `${a} ${b}`)),
        orderBy: fc.record({ field: pick(['id', 'lastName', 'firstName', 'updatedAt', 'createdAt', 'companyName', 'ownerId']), direction: pick(['asc', 'desc'] as const) }),
        limit: fc.integer({ min: 1, max: 120 }),
      },
      { requiredKeys: ['limit'] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        assert.deepEqual(await pages(idb, 'contacts', q as Query), await pages(memory, 'contacts', q as Query));
      }),
      { numRuns: 80 },
    );
  });

  it('deals: board columns, ranges on positions, list fields', async () => {
    const stages = w.pipelines.flatMap((p) => p.stages.map((s) => ({ pipelineId: p.id, stageId: s.id })));
    const query = fc.record(
      {
        where: fc.record(
          {
            column: pick(stages),
            status: pick(['open', 'won', 'lost']),
            contactIds: pick(w.deals.slice(0, 20).flatMap((d) => d.contactIds)),
            position: fc.record({ gt: pick(['a0', 'a5', 'aA', 'Zz']) }),
            deletedAt: fc.constant(null),
          },
          { requiredKeys: [] },
        ),
        orderBy: fc.record({ field: pick(['id', 'position', 'updatedAt', 'expectedCloseDate']), direction: pick(['asc', 'desc'] as const) }),
        limit: fc.integer({ min: 1, max: 60 }),
      },
      { requiredKeys: ['limit'] },
    );
    await fc.assert(
      fc.asyncProperty(query, async ({ where: { column, ...rest } = {}, ...q }) => {
        const full = { ...q, where: { ...rest, ...column } } as Query;
        assert.deepEqual(await pages(idb, 'deals', full), await pages(memory, 'deals', full));
      }),
      { numRuns: 80 },
    );
  });
});
}
