// Whatever SQL a query becomes, its answer must be the reference answer: random records and random
// queries (every operator, absent and null values, list fields, nested fields, text search, both
// directions), paged to the end with their cursors, against the memory adapter holding the same
// records. Strings avoid U+E000..U+FFFF, where "C" order and JavaScript's order differ (see the
// migration), and what jsonb cannot hold (NUL, lone surrogates).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { collections, memoryAdapter, type CollectionName, type Condition, type FieldSpec, type Query, type StorageAdapter } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { openDatabase } from '../db/open-database.js';
import { createWorkspace, postgresStore } from './index.js';

const words = ['a', 'A', 'b', 'ab', 'Ab', 'aB', 'abc', 'é', 'e', 'Zoë', 'zoe', 'z', '0', '10', '9', '', 'a b', "O'Neil", '😀', '😀a', 'ä', 'x_y', '%', 'Lee', 'lee', "' OR 1=1 --"];
const word = fc.constantFrom(...words);
const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, 1e21, -2.25, 100), fc.double({ noNaN: true, noDefaultInfinity: true }));
const day = fc.constantFrom('2025-12-31', '2026-01-01', '2026-01-02', '2026-01-10');

const contact = fc.record(
  {
    firstName: word,
    lastName: fc.option(word, { nil: null }),
    title: word,
    companyName: word,
    emails: fc.array(word.map((w) => `${w}@x.io`), { maxLength: 3 }),
    tags: fc.array(word, { maxLength: 3 }),
    ownerId: fc.option(word, { nil: null }),
    updatedAt: day,
    deletedAt: day,
    source: fc.record({ channel: word }, { requiredKeys: [] }),
    score: fc.record({ value: number, grade: fc.constantFrom('A', 'B', 'C') }, { requiredKeys: [] }),
  },
  { requiredKeys: ['firstName', 'emails'] },
);

const deal = fc.record(
  {
    title: word,
    pipelineId: fc.constantFrom('p1', 'p2'),
    stageId: fc.constantFrom('s1', 's2', 's3'),
    position: word,
    status: fc.constantFrom('open', 'won', 'lost'),
    contactIds: fc.array(word, { maxLength: 3 }),
    amount: fc.record({ minor: number, currency: fc.constantFrom('EUR', 'USD') }, { requiredKeys: [] }),
    expectedCloseDate: fc.option(day, { nil: null }),
    tags: fc.array(word, { maxLength: 2 }),
  },
  { requiredKeys: ['pipelineId', 'stageId'] },
);

/** Records with distinct ids that sort in ways a plain counter would not. */
const recordsOf = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc.uniqueArray(fc.tuple(word, fc.nat({ max: 40 })).map(([w, n]) => `${w}-${n}`), { minLength: 8, maxLength: 30 }).chain((ids) =>
    fc.tuple(...ids.map((id) => arb.map((fields) => ({ ...fields, id })))),
  );

function condition(spec: FieldSpec): fc.Arbitrary<Condition> {
  const value: fc.Arbitrary<string | number> = spec.type === 'number' ? number : word;
  const options: fc.Arbitrary<Condition>[] = [
    value,
    fc.constant(null),
    fc.record({ eq: value }),
    fc.record({ in: fc.array(value, { maxLength: 3 }) }),
    fc.record({ gt: value }),
    fc.record({ gte: value }),
    fc.record({ lt: value }),
    fc.record({ lte: value }),
    fc.record({ gte: value, lt: value }),
    fc.record({ eq: value, in: fc.array(value, { maxLength: 3 }) }),
  ];
  if (spec.type === 'string') options.push(fc.record({ prefix: word }), fc.record({ prefix: word, lt: value }));
  return fc.oneof(...options);
}

function queryOf(collection: CollectionName): fc.Arbitrary<Query> {
  const fields = collections[collection].fields;
  const names = Object.keys(fields);
  const sortable = names.filter((f) => !fields[f]?.multi);
  const where = fc
    .subarray(names, { maxLength: 3 })
    .chain((picked) => fc.tuple(...picked.map((f) => condition(fields[f] as FieldSpec).map((c) => [f, c] as const))))
    .map((pairs) => Object.fromEntries(pairs));
  return fc.record(
    {
      where,
      orderBy: fc.record({ field: fc.constantFrom(...sortable), direction: fc.constantFrom('asc' as const, 'desc' as const) }),
      limit: fc.integer({ min: 1, max: 7 }),
      ...(collections[collection].searchable ? { search: fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')) } : {}),
    },
    { requiredKeys: ['limit'] },
  );
}

/** Every page of a query, as lists of ids, and the count of what it matches. */
async function answer(storage: StorageAdapter, collection: CollectionName, query: Query): Promise<{ pages: string[][]; count: number }> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.collection(collection).query({ ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 40);
  const { where, search } = query;
  const count = await storage.collection(collection).count({ ...(where ? { where } : {}), ...(search !== undefined ? { search } : {}) });
  return { pages, count };
}

describe('postgres store answers every query as the memory adapter does (PGlite)', () => {
  let sql: Sql | undefined;
  after(() => sql?.close());

  for (const [collection, records] of [
    ['contacts', recordsOf(contact)],
    ['deals', recordsOf(deal)],
  ] as const) {
    it(`${collection}: filters, list fields, nested fields, ${collection === 'contacts' ? 'search, ' : ''}sorts and cursors`, async () => {
      sql ??= await openDatabase();
      const db = sql;
      await fc.assert(
        fc.asyncProperty(records, fc.array(queryOf(collection), { minLength: 1, maxLength: 4 }), async (rows, queries) => {
          const memory = memoryAdapter();
          const store = postgresStore({ sql: db, workspaceId: await createWorkspace(db) });
          try {
            for (const storage of [memory, store]) await storage.collection(collection).bulkPut(rows as never);
            for (const query of queries) assert.deepEqual(await answer(store, collection, query), await answer(memory, collection, query), JSON.stringify(query));
          } finally {
            await store.close?.();
            await memory.close?.();
          }
        }),
        { numRuns: 30 },
      );
    });
  }
});
