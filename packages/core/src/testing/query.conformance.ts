import type { ValidationError } from '../errors.js';
import type { StorageAdapter } from '../storage/port.js';
import type { Query } from '../storage/query.js';
import { assertEqual, assertRejects } from './assert.js';
import { contactRecord, dealRecord, fixtureId } from './fixtures.js';
import type { SuiteEnv, TestApi } from './suite-env.js';

/** The ids of a query's first page, as fixture numbers. */
async function numbersOf(adapter: StorageAdapter, query: Query, collection: 'contacts' | 'deals' = 'contacts'): Promise<number[]> {
  const page = await adapter.collection(collection).query(query);
  return page.items.map((r) => parseInt(r.id.slice(-12), 16));
}

/** Fills contacts 1–6 with fields the filters below tell apart. */
async function sixContacts(adapter: StorageAdapter): Promise<void> {
  await adapter.collection('contacts').bulkPut([
    contactRecord(1, { lastName: 'Lee', lifecycleStage: 'lead', tags: ['vip', 'smb'], emails: ['ann@acme.com'], ownerId: 'u1', updatedAt: '2026-01-05T00:00:00.000Z' }),
    contactRecord(2, { lastName: 'Lee', lifecycleStage: 'customer', tags: ['vip'], ownerId: 'u2', updatedAt: '2026-01-03T00:00:00.000Z' }),
    contactRecord(3, { lastName: 'Abe', lifecycleStage: 'customer', tags: [], ownerId: 'u1', updatedAt: '2026-01-04T00:00:00.000Z' }),
    contactRecord(4, { lastName: 'Zhang', lifecycleStage: 'lead', tags: ['smb'], updatedAt: '2026-01-01T00:00:00.000Z' }),
    contactRecord(5, { lastName: 'Müller', lifecycleStage: 'subscriber', tags: [], deletedAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' }),
    contactRecord(6, { firstName: 'Zoë', lastName: "O'Neil", lifecycleStage: 'lead', tags: [], emails: ['zoe@globex.io'], companyName: 'Globex Corp', updatedAt: '2026-01-06T00:00:00.000Z' }),
  ]);
}

async function issuePaths(promise: Promise<unknown>, what: string): Promise<string[]> {
  const error = (await assertRejects(promise, 'validation', what)) as ValidationError;
  return error.issues.map((i) => i.path.join('.'));
}

/** Filters, order, paging, counting, text search and the rejection of bad queries. */
export function queryConformance({ describe, it }: TestApi, env: SuiteEnv): void {
  describe('queries', () => {
    it('filters by equality, absence (null), in, range and prefix', env.withAdapter(async (adapter) => {
      await sixContacts(adapter);
      assertEqual(await numbersOf(adapter, { where: { lastName: 'Lee' } }), [1, 2], 'bare value');
      assertEqual(await numbersOf(adapter, { where: { lastName: { eq: 'Abe' } } }), [3], 'eq');
      assertEqual(await numbersOf(adapter, { where: { ownerId: null } }), [4, 5, 6], 'null means absent');
      assertEqual(await numbersOf(adapter, { where: { deletedAt: null, lifecycleStage: { in: ['lead', 'subscriber'] } } }), [1, 4, 6], 'in, with absence');
      assertEqual(await numbersOf(adapter, { where: { updatedAt: { gte: '2026-01-03T00:00:00.000Z', lt: '2026-01-05T00:00:00.000Z' } } }), [2, 3], 'range');
      assertEqual(await numbersOf(adapter, { where: { lastName: { prefix: 'Z' } } }), [4], 'prefix');
    }));

    it('matches list fields on any element', env.withAdapter(async (adapter) => {
      await sixContacts(adapter);
      assertEqual(await numbersOf(adapter, { where: { tags: 'vip' } }), [1, 2], 'contains');
      assertEqual(await numbersOf(adapter, { where: { tags: { in: ['smb', 'none'] } } }), [1, 4], 'contains one of');
      assertEqual(await numbersOf(adapter, { where: { emails: 'ann@acme.com' } }), [1], 'email lookup');
      assertEqual(await numbersOf(adapter, { where: { tags: null } }), [3, 5, 6], 'empty list counts as absent');
    }));

    it('filters and sorts on declared nested fields', env.withAdapter(async (adapter) => {
      await adapter.collection('deals').bulkPut([
        dealRecord(1, { amount: { minor: 500, currency: 'USD' } }),
        dealRecord(2, { amount: { minor: 100, currency: 'EUR' } }),
        dealRecord(3, { amount: { minor: 300, currency: 'EUR' } }),
      ]);
      assertEqual(await numbersOf(adapter, { where: { 'amount.currency': 'EUR' }, orderBy: { field: 'amount.minor', direction: 'desc' } }, 'deals'), [3, 2], 'EUR deals by amount');
    }));

    it('sorts ascending and descending, ties broken by id in the same direction, absent values first', env.withAdapter(async (adapter) => {
      await sixContacts(adapter);
      assertEqual(await numbersOf(adapter, { orderBy: { field: 'lastName' } }), [3, 1, 2, 5, 6, 4], 'by last name');
      assertEqual(await numbersOf(adapter, { orderBy: { field: 'lastName', direction: 'desc' } }), [4, 6, 5, 2, 1, 3], 'by last name, descending');
      assertEqual(await numbersOf(adapter, { orderBy: { field: 'ownerId' } }), [4, 5, 6, 1, 3, 2], 'absent first');
      assertEqual(await numbersOf(adapter, {}), [1, 2, 3, 4, 5, 6], 'default order is by id');
    }));

    it('pages: empty collection, exact page, last page', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      const empty = await contacts.query({ limit: 10 });
      assertEqual([empty.items.length, empty.nextCursor], [0, undefined], 'empty collection');
      await contacts.bulkPut([1, 2, 3, 4].map((n) => contactRecord(n)));
      const exact = await contacts.query({ limit: 4 });
      assertEqual([exact.items.length, exact.nextCursor], [4, undefined], 'a page exactly as large as the rest has no cursor');
      const first = await contacts.query({ limit: 3 });
      assertEqual(first.items.length, 3, 'first page size');
      const last = await contacts.query({ limit: 3, cursor: first.nextCursor as string });
      assertEqual([last.items.map((c) => c.id), last.nextCursor], [[fixtureId(4)], undefined], 'last page');
    }));

    it('walks every page of a sorted query without gaps or repeats', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      const names = ['Kim', 'Abe', 'Kim', 'Lee', 'Abe', 'Ng', 'Kim', 'Ito', 'Lee', 'Abe', 'Ng'];
      await contacts.bulkPut(names.map((lastName, i) => contactRecord(i + 1, { lastName })));
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page: { items: { id: string; lastName?: string | undefined }[]; nextCursor?: string } = await contacts.query({
            orderBy: { field: 'lastName', direction },
            limit: 3,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.items.map((c) => `${c.lastName}:${c.id}`));
          cursor = page.nextCursor;
        } while (cursor);
        const expected = names.map((n, i) => `${n}:${fixtureId(i + 1)}`).sort();
        assertEqual(seen, direction === 'asc' ? expected : [...expected].reverse(), `all pages, ${direction}`);
      }
    }));

    it('continues after a cursor whose record was deleted, and does not repeat records changed meanwhile', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.bulkPut([1, 2, 3, 4, 5, 6].map((n) => contactRecord(n)));
      const first = await contacts.query({ limit: 3 });
      await contacts.delete(fixtureId(3));
      await contacts.put(contactRecord(2, { lastName: 'Changed' }));
      await contacts.put(contactRecord(7));
      const rest = await contacts.query({ limit: 10, cursor: first.nextCursor as string });
      assertEqual(rest.items.map((c) => c.id), [4, 5, 6, 7].map(fixtureId), 'records after the cursor');
    }));

    it('rejects a malformed cursor, and one from a different sort order', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.bulkPut([1, 2, 3].map((n) => contactRecord(n)));
      const page = await contacts.query({ limit: 1, orderBy: { field: 'lastName' } });
      assertEqual(await issuePaths(contacts.query({ cursor: 'not a cursor' }), 'malformed cursor'), ['cursor'], 'issue path');
      assertEqual(await issuePaths(contacts.query({ cursor: page.nextCursor as string }), 'cursor of another order'), ['cursor'], 'issue path');
    }));

    it('counts what a query matches', env.withAdapter(async (adapter) => {
      await sixContacts(adapter);
      const contacts = adapter.collection('contacts');
      assertEqual(await contacts.count(), 6, 'count of all');
      assertEqual(await contacts.count({ where: { tags: 'vip', deletedAt: null } }), 2, 'count with a filter');
      assertEqual(await contacts.count({ search: 'lee' }), 2, 'count with a search');
    }));

    it('searches by word prefix: every word must match, case and accents ignored, with filters', env.withAdapter(async (adapter) => {
      await sixContacts(adapter);
      assertEqual(await numbersOf(adapter, { search: 'lee' }), [1, 2], 'one word');
      assertEqual(await numbersOf(adapter, { search: 'FIRST1 le' }), [1], 'all words must match');
      assertEqual(await numbersOf(adapter, { search: 'zoe o neil' }), [6], 'accents and punctuation');
      assertEqual(await numbersOf(adapter, { search: 'glob' }), [6], 'company name');
      assertEqual(await numbersOf(adapter, { search: 'acme' }), [1], 'email domain');
      assertEqual(await numbersOf(adapter, { search: 'mull', where: { deletedAt: null } }), [], 'combined with a filter');
      assertEqual(await numbersOf(adapter, { search: 'nobody' }), [], 'no match');
    }));

    it('rejects unknown fields, wrong value types and out-of-range limits, naming the path', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1));
      assertEqual(await issuePaths(contacts.query({ where: { shoeSize: 42 } }), 'unknown field'), ['where.shoeSize'], 'unknown where field');
      assertEqual(await issuePaths(contacts.query({ orderBy: { field: 'password' } }), 'unknown sort field'), ['orderBy.field'], 'unknown sort field');
      assertEqual(await issuePaths(contacts.query({ orderBy: { field: 'tags' } }), 'sort on a list'), ['orderBy.field'], 'sort on a list field');
      assertEqual(await issuePaths(contacts.query({ select: ['*'] } as Query), 'unknown query key'), ['select'], 'unknown top-level key');
      assertEqual(await issuePaths(contacts.query({ where: { lastName: 42 } } as unknown as Query), 'wrong type'), ['where.lastName'], 'wrong value type');
      assertEqual(await issuePaths(contacts.query({ where: { lastName: { like: '%' } } } as unknown as Query), 'unknown operator'), ['where.lastName.like'], 'unknown operator');
      assertEqual(await issuePaths(contacts.query({ where: { "lastName' OR 1=1 --": 'x' } }), 'injection in a field name'), ["where.lastName' OR 1=1 --"], 'field name with SQL');
      assertEqual(await issuePaths(contacts.query({ limit: 0 }), 'limit 0'), ['limit'], 'limit below range');
      assertEqual(await issuePaths(contacts.query({ limit: 100_000 }), 'huge limit'), ['limit'], 'limit above range');
      assertEqual(await issuePaths(adapter.collection('deals').query({ search: 'x' }), 'search on deals'), ['search'], 'search where it is not offered');
      assertEqual(await issuePaths(contacts.count({ limit: 5 } as unknown as Query), 'count with a limit'), ['limit'], 'count takes filters only');
      assertEqual(await numbersOf(adapter, { where: { lastName: "x' OR '1'='1" } }), [], 'SQL in a value is just a value');
    }));
  });
}
