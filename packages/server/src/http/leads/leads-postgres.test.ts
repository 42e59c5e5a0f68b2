/**
 * The lead endpoint on a real PostgreSQL server, where transactions really run at once and
 * several server instances (replicas) share one database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../../../test/support/postgres.js';
import { createServer, type RapportServer } from '../../server.js';
import { formOrigin, leadBody, postLead, untilFreshWindow, writtenRows } from './leads.test-support.js';

/** A server instance on the shared database, listening on 127.0.0.1. */
async function replica(databaseUrl: string, leads: { perIpPerMinute: number; perKeyPerMinute: number }): Promise<{ server: RapportServer; url: string }> {
  const server = await createServer({ databaseUrl, log: false, leads });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url };
}

describe('POST /v1/leads on PostgreSQL with two server instances', () => {
  let database: { url: string; drop(): Promise<void> };
  const replicas: { server: RapportServer; url: string }[] = [];
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.server.close()));
    await database.drop();
  });

  it('turns 20 concurrent submissions of one new email, spread over both instances, into one contact', async () => {
    const [a, b] = [await replica(database.url, { perIpPerMinute: 1000, perKeyPerMinute: 1000 }), await replica(database.url, { perIpPerMinute: 1000, perKeyPerMinute: 1000 })];
    replicas.push(a, b);
    const workspaceId = await a.server.admin.createWorkspace('Concurrent');
    const key = await a.server.admin.createFormKey(workspaceId, { allowedOrigins: [formOrigin] });

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postLead(i % 2 ? a.url : b.url, { key, body: leadBody({ email: i % 3 ? 'rush@example.com' : 'RUSH@Example.com', firstName: `Try${i}` }) }),
      ),
    );
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { contactId?: string; created?: boolean } })));
    assert.deepEqual(bodies.map((r) => r.status), Array(20).fill(201), JSON.stringify(bodies.find((r) => r.status !== 201)));
    assert.equal(new Set(bodies.map((r) => r.body.contactId)).size, 1);
    assert.equal(bodies.filter((r) => r.body.created).length, 1);
    const rows = await writtenRows(a.server.sql, workspaceId);
    assert.equal(rows.contacts, 1);
    assert.equal(rows.interactions, 20);
  });

  it('shares the per-client counters between instances, so the limit holds across replicas', async () => {
    // Without trustProxy, X-Forwarded-For is ignored: every request comes from 127.0.0.1.
    const limits = { perIpPerMinute: 4, perKeyPerMinute: 1000 };
    const [a, b] = [await replica(database.url, limits), await replica(database.url, limits)];
    replicas.push(a, b);
    const workspaceId = await a.server.admin.createWorkspace('Limited');
    const key = await b.server.admin.createFormKey(workspaceId, { allowedOrigins: [formOrigin] });
    await untilFreshWindow(a.server.sql);
    await a.server.sql.query('DELETE FROM rate_limits');

    const send = (url: string, n: number) => postLead(url, { key, body: leadBody({ email: `limit${n}@example.com` }), headers: { 'X-Forwarded-For': `198.51.100.${n}` } });
    for (const [n, url] of [a.url, b.url, a.url, b.url].entries()) assert.equal((await send(url, n)).status, 201, `submission ${n}`);
    const before = await writtenRows(a.server.sql, workspaceId);
    for (const url of [a.url, b.url]) {
      const limited = await send(url, 9);
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
      const problem = (await limited.json()) as { code: string; retryAfter: number };
      assert.equal(problem.code, 'rate_limited');
      assert.equal(problem.retryAfter, retryAfter);
    }
    assert.deepEqual(await writtenRows(a.server.sql, workspaceId), before);
    // The state is in the database: one per-client counter, holding every hit, named by a hash.
    const counters = await b.server.sql.query<{ bucket: string; hits: number }>(`SELECT bucket, hits FROM rate_limits WHERE bucket LIKE 'lead-ip:%'`);
    assert.deepEqual(counters.map((c) => c.hits), [6]);
    assert.doesNotMatch(counters[0]!.bucket, /127\.0\.0\.1|198\.51/);
  });
});
