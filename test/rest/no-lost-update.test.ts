/**
 * 50 clients update the same 20 deals for 10 s through the REST adapter and the server on a real
 * PostgreSQL server (and, shorter, on PGlite): no update is lost. Each deal's final version is 1
 * (its create) plus the number of updates that succeeded on it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCrm } from '@rapport/core';
import { restAdapter } from '@rapport/adapters/rest';
import { createServer, type RapportServer } from '../../packages/server/src/server.js';
import { createTestDatabase } from '../support/postgres.js';
import { runWriters, seedDeals, storedVersions } from './concurrent-writers.js';

for (const store of ['postgres', 'pglite'] as const) {
  describe(`no lost update under contention (${store})`, () => {
    const durationMs = store === 'postgres' ? 10_000 : 3_000;
    let server: RapportServer;
    let url: string;
    let apiKey: string;
    let drop: (() => Promise<void>) | undefined;

    before(async () => {
      const database = store === 'postgres' ? await createTestDatabase() : undefined;
      drop = database?.drop;
      server = await createServer({ ...(database ? { databaseUrl: database.url } : {}), log: false });
      ({ url } = await server.listen(0));
      apiKey = await server.admin.createApiKey(await server.admin.createWorkspace());
    });
    after(async () => {
      await server?.close();
      await drop?.();
    });

    it(`50 clients × 20 deals for ${durationMs / 1000} s: every write lands on the next version or conflicts`, { timeout: durationMs + 60_000 }, async (t) => {
      const seeding = createCrm({ storage: restAdapter({ baseUrl: url, apiKey }) });
      const dealIds = await seedDeals(seeding, 20);
      await seeding.storage.close?.();

      const result = await runWriters({ urls: [url], apiKey, dealIds, clients: 50, durationMs });
      const versions = await storedVersions(url, apiKey, dealIds);
      t.diagnostic(`${[...result.successes.values()].reduce((a, b) => a + b, 0)} updates landed, ${result.conflicts} refused with a conflict`);

      assert.deepEqual(result.skipped, [], 'a write skipped a version');
      const total = [...result.successes.values()].reduce((a, b) => a + b, 0);
      assert.ok(total > 20, `only ${total} writes succeeded`);
      assert.ok(result.conflicts > 0, 'the workload never contended');
      for (const id of dealIds) assert.equal(versions.get(id), 1 + (result.successes.get(id) ?? 0), `deal ${id}: final version vs successful writes`);
    });
  });
}
