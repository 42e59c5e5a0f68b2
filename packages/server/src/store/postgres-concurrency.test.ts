// What only a PostgreSQL server shows: writers racing on many connections, and the planner's
// choice of the migration's indexes for the queries widgets and services run most.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, encodeCursor, parseQuery, type Query, type Contact, type WriteRecord } from '@rapport/core';
import { fixtureId } from '@rapport/core/testing';
import { createTestDatabase } from '../../../../test/support/postgres.js';
import { openDatabase } from '../db/open-database.js';
import type { Sql } from '../db/sql.js';
import { createWorkspace, postgresStore, readChanges, withStoreTransaction } from './index.js';
import { pageSql } from './query-sql.js';

let sql: Sql;
let drop: () => Promise<void>;
before(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  sql = await openDatabase({ databaseUrl: db.url, poolSize: 20 });
});
after(async () => {
  await sql?.close();
  await drop?.();
});

const contact = (n: number, fields: Partial<Contact> = {}): WriteRecord<Contact> => ({
  id: fixtureId(n),
  firstName: `First${n}`,
  emails: [`first${n}@example.com`],
  phones: [],
  lifecycleStage: 'lead' as const,
  tags: [],
  consent: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

/** Settles every promise; the winners' values and the losers' errors. */
async function race<T>(attempts: Promise<T>[]): Promise<{ won: T[]; lost: unknown[] }> {
  const results = await Promise.allSettled(attempts);
  return {
    won: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    lost: results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}

describe('postgres store under concurrent writers (PostgreSQL)', () => {
  it('conditional puts racing on one record: exactly one winner per version, the others conflict', async () => {
    const workspaceId = await createWorkspace(sql);
    const contacts = postgresStore({ sql, workspaceId }).collection('contacts');
    const created = await race(Array.from({ length: 12 }, (_, w) => contacts.put(contact(1, { lastName: `creator ${w}` }), { expectedVersion: 0 })));
    assert.equal(created.won.length, 1, 'one create');
    for (let version = 1; version <= 5; version++) {
      const round = await race(
        Array.from({ length: 12 }, (_, w) =>
          w % 2 ? contacts.put(contact(1, { lastName: `writer ${w}` }), { expectedVersion: version }) : withStoreTransaction(sql, workspaceId, (store) => store.collection('contacts').put(contact(1, { lastName: `tx writer ${w}` }), { expectedVersion: version })),
        ),
      );
      assert.equal(round.won.length, 1, `one winner at version ${version}`);
      assert.equal(round.won[0]?.version, version + 1);
      for (const error of round.lost) {
        assert.ok(error instanceof ConflictError && error.reason === 'version', String(error));
        assert.equal(error.actualVersion, version + 1);
      }
      assert.equal((await contacts.get(fixtureId(1)))?.lastName, round.won[0]?.lastName, 'the winner is what is stored');
    }
    const { changes } = await readChanges(sql, workspaceId, undefined, 100);
    assert.deepEqual(changes.map((c) => (c.type === 'put' ? c.version : 0)), [1, 2, 3, 4, 5, 6], 'one change per version, in commit order');
  });

  it('conditional deletes racing: one removes the record, the others are refused', async () => {
    const workspaceId = await createWorkspace(sql);
    const contacts = postgresStore({ sql, workspaceId }).collection('contacts');
    await contacts.put(contact(1));
    const round = await race(Array.from({ length: 10 }, () => contacts.delete(fixtureId(1), { expectedVersion: 1 })));
    assert.deepEqual(round.won, [true]);
    assert.ok(round.lost.every((e) => (e as { code?: string }).code === 'not_found' || (e as { code?: string }).code === 'conflict'), String(round.lost[0]));
  });

  it('concurrent unconditional puts and bulkPuts all land, each version once, and the log is in commit order', async () => {
    const workspaceId = await createWorkspace(sql);
    const contacts = postgresStore({ sql, workspaceId }).collection('contacts');
    await Promise.all([
      ...Array.from({ length: 20 }, (_, w) => contacts.put(contact(1, { lastName: `w${w}` }))),
      ...Array.from({ length: 5 }, () => contacts.bulkPut([contact(2), contact(1), contact(3)])),
    ]);
    assert.equal((await contacts.get(fixtureId(1)))?.version, 25);
    const { changes } = await readChanges(sql, workspaceId, undefined, 1000);
    const versionsOf1 = changes.flatMap((c) => (c.type === 'put' && c.id === fixtureId(1) ? [c.version] : []));
    assert.deepEqual(versionsOf1, Array.from({ length: 25 }, (_, i) => i + 1), 'seq order is version order');
  });
});

describe('the migration indexes serve the common queries (PostgreSQL)', () => {
  let workspaceId: string;
  before(async () => {
    workspaceId = await createWorkspace(sql);
    const store = postgresStore({ sql, workspaceId });
    const deals = Array.from({ length: 2000 }, (_, i) => ({ id: fixtureId(i), title: `Deal ${i}`, pipelineId: `p${i % 4}`, stageId: `s${i % 10}`, position: `a${i}`, status: 'open', contactIds: [], tags: [], amount: { minor: i, currency: 'EUR' }, stageHistory: [], customFields: {}, createdAt: '', updatedAt: '' }));
    const interactions = Array.from({ length: 2000 }, (_, i) => ({ id: fixtureId(i), type: 'note', contactId: fixtureId(i % 100), dealId: fixtureId(i % 90), companyId: fixtureId(i % 80), occurredAt: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, createdAt: '', updatedAt: '' }));
    await store.collection('deals').bulkPut(deals as never);
    await store.collection('interactions').bulkPut(interactions as never);
    await store.collection('contacts').bulkPut(Array.from({ length: 2000 }, (_, i) => contact(i)) as never);
    // VACUUM also moves the GIN indexes' pending entries into the index proper, as autovacuum would.
    await sql.query('VACUUM ANALYZE records');
  });

  const cases: [string, 'deals' | 'interactions' | 'contacts', Query, string][] = [
    ['a board column, by position', 'deals', { where: { pipelineId: 'p1', stageId: 's1', status: 'open' }, orderBy: { field: 'position' }, limit: 50 }, 'records_deals_column'],
    ['the next page of a column', 'deals', { where: { pipelineId: 'p1', stageId: 's1' }, orderBy: { field: 'position' }, limit: 50, cursor: encodeCursor({ field: 'position', direction: 'asc' }, { value: 'a101', id: fixtureId(101) }) }, 'records_deals_column'],
    ['a contact timeline, newest first', 'interactions', { where: { contactId: fixtureId(7) }, orderBy: { field: 'occurredAt', direction: 'desc' }, limit: 50 }, 'records_interactions_contact'],
    ['a deal timeline', 'interactions', { where: { dealId: fixtureId(7) }, orderBy: { field: 'occurredAt', direction: 'desc' }, limit: 50 }, 'records_interactions_deal'],
    ['a company timeline', 'interactions', { where: { companyId: fixtureId(7) }, orderBy: { field: 'occurredAt' }, limit: 50 }, 'records_interactions_company'],
    ['a contact by email', 'contacts', { where: { emails: 'first77@example.com' } }, 'records_contacts_emails'],
    ['contacts by emails', 'contacts', { where: { emails: { in: ['first77@example.com', 'first78@example.com'] } } }, 'records_contacts_emails'],
    ['a text search', 'contacts', { search: 'first1777' }, 'records_search_tokens'],
  ];
  for (const [what, collection, query, index] of cases) {
    it(`${what}: ${index}`, async () => {
      const { text, params } = pageSql(parseQuery(collection, query), workspaceId);
      const plan = (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      assert.match(plan, new RegExp(`\\b${index}\\b`), plan);
      assert.doesNotMatch(plan, /Seq Scan/, plan);
    });
  }
});
