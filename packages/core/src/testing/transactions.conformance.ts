import type { Change } from '../storage/port.js';
import { assert, assertEqual, assertRejects, eventually } from './assert.js';
import { contactRecord, dealRecord, fixtureId, interactionRecord } from './fixtures.js';
import type { SuiteEnv, TestApi } from './suite-env.js';

/** Transactions (all or nothing) and the change feed. */
export function transactionConformance({ describe, it }: TestApi, env: SuiteEnv): void {
  describe('transactions', () => {
    it('commits writes to several collections together', env.withAdapter(async (adapter) => {
      const result = await adapter.transaction(['contacts', 'interactions'], async (tx) => {
        await tx.collection('contacts').put(contactRecord(1));
        await tx.collection('interactions').put(interactionRecord(2));
        return 'done';
      });
      assertEqual(result, 'done', 'the function result');
      assert(await adapter.collection('contacts').get(fixtureId(1)), 'contact committed');
      assert(await adapter.collection('interactions').get(fixtureId(2)), 'interaction committed');
    }));

    it('reads inside a transaction see its own writes', env.withAdapter(async (adapter) => {
      await adapter.transaction(['contacts'], async (tx) => {
        const contacts = tx.collection('contacts');
        await contacts.put(contactRecord(1, { lastName: 'Inside' }));
        assertEqual((await contacts.get(fixtureId(1)))?.lastName, 'Inside', 'get inside');
        assertEqual((await contacts.query({ where: { lastName: 'Inside' } })).items.length, 1, 'query inside');
        assertEqual(await contacts.count(), 1, 'count inside');
      });
    }));

    it('a transaction that throws leaves nothing behind: no puts, updates or deletes', env.withAdapter(async (adapter) => {
      await adapter.collection('contacts').bulkPut([contactRecord(1, { lastName: 'Before' }), contactRecord(2)]);
      const failure = new Error('boom');
      let caught: unknown;
      await adapter
        .transaction(['contacts', 'deals'], async (tx) => {
          await tx.collection('contacts').put(contactRecord(1, { lastName: 'After' }));
          await tx.collection('contacts').delete(fixtureId(2));
          await tx.collection('contacts').put(contactRecord(3));
          await tx.collection('deals').put(dealRecord(4));
          throw failure;
        })
        .catch((error) => (caught = error));
      assertEqual(caught === failure, true, 'the thrown error is rethrown as it is');
      const contacts = adapter.collection('contacts');
      const first = await contacts.get(fixtureId(1));
      assertEqual([first?.lastName, first?.version], ['Before', 1], 'updated record unchanged');
      assert(await contacts.get(fixtureId(2)), 'deleted record still there');
      assertEqual(await contacts.get(fixtureId(3)), undefined, 'created record absent');
      assertEqual(await adapter.collection('deals').count(), 0, 'other collection untouched');
    }));

    it('a version conflict inside a transaction rolls back its earlier writes', env.withAdapter(async (adapter) => {
      await adapter.collection('contacts').put(contactRecord(1));
      await assertRejects(
        adapter.transaction(['contacts'], async (tx) => {
          await tx.collection('contacts').put(contactRecord(2));
          await tx.collection('contacts').put(contactRecord(1), { expectedVersion: 5 });
        }),
        'conflict',
        'conflicting write in a transaction',
      );
      assertEqual(await adapter.collection('contacts').get(fixtureId(2)), undefined, 'earlier write rolled back');
    }));

    it('a transaction reaches only the collections it named', env.withAdapter(async (adapter) => {
      let reached = true;
      await adapter
        .transaction(['contacts'], async (tx) => {
          await tx.collection('deals').put(dealRecord(1));
        })
        .catch(() => (reached = false));
      assertEqual(reached, false, 'write to an unnamed collection refused');
      assertEqual(await adapter.collection('deals').count(), 0, 'nothing written there');
    }));
  });

  describe('change feed', () => {
    it('reports puts and deletes with collection, type and id', env.withAdapter(async (adapter) => {
      const seen: Change[] = [];
      const stop = adapter.changes((changes) => seen.push(...changes));
      try {
        await adapter.collection('contacts').put(contactRecord(1));
        await adapter.collection('contacts').delete(fixtureId(1));
        await eventually(() => seen.length >= 2, env.changeTimeoutMs, 'two changes');
        assertEqual(seen.map((c) => [c.collection, c.type, c.id]), [['contacts', 'put', fixtureId(1)], ['contacts', 'delete', fixtureId(1)]], 'changes');
        const put = seen[0] as Extract<Change, { type: 'put' }>;
        assertEqual([put.version, put.record.id], [1, fixtureId(1)], 'the put carries the stored record');
      } finally {
        stop();
      }
    }));

    it('reports a transaction once, after it commits, and nothing of one rolled back', env.withAdapter(async (adapter) => {
      const batches: (readonly Change[])[] = [];
      const stop = adapter.changes((changes) => batches.push(changes));
      try {
        await adapter
          .transaction(['contacts'], async (tx) => {
            await tx.collection('contacts').put(contactRecord(1));
            throw new Error('roll back');
          })
          .catch(() => undefined);
        await adapter.transaction(['contacts', 'interactions'], async (tx) => {
          await tx.collection('contacts').put(contactRecord(2));
          await tx.collection('interactions').put(interactionRecord(3));
        });
        await eventually(() => batches.flat().some((c) => c.id === fixtureId(3)), env.changeTimeoutMs, 'the committed transaction');
        const ids = batches.flat().map((c) => c.id);
        assert(!ids.includes(fixtureId(1)), 'no change reported for the rolled-back write');
        const batchOf3 = batches.find((b) => b.some((c) => c.id === fixtureId(3)));
        assert(batchOf3?.some((c) => c.id === fixtureId(2)), 'both writes of the transaction reported in one batch');
      } finally {
        stop();
      }
    }));

    it('stops reporting after unsubscribe', env.withAdapter(async (adapter) => {
      const early: Change[] = [];
      const late: Change[] = [];
      const stopEarly = adapter.changes((changes) => early.push(...changes));
      const stopLate = adapter.changes((changes) => late.push(...changes));
      try {
        stopEarly();
        stopEarly();
        await adapter.collection('contacts').put(contactRecord(1));
        await eventually(() => late.length > 0, env.changeTimeoutMs, 'change to the remaining listener');
        assertEqual(early.length, 0, 'changes after unsubscribe');
      } finally {
        stopLate();
      }
    }));
  });
}
