import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { UnavailableError, ValidationError, type Change, type Contact, type WriteRecord } from '@rapport/core';
import { eventually, fixtureId } from '@rapport/core/testing';
import { createTestDatabase } from '../../../../test/support/postgres.js';
import { openDatabase } from '../db/open-database.js';
import { changeFeed, createWorkspace, headCursor, postgresStore, readChanges, withStoreTransaction, type ChangeBatch } from './index.js';

/** PGlite in memory and a fresh database on the PostgreSQL test server, each opened once for this file. */
const engines = [
  { name: 'PGlite', start: async () => ({ sql: await openDatabase(), drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const db = await createTestDatabase();
      return { sql: await openDatabase({ databaseUrl: db.url }), drop: db.drop };
    },
  },
].map(({ name, start }) => {
  let opened: ReturnType<typeof start> | undefined;
  after(async () => {
    if (!opened) return;
    const { sql, drop } = await opened;
    await sql.close();
    await drop();
  });
  return { name, open: async () => (await (opened ??= start())).sql };
});

const contact = (n: number, fields: Partial<Contact> = {}): WriteRecord<Contact> => ({
  id: fixtureId(n),
  firstName: `First${n}`,
  emails: [],
  phones: [],
  lifecycleStage: 'lead' as const,
  tags: [],
  consent: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const timeout = 5000;

for (const engine of engines) {
  describe(`change feed on ${engine.name}`, () => {
    it('two stores on one database (two replicas): a write through one reaches the listener of the other', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const a = postgresStore({ sql, workspaceId });
      const b = postgresStore({ sql, workspaceId });
      const seenByB: Change[] = [];
      const stop = b.changes((changes) => seenByB.push(...changes));
      // A write through b waits for b's subscription; a write through a would not.
      await b.collection('contacts').put(contact(9));
      await a.collection('contacts').put(contact(1));
      await a.transaction(['contacts'], async (tx) => {
        await tx.collection('contacts').put(contact(2));
        await tx.collection('contacts').delete(fixtureId(1));
      });
      await eventually(() => seenByB.length >= 4, timeout, 'changes made through the other store');
      assert.deepEqual(seenByB.map((c) => [c.type, c.id]), [['put', fixtureId(9)], ['put', fixtureId(1)], ['put', fixtureId(2)], ['delete', fixtureId(1)]]);
      stop();
      await Promise.all([a.close?.(), b.close?.()]);
    });

    it('delivers one batch per transaction, in seq order, once, and nothing of another workspace', async () => {
      const sql = await engine.open();
      const [workspaceId, other] = [await createWorkspace(sql), await createWorkspace(sql)];
      const feed = changeFeed(sql);
      const batches: ChangeBatch[] = [];
      const { cursor } = await feed.subscribe(workspaceId, undefined, (batch) => batches.push(batch));
      const writers = Array.from({ length: 8 }, (_, w) =>
        withStoreTransaction(sql, workspaceId, async (store) => {
          await store.collection('contacts').put(contact(100 + w));
          await store.collection('contacts').put(contact(200 + w));
        }),
      );
      await Promise.all([...writers, postgresStore({ sql, workspaceId: other }).collection('contacts').put(contact(1))]);
      await eventually(() => batches.length >= 8, timeout, 'eight batches');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(batches.length, 8, 'no batch twice, none of the other workspace');
      const seqs = batches.flatMap((b) => b.changes.map((c) => BigInt(c.seq)));
      assert.ok(BigInt(batches[0]?.changes[0]?.seq ?? 0) > BigInt(cursor), 'after the head it started at');
      assert.deepEqual(seqs, [...seqs].sort((x, y) => (x < y ? -1 : 1)), 'seq order');
      for (const batch of batches) {
        assert.equal(batch.changes.length, 2, 'a transaction is one batch');
        assert.equal(batch.cursor, batch.changes[1]?.seq);
        const [first, second] = batch.changes.map((c) => parseInt(c.id.slice(-12), 16));
        assert.equal((second as number) - (first as number), 100, 'both writes of one transaction');
      }
      await feed.close();
    });

    it('readChanges pages through the log with cursors; headCursor is the last seq', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      assert.equal(await headCursor(sql, workspaceId), '0');
      assert.deepEqual(await readChanges(sql, workspaceId, undefined, 10), { changes: [], cursor: '0' });
      const store = postgresStore({ sql, workspaceId });
      for (let n = 1; n <= 7; n++) await store.collection('contacts').put(contact(n));
      const ids: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await readChanges(sql, workspaceId, cursor, 3);
        if (!page.changes.length) {
          assert.equal(page.cursor, cursor, 'an empty page keeps the cursor');
          break;
        }
        assert.ok(page.changes.length <= 3);
        ids.push(...page.changes.map((c) => c.id));
        cursor = page.cursor;
      }
      assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7].map(fixtureId));
      assert.equal(await headCursor(sql, workspaceId), cursor);
      await assert.rejects(readChanges(sql, workspaceId, 'abc', 3), ValidationError);
      await assert.rejects(readChanges(sql, workspaceId, undefined, 0), ValidationError);
      await assert.rejects(readChanges(sql, workspaceId, undefined, 1001), ValidationError);
    });

    it('catches up from a cursor, then goes on live; a cursor inside a transaction gets the rest of it', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const store = postgresStore({ sql, workspaceId });
      await store.collection('contacts').put(contact(1));
      const after1 = await headCursor(sql, workspaceId);
      await store.collection('contacts').bulkPut([contact(2), contact(3)]);
      const middle = (await readChanges(sql, workspaceId, after1, 1)).cursor;
      const feed = changeFeed(sql);
      const fromStart: ChangeBatch[] = [];
      const fromMiddle: ChangeBatch[] = [];
      await feed.subscribe(workspaceId, '0', (batch) => fromStart.push(batch));
      const sub = await feed.subscribe(workspaceId, middle, (batch) => fromMiddle.push(batch));
      assert.equal(sub.cursor, middle);
      await eventually(() => fromStart.length >= 2 && fromMiddle.length >= 1, timeout, 'catch-up');
      await store.collection('contacts').put(contact(4));
      await eventually(() => fromStart.length >= 3 && fromMiddle.length >= 2, timeout, 'live');
      assert.deepEqual(fromStart.map((b) => b.changes.map((c) => c.id)), [[fixtureId(1)], [fixtureId(2), fixtureId(3)], [fixtureId(4)]]);
      assert.deepEqual(fromMiddle.map((b) => b.changes.map((c) => c.id)), [[fixtureId(3)], [fixtureId(4)]]);
      await feed.close();
      await assert.rejects(feed.subscribe(workspaceId, undefined, () => undefined), UnavailableError);
    });

    it('subscribers that join from old cursors during a burst of writes get every later change once, in order', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const store = postgresStore({ sql, workspaceId });
      for (let n = 1; n <= 20; n++) await store.collection('contacts').put(contact(n));
      const feed = changeFeed(sql);
      const live: ChangeBatch[] = [];
      await feed.subscribe(workspaceId, undefined, (batch) => live.push(batch));
      const history = (await readChanges(sql, workspaceId, undefined, 1000)).changes.map((c) => c.seq);
      const late: { since: string; batches: ChangeBatch[] }[] = [];
      const writes: Promise<unknown>[] = [];
      for (let n = 21; n <= 40; n++) {
        writes.push(store.collection('contacts').put(contact(n)));
        if (n % 5 === 0) {
          // Joins while the feed reads for the live subscriber, from further and further back.
          const entry = { since: history[40 - n] as string, batches: [] as ChangeBatch[] };
          late.push(entry);
          writes.push(feed.subscribe(workspaceId, entry.since, (batch) => entry.batches.push(batch)));
        }
      }
      await Promise.all(writes);
      const all = (await readChanges(sql, workspaceId, undefined, 1000)).changes.map((c) => c.seq);
      await eventually(() => late.every((e) => e.batches.flatMap((b) => b.changes).length === all.filter((seq) => BigInt(seq) > BigInt(e.since)).length), timeout, 'every late subscriber caught up');
      for (const entry of late) {
        assert.deepEqual(entry.batches.flatMap((b) => b.changes.map((c) => c.seq)), all.filter((seq) => BigInt(seq) > BigInt(entry.since)), `from ${entry.since}`);
      }
      await feed.close();
    });

    it('delivers a transaction larger than a read page as one batch', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const feed = changeFeed(sql);
      const batches: ChangeBatch[] = [];
      await feed.subscribe(workspaceId, undefined, (batch) => batches.push(batch));
      const store = postgresStore({ sql, workspaceId });
      await store.collection('contacts').bulkPut(Array.from({ length: 1200 }, (_, i) => contact(i + 1)));
      await store.collection('contacts').put(contact(5000));
      await eventually(() => batches.length >= 2, timeout, 'both transactions');
      assert.deepEqual(batches.map((b) => b.changes.length), [1200, 1]);
      await feed.close();
    });

    it('finds a change whose notification was lost, by polling', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const feed = changeFeed(sql, { pollIntervalMs: 30 });
      const batches: ChangeBatch[] = [];
      await feed.subscribe(workspaceId, undefined, (batch) => batches.push(batch));
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription's own first read is over
      // A change appended without NOTIFY, as if the notification never arrived.
      await sql.query(`INSERT INTO changes (workspace_id, tx_id, collection, id, type) VALUES ($1, 1, 'contacts', 'x', 'delete')`, [workspaceId]);
      await eventually(() => batches.length === 1, timeout, 'the polled change');
      assert.deepEqual(batches[0]?.changes.map((c) => [c.type, c.id]), [['delete', 'x']]);
      await feed.close();
    });

    it('stops delivering after unsubscribe; a listener that throws does not stop the others', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const feed = changeFeed(sql);
      const early: ChangeBatch[] = [];
      const late: ChangeBatch[] = [];
      const first = await feed.subscribe(workspaceId, undefined, (batch) => early.push(batch));
      await feed.subscribe(workspaceId, undefined, () => {
        throw new Error('listener failure, reported and ignored');
      });
      await feed.subscribe(workspaceId, undefined, (batch) => late.push(batch));
      first.unsubscribe();
      first.unsubscribe();
      const reported: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void reported.push(args);
      try {
        await postgresStore({ sql, workspaceId }).collection('contacts').put(contact(1));
        await eventually(() => late.length === 1, timeout, 'the change');
      } finally {
        console.error = original;
      }
      assert.equal(early.length, 0);
      assert.equal(reported.length, 1, 'the failing listener was reported');
      await feed.close();
    });
  });
}
