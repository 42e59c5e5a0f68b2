// The REST adapter against the real Rapport server, started in this process on 127.0.0.1 with
// PGlite in memory: the conformance suite (a new workspace and API key per test), then what only
// the REST adapter does — optimistic transactions, server-side reports, credentials, close.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createCrm, fixedClock, isRapportError, memoryAdapter, runReport, type Change, type StorageAdapter } from '@rapport/core';
import { adapterConformance } from '@rapport/core/testing';
import { createServer, type RapportServer } from '../../../server/src/server.js';
import { restAdapter, type RestAdapterOptions } from './index.js';

let started: Promise<{ server: RapportServer; url: string }> | undefined;
const adapters: StorageAdapter[] = [];

/** The shared server, started on first use. */
function server(): Promise<{ server: RapportServer; url: string }> {
  started ??= (async () => {
    const server = await createServer({ log: false });
    const { url } = await server.listen(0, '127.0.0.1');
    return { server, url };
  })();
  return started;
}

/** A workspace of its own and a key to it. */
async function workspace(): Promise<{ url: string; apiKey: string }> {
  const { server: s, url } = await server();
  return { url, apiKey: await s.admin.createApiKey(await s.admin.createWorkspace()) };
}

/** A REST adapter over a new, empty workspace (closed after the file). */
async function freshAdapter(options: Partial<RestAdapterOptions> = {}): Promise<StorageAdapter> {
  const { url, apiKey } = await workspace();
  const adapter = restAdapter({ baseUrl: url, apiKey, ...options });
  adapters.push(adapter);
  return adapter;
}

after(async () => {
  await Promise.all(adapters.map((a) => a.close?.()));
  if (started) await (await started).server.close();
});

adapterConformance({ describe, it }, { name: 'restAdapter (real server, PGlite)', create: () => freshAdapter() });

const at = '2026-01-01T00:00:00.000Z';
const contact = (n: number, fields: Record<string, unknown> = {}) => ({
  id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
  firstName: `First${n}`,
  emails: [],
  phones: [],
  lifecycleStage: 'lead' as const,
  tags: [],
  consent: [],
  customFields: {},
  createdAt: at,
  updatedAt: at,
  ...fields,
});

describe('restAdapter: optimistic transactions', () => {
  it('merges staged writes into query pages and counts, in order, across pages', async () => {
    const adapter = await freshAdapter();
    const contacts = adapter.collection('contacts');
    await contacts.bulkPut([1, 3, 5, 7].map((n) => contact(n, { lastName: `L${n}` })));
    await adapter.transaction(['contacts'], async (tx) => {
      const c = tx.collection('contacts');
      await c.put(contact(4, { lastName: 'L4' }));
      await c.put(contact(2, { lastName: 'L2' }));
      await c.delete(contact(3).id);
      await c.put(contact(7, { lastName: 'Z7' }));
      const first = await c.query({ orderBy: { field: 'lastName' }, limit: 3 });
      assert.deepEqual(first.items.map((r) => r.lastName), ['L1', 'L2', 'L4']);
      const second = await c.query({ orderBy: { field: 'lastName' }, limit: 3, cursor: first.nextCursor as string });
      assert.deepEqual(second.items.map((r) => r.lastName), ['L5', 'Z7']);
      assert.equal(second.nextCursor, undefined);
      assert.equal(await c.count(), 5);
      assert.equal(await c.count({ where: { lastName: { prefix: 'L' } } }), 4);
      assert.equal((await c.get(contact(7).id))?.version, 2, 'a staged update has the next version');
      assert.equal(await c.get(contact(3).id), undefined, 'a staged delete hides the record');
      assert.equal(await contacts.count(), 4, 'nothing reaches the server before the commit');
    });
    assert.deepEqual((await contacts.query({ orderBy: { field: 'lastName' } })).items.map((r) => [r.lastName, r.version]), [
      ['L1', 1],
      ['L2', 1],
      ['L4', 1],
      ['L5', 1],
      ['Z7', 2],
    ]);
  });

  it('pages through a query inside a transaction exactly as the memory adapter does', async () => {
    const names = ['Kim', 'Abe', 'Lee', 'Ng', 'Ito', 'Abe', 'Kim', 'Ota', 'Lee', 'Ng', 'Ru', 'Abe'];
    const seed = names.map((lastName, i) => contact(i + 1, { lastName }));
    /** The same writes in a transaction, then every page of the query, with page size `limit`. */
    const walk = async (adapter: StorageAdapter, limit: number, direction: 'asc' | 'desc') => {
      await adapter.collection('contacts').bulkPut(seed);
      let seen: string[] = [];
      await adapter
        .transaction(['contacts'], async (tx) => {
          const c = tx.collection('contacts');
          await c.put(contact(20, { lastName: 'Kim' }));
          await c.put(contact(21, { lastName: 'Aaa' }));
          await c.put(contact(3, { lastName: 'Zed' }));
          await c.delete(contact(5).id);
          await c.delete(contact(12).id);
          let cursor: string | undefined;
          do {
            const page = await c.query({ orderBy: { field: 'lastName', direction }, limit, ...(cursor ? { cursor } : {}) });
            // One entry per page, so that short pages show too.
            seen = [...seen, page.items.map((r) => `${String(r.lastName)}:${r.id.slice(-2)}`).join(' ')];
            cursor = page.nextCursor;
          } while (cursor);
          throw new Error('roll back');
        })
        .catch((error: unknown) => assert.equal((error as Error).message, 'roll back'));
      return seen;
    };
    for (const [limit, direction] of [[2, 'asc'], [3, 'desc'], [50, 'asc']] as const) {
      const expected = await walk(memoryAdapter(), limit, direction);
      assert.equal(expected.join(' ').split(' ').length, 12);
      assert.deepEqual(await walk(await freshAdapter(), limit, direction), expected, `limit ${limit}, ${direction}`);
    }
  });

  it('fails the commit, writing nothing, when another client changed a record it read', async () => {
    const adapter = await freshAdapter();
    const contacts = adapter.collection('contacts');
    await contacts.put(contact(1));
    const error = await adapter
      .transaction(['contacts'], async (tx) => {
        const c = tx.collection('contacts');
        await c.put(contact(2));
        const read = await c.get(contact(1).id);
        await contacts.put(contact(1, { lastName: 'Meanwhile' })); // another writer, outside the transaction
        await c.put(contact(1, { lastName: 'Mine' }), { expectedVersion: read?.version as number });
      })
      .catch((e: unknown) => e);
    assert.ok(isRapportError(error, 'conflict'), `expected a conflict, got ${String(error)}`);
    assert.equal((await contacts.get(contact(1).id))?.lastName, 'Meanwhile');
    assert.equal(await contacts.get(contact(2).id), undefined, 'the earlier write of the batch was not kept');
  });

  it('commits a transaction as one batch that listeners hear as one', async () => {
    const adapter = await freshAdapter();
    const batches: (readonly Change[])[] = [];
    const stop = adapter.changes((changes) => batches.push(changes));
    try {
      await adapter.transaction(['contacts'], async (tx) => {
        await tx.collection('contacts').bulkPut([contact(1), contact(2)]);
        await tx.collection('contacts').put(contact(1, { lastName: 'Again' }));
      });
      const deadline = Date.now() + 5000;
      while (batches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(batches.length, 1, 'one batch');
      // Like every store, the feed reports each record once per transaction, as committed.
      assert.deepEqual(batches[0]?.map((c) => [c.id, c.type === 'put' ? c.version : 0]).sort(), [
        [contact(1).id, 2],
        [contact(2).id, 1],
      ]);
    } finally {
      stop();
    }
  });
});

describe('restAdapter: the rest of its behaviour', () => {
  it('hears changes made by another client of the same workspace', async () => {
    const { url, apiKey } = await workspace();
    const [mine, theirs] = [restAdapter({ baseUrl: url, apiKey }), restAdapter({ baseUrl: url, apiKey })];
    adapters.push(mine, theirs);
    const seen: Change[] = [];
    const stop = mine.changes((changes) => seen.push(...changes));
    try {
      // A write of its own waits until its stream listens; the other client's write comes after.
      await mine.collection('contacts').put(contact(9));
      await theirs.collection('contacts').put(contact(1));
      const deadline = Date.now() + 5000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen.map((c) => [c.type, c.id]), [['put', contact(9).id], ['put', contact(1).id]]);
    } finally {
      stop();
    }
  });

  it('computes reports on the server, equal to runReport over the same records', async () => {
    const adapter = await freshAdapter();
    assert.equal(typeof adapter.computeReport, 'function');
    const crm = createCrm({ storage: adapter, clock: fixedClock('2026-03-01T09:00:00Z') });
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Won', kind: 'won' }] });
    await crm.deals.create({ title: 'A', amount: { minor: 500, currency: 'EUR' }, pipelineId: pipeline.id });
    const remote = await adapter.computeReport?.('pipelineSummary', { pipelineId: pipeline.id } as never);
    assert.ok(remote, 'the server computed it');
    assert.deepEqual(remote, await runReport(adapter, 'pipelineSummary', { pipelineId: pipeline.id } as never));
    assert.equal(await adapter.computeReport?.('noSuchReport' as never, {} as never), undefined, 'an unknown report is declined');
  });

  it('refuses a wrong key as unauthorized, and asks getToken for each request', async () => {
    const { url, apiKey } = await workspace();
    const wrong = restAdapter({ baseUrl: url, apiKey: 'rk_not-a-key' });
    adapters.push(wrong);
    await assert.rejects(wrong.collection('contacts').count(), (error) => isRapportError(error, 'unauthorized'));
    let asked = 0;
    const withToken = restAdapter({ baseUrl: url, getToken: async () => (asked++, apiKey) });
    adapters.push(withToken);
    await withToken.collection('contacts').count();
    await withToken.collection('contacts').count();
    assert.equal(asked, 2);
  });

  it('is unusable after close()', async () => {
    const adapter = await freshAdapter();
    await adapter.close?.();
    await assert.rejects(adapter.collection('contacts').get('x'), (error) => isRapportError(error, 'unavailable'));
    assert.throws(() => adapter.changes(() => undefined), (error) => isRapportError(error, 'unavailable'));
  });
});
