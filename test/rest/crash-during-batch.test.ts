/**
 * A server killed (SIGKILL) while a batch is being written: after a restart the batch is there
 * wholly or not at all. Killed mid-transaction, PostgreSQL rolls the batch back; killed after the
 * commit, all of it is there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../support/postgres.js';
import { provisionWorkspace, startServerProcess } from '../support/server-process.js';

const batchSize = 1_000;

function batchBody(marker: string) {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    ops: Array.from({ length: batchSize }, (_, i) => ({
      op: 'put',
      collection: 'contacts',
      record: { id: crypto.randomUUID(), firstName: `${marker}-${i}`, emails: [], phones: [], lifecycleStage: 'lead', tags: [marker], consent: [], customFields: {}, createdAt: at, updatedAt: at },
    })),
  };
}

describe('server killed during a batch (PostgreSQL)', () => {
  let databaseUrl: string;
  let apiKey: string;
  let drop: (() => Promise<void>) | undefined;
  let admin: pg.Client;

  before(async () => {
    const database = await createTestDatabase();
    ({ url: databaseUrl, drop } = database);
    ({ apiKey } = await provisionWorkspace({ databaseUrl }));
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    await drop?.();
  });

  /** Rows of the batch tagged `marker`, counted straight from the database. */
  const stored = async (marker: string) =>
    Number((await admin.query(`SELECT count(*) AS n FROM records WHERE collection = 'contacts' AND data->'tags' ? $1`, [marker])).rows[0].n);

  for (const moment of ['mid-transaction', 'just after sending'] as const) {
    it(`killed ${moment}: all or nothing after the restart`, { timeout: 60_000 }, async (t) => {
      const marker = `batch-${moment.replace(/\W/g, '')}`;
      const server = await startServerProcess({ DATABASE_URL: databaseUrl });
      const request = fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(batchBody(marker)),
      }).then(
        (response) => response.status,
        () => 'connection lost' as const,
      );
      if (moment === 'mid-transaction') {
        // Wait until the server's transaction is open and writing, then kill it.
        const deadline = Date.now() + 20_000;
        for (;;) {
          const { rows } = await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`);
          if (Number(rows[0].n) > 0) break;
          assert.ok(Date.now() < deadline, 'the batch never started');
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      await server.stop('SIGKILL');
      const outcome = await request;

      const restarted = await startServerProcess({ DATABASE_URL: databaseUrl });
      try {
        const response = await fetch(`${restarted.url}/v1/contacts/query`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ where: { tags: marker }, limit: 1 }),
        });
        assert.equal(response.status, 200, 'the restarted server answers');
        const count = await stored(marker);
        t.diagnostic(`client saw: ${outcome}; rows stored: ${count}`);
        assert.ok(count === 0 || count === batchSize, `${count} of ${batchSize} rows of one batch are stored`);
        if (outcome === 200) assert.equal(count, batchSize, 'a batch the client saw succeed is all there');
        if (moment === 'mid-transaction') assert.equal(count, 0, 'killed mid-transaction, nothing is kept');
        const orphans = Number((await admin.query(`SELECT count(*) AS n FROM changes WHERE collection = 'contacts' AND record->'tags' ? $1`, [marker])).rows[0].n);
        assert.equal(orphans, count, 'the change feed matches what is stored');
      } finally {
        await restarted.stop();
      }
    });
  }
});
