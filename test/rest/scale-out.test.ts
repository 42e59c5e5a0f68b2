/**
 * Two server processes on one PostgreSQL database behave as one server: a write through one
 * reaches a change stream opened on the other (LISTEN/NOTIFY), and writers split across both lose
 * no update. Neither process keeps state of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCrm, type Change } from '@rapport/core';
import { restAdapter } from '@rapport/adapters/rest';
import { createTestDatabase } from '../support/postgres.js';
import { provisionWorkspace, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { runWriters, seedDeals, storedVersions } from './concurrent-writers.js';

describe('two replicas on one PostgreSQL database', () => {
  let replicas: ServerProcess[] = [];
  let apiKey: string;
  let drop: (() => Promise<void>) | undefined;

  before(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    ({ apiKey } = await provisionWorkspace({ databaseUrl: database.url }));
    replicas = await Promise.all([startServerProcess({ DATABASE_URL: database.url }), startServerProcess({ DATABASE_URL: database.url })]);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await drop?.();
  });

  it('a write through one replica reaches the change stream of the other', { timeout: 30_000 }, async () => {
    const [a, b] = replicas as [ServerProcess, ServerProcess];
    const writer = createCrm({ storage: restAdapter({ baseUrl: a.url, apiKey }) });
    const reader = restAdapter({ baseUrl: b.url, apiKey });
    const seen: Change[] = [];
    const unsubscribe = reader.changes((batch) => seen.push(...batch));
    try {
      // A write through the reader waits until its stream is open, so after it nothing is missed.
      await createCrm({ storage: reader }).contacts.create({ firstName: 'Ready' });
      const contact = await writer.contacts.create({ firstName: 'Grace', lastName: 'Hopper' });
      const deadline = Date.now() + 10_000;
      while (!seen.some((c) => c.id === contact.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const change = seen.find((c) => c.id === contact.id);
      assert.ok(change, 'the change never reached the other replica');
      assert.equal(change.type, 'put');
      assert.equal(change.collection, 'contacts');
    } finally {
      unsubscribe();
      await reader.close?.();
      await writer.storage.close?.();
    }
  });

  it('20 clients split across both replicas update 5 deals for 4 s without losing an update', { timeout: 60_000 }, async (t) => {
    const urls = replicas.map((r) => r.url);
    const seeding = createCrm({ storage: restAdapter({ baseUrl: urls[0] as string, apiKey }) });
    const dealIds = await seedDeals(seeding, 5);
    await seeding.storage.close?.();

    const result = await runWriters({ urls, apiKey, dealIds, clients: 20, durationMs: 4_000 });
    const versions = await storedVersions(urls[1] as string, apiKey, dealIds);
    t.diagnostic(`${[...result.successes.values()].reduce((a, b) => a + b, 0)} updates landed, ${result.conflicts} refused with a conflict`);

    assert.deepEqual(result.skipped, []);
    assert.ok(result.conflicts > 0, 'the workload never contended');
    for (const id of dealIds) assert.equal(versions.get(id), 1 + (result.successes.get(id) ?? 0), `deal ${id}`);
  });
});
