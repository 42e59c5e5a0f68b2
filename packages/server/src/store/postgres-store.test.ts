import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConflictError, NotFoundError, UnavailableError, ValidationError, isRapportError, type Change, type StorageAdapter, type Contact, type WriteRecord } from '@rapport/core';
import { adapterConformance, eventually, fixtureId } from '@rapport/core/testing';
import { createTestDatabase } from '../../../../test/support/postgres.js';
import { openDatabase } from '../db/open-database.js';
import { pgSql } from '../db/pg-sql.js';
import type { Sql } from '../db/sql.js';
import { createWorkspace, postgresStore, readChanges, withStoreTransaction } from './index.js';

/** PGlite in memory and a fresh database on the PostgreSQL test server, each opened once for this file. */
const engines = [
  { name: 'PGlite', start: async () => ({ sql: await openDatabase(), url: undefined, drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    start: async () => {
      const db = await createTestDatabase();
      return { sql: await openDatabase({ databaseUrl: db.url }), url: db.url as string | undefined, drop: db.drop };
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
  const open = async () => (await (opened ??= start())).sql;
  return { name, open, url: async () => (await (opened ??= start())).url, store: async () => { const sql = await open(); return postgresStore({ sql, workspaceId: await createWorkspace(sql) }); } };
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
const company = (n: number, domain?: string) => ({
  id: fixtureId(n),
  name: `Company ${n}`,
  tags: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...(domain ? { domain } : {}),
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

for (const engine of engines) {
  adapterConformance({ describe, it }, { name: `postgres store on ${engine.name}`, create: engine.store });

  describe(`postgres store on ${engine.name}: transactions`, () => {
    it('withStoreTransaction commits the store writes and the caller rows together, reported as one batch', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const result = await withStoreTransaction(sql, workspaceId, async (store, tx) => {
        await store.collection('contacts').put(contact(1) as never);
        await store.collection('companies').put(company(2, 'acme.io') as never);
        assert.equal((await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE workspace_id = $1`, [workspaceId]))[0]?.n, 2);
        return 'done';
      });
      assert.equal(result, 'done');
      const { changes } = await readChanges(sql, workspaceId, undefined, 100);
      assert.deepEqual(changes.map((c) => [c.collection, c.type, c.id]), [['contacts', 'put', fixtureId(1)], ['companies', 'put', fixtureId(2)]]);
      const txIds = await sql.query<{ n: number }>('SELECT count(DISTINCT tx_id)::int AS n FROM changes WHERE workspace_id = $1', [workspaceId]);
      assert.equal(txIds[0]?.n, 1, 'one transaction');
    });

    it('an error thrown by the function rolls everything back and is rethrown as it is', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const boom = new Error('boom');
      const error = await rejection(
        withStoreTransaction(sql, workspaceId, async (store) => {
          await store.collection('contacts').put(contact(1) as never);
          throw boom;
        }),
      );
      assert.equal(error, boom);
      const store = postgresStore({ sql, workspaceId });
      assert.equal(await store.collection('contacts').get(fixtureId(1)), undefined);
      assert.deepEqual((await readChanges(sql, workspaceId, undefined, 10)).changes, []);
    });

    it('a caught failure (a unique clash in bulkPut) leaves the transaction usable, all or none of the batch', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      await postgresStore({ sql, workspaceId }).collection('companies').put(company(1, 'acme.io') as never);
      await withStoreTransaction(sql, workspaceId, async (store) => {
        const companies = store.collection('companies');
        const error = await rejection(companies.bulkPut([company(2, 'beta.io'), company(3, 'acme.io')] as never));
        assert.ok(error instanceof ConflictError && error.reason === 'unique' && error.field === 'domain', String(error));
        assert.equal(await companies.get(fixtureId(2)), undefined, 'the batch left nothing');
        await companies.put(company(4, 'gamma.io') as never);
      });
      const store = postgresStore({ sql, workspaceId });
      assert.deepEqual((await store.collection('companies').query()).items.map((c) => c.id), [fixtureId(1), fixtureId(4)]);
      const { changes } = await readChanges(sql, workspaceId, undefined, 10);
      assert.deepEqual(changes.map((c) => c.id), [fixtureId(1), fixtureId(4)], 'no change for the refused batch');
    });

    it('a nested transaction is a savepoint: its failure undoes only its writes', async () => {
      const store = await engine.store();
      await store.transaction(['contacts'], async (outer) => {
        await outer.collection('contacts').put(contact(1) as never);
        const inner = (outer as StorageAdapter).transaction(['contacts'], async (scope) => {
          await scope.collection('contacts').put(contact(2) as never);
          throw new Error('inner');
        });
        await assert.rejects(inner, /inner/);
        await (outer as StorageAdapter).transaction(['contacts'], async (scope) => {
          await scope.collection('contacts').put(contact(3) as never);
        });
      });
      assert.deepEqual((await store.collection('contacts').query()).items.map((c) => c.id), [fixtureId(1), fixtureId(3)]);
      await store.close?.();
    });

    it('reports one change per record with its final state, and nothing for a record created and deleted', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      const store = postgresStore({ sql, workspaceId });
      await store.collection('contacts').bulkPut([contact(1), contact(2)] as never);
      const { cursor } = await readChanges(sql, workspaceId, undefined, 10);
      await store.transaction(['contacts'], async (tx) => {
        const contacts = tx.collection('contacts');
        await contacts.put(contact(1, { lastName: 'A' }) as never);
        await contacts.put(contact(1, { lastName: 'B' }) as never);
        await contacts.delete(fixtureId(2));
        await contacts.put(contact(3) as never);
        await contacts.delete(fixtureId(3));
      });
      const { changes } = await readChanges(sql, workspaceId, cursor, 10);
      assert.deepEqual(
        changes.map((c) => (c.type === 'put' ? [c.type, c.id, c.version, (c.record as { lastName?: string }).lastName] : [c.type, c.id])),
        [['put', fixtureId(1), 3, 'B'], ['delete', fixtureId(2)]],
      );
    });

    it('a scope used after its transaction ended is refused; a bound store offers no change feed', async () => {
      const sql = await engine.open();
      const workspaceId = await createWorkspace(sql);
      let kept: StorageAdapter | undefined;
      await withStoreTransaction(sql, workspaceId, async (store) => {
        kept = store;
        assert.throws(() => store.changes(() => undefined), ValidationError);
      });
      assert.ok(isRapportError(await rejection((kept as StorageAdapter).collection('contacts').get('x')), 'validation'));
    });
  });

  describe(`postgres store on ${engine.name}: values are data`, () => {
    it('SQL-shaped ids, query values and searches are stored and matched literally', async () => {
      const store = await engine.store();
      const contacts = store.collection('contacts');
      const nasty = ["'; DROP TABLE records; --", 'x\' OR \'1\'=\'1', '$1', '\\', '"quoted"', '{a,b}', 'null', '%_'];
      await contacts.bulkPut(nasty.map((id, i) => ({ ...contact(i + 1), id, lastName: id, emails: [`${i}@x.io`, id] })) as never);
      for (const id of nasty) {
        assert.equal((await contacts.get(id))?.lastName, id);
        assert.deepEqual((await contacts.query({ where: { lastName: id } })).items.map((c) => c.id), [id]);
        assert.deepEqual((await contacts.query({ where: { emails: id } })).items.map((c) => c.id), [id]);
      }
      assert.deepEqual((await contacts.getMany(nasty)).map((c) => c?.id), nasty);
      assert.deepEqual((await contacts.query({ where: { lastName: { prefix: '%' } } })).items.map((c) => c.id), ['%_']);
      assert.deepEqual((await contacts.query({ where: { lastName: { in: ["x' OR '1'='1", '$1'] } }, orderBy: { field: 'lastName' } })).items.map((c) => c.id), ['$1', "x' OR '1'='1"]);
      assert.deepEqual((await contacts.query({ search: "drop table' --" })).items.map((c) => c.id), ["'; DROP TABLE records; --"]);
      assert.equal(await contacts.count({ search: "'; SELECT pg_sleep(1) --" }), 0);
      assert.equal(await contacts.delete("'; DROP TABLE records; --"), true);
      assert.equal(await contacts.count(), nasty.length - 1);
      await store.close?.();
    });

    it('refuses what PostgreSQL cannot store (a NUL character, a lone surrogate) with a ValidationError naming the path', async () => {
      const store = await engine.store();
      for (const bad of [contact(1, { lastName: 'a\u0000b' }), contact(1, { customFields: { ['k\ud800']: 'v' } })]) {
        const error = await rejection(store.collection('contacts').put(bad as never));
        assert.ok(error instanceof ValidationError, String(error));
        assert.ok(error.issues[0]?.path.length, 'a path');
      }
      // An escaped backslash before "u0000" is plain text.
      assert.equal((await store.collection('contacts').put(contact(1, { lastName: '\\u0000' }) as never)).lastName, '\\u0000');
      await store.close?.();
    });

    it('an invalid expectedVersion never matches, as in the memory adapter', async () => {
      const store = await engine.store();
      const contacts = store.collection('contacts');
      await contacts.put(contact(1) as never);
      assert.ok((await rejection(contacts.put(contact(1) as never, { expectedVersion: 1.5 }))) instanceof ConflictError);
      assert.ok((await rejection(contacts.put(contact(2) as never, { expectedVersion: 2 ** 40 }))) instanceof NotFoundError);
      assert.ok((await rejection(contacts.delete(fixtureId(1), { expectedVersion: -1 }))) instanceof ConflictError);
      assert.equal((await contacts.get(fixtureId(1)))?.version, 1);
      await store.close?.();
    });

    it('the store listener gets exactly core Change objects', async () => {
      const store = await engine.store();
      const seen: Change[] = [];
      const stop = store.changes((changes) => seen.push(...changes));
      await store.collection('contacts').put(contact(1) as never);
      await store.collection('contacts').delete(fixtureId(1));
      await eventually(() => seen.length === 2, 5000, 'two changes');
      assert.deepEqual(seen, [
        { collection: 'contacts', type: 'put', id: fixtureId(1), version: 1, record: { ...contact(1), version: 1 } },
        { collection: 'contacts', type: 'delete', id: fixtureId(1) },
      ]);
      stop();
      await store.close?.();
      assert.ok((await rejection(store.collection('contacts').get(fixtureId(1)))) instanceof UnavailableError, 'a closed store refuses calls');
    });
  });
}

describe('postgres store: a database that is gone', () => {
  it('answers UnavailableError, the driver error kept as cause', async () => {
    const url = await engines[1]?.url();
    const sql: Sql = await pgSql({ connectionString: url as string });
    const store = postgresStore({ sql, workspaceId: fixtureId(1) });
    await sql.close();
    const error = await rejection(store.collection('contacts').put(contact(1) as never));
    assert.ok(error instanceof UnavailableError, String(error));
    assert.ok(error.cause, 'cause kept');
  });
});
