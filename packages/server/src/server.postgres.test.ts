/**
 * A smoke set against a real PostgreSQL server: what PGlite cannot show (a connection pool, real
 * concurrency, LISTEN/NOTIFY across connections) on the routes that depend on it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/support/postgres.js';
import { SseReader, company, contact, id, jsonOf, recordCount, startTestServer, type TestServer } from './http/test-server.test-support.js';

describe('server on PostgreSQL', () => {
  let t: TestServer;
  let database: { url: string; drop(): Promise<void> };
  before(async () => {
    database = await createTestDatabase();
    t = await startTestServer({ databaseUrl: database.url });
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  it('authenticates, writes, reads with ETag and refuses a stale If-Match', async () => {
    assert.equal((await t.request('/v1/contacts', { auth: `rk_${'A'.repeat(43)}` })).status, 401);
    const created = await t.request('/v1/contacts', { method: 'POST', json: contact(1) });
    await jsonOf(created, 201);
    assert.equal((await t.request(`/v1/contacts/${id(1)}`, { headers: { 'If-None-Match': created.headers.get('etag')! } })).status, 304);
    await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Lee' }), headers: { 'If-Match': '"1"' } }), 200);
    const stale = await jsonOf<{ code: string; actualVersion: number }>(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1), headers: { 'If-Match': '"1"' } }), 412);
    assert.deepEqual([stale.code, stale.actualVersion], ['conflict', 2]);
  });

  it('rolls a failed batch back and names the op', async () => {
    await jsonOf(await t.request('/v1/companies', { method: 'POST', json: company(10, { domain: 'acme.com' }) }), 201);
    const problem = await jsonOf<{ opIndex: number; reason: string }>(
      await t.request('/v1/batch', { method: 'POST', json: { ops: [{ op: 'put', collection: 'contacts', record: contact(11) }, { op: 'put', collection: 'companies', record: company(12, { domain: 'acme.com' }) }] } }),
      409,
    );
    assert.deepEqual([problem.opIndex, problem.reason], [1, 'unique']);
    assert.equal((await t.request(`/v1/contacts/${id(11)}`)).status, 404);
  });

  it('writes once when concurrent requests share an Idempotency-Key', async () => {
    const { id: _drop, ...body } = contact(20, { lastName: 'Racer' });
    const before = await recordCount(t, 'contacts');
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.request('/v1/contacts', { method: 'POST', json: body, headers: { 'Idempotency-Key': 'pg-race' } })));
    const bodies = await Promise.all(responses.map((response) => jsonOf<{ id: string }>(response, 201)));
    assert.equal(new Set(bodies.map((b) => b.id)).size, 1);
    assert.equal(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true').length, 7);
    assert.equal(await recordCount(t, 'contacts'), before + 1);
  });

  it('pushes a write to an open change stream and pages the feed', async () => {
    const events = new SseReader(await t.request('/v1/changes/stream'));
    const ready = await events.next();
    assert.equal(ready?.event, 'ready');
    const { cursor } = JSON.parse(ready!.data) as { cursor: string };
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(30) }), 201);
    const pushed = await events.next();
    assert.equal(pushed?.event, 'changes');
    assert.deepEqual((JSON.parse(pushed!.data) as { changes: { id: string }[] }).changes.map((c) => c.id), [id(30)]);
    await events.cancel();
    const page = await jsonOf<{ changes: { id: string }[]; cursor: string }>(await t.request(`/v1/changes?since=${cursor}`), 200);
    assert.deepEqual(page.changes.map((c) => c.id), [id(30)]);
    assert.equal(page.cursor, pushed!.id);
  });

  it('runs a report and answers /readyz', async () => {
    const result = await jsonOf<{ total: number }>(await t.request('/v1/reports/salesCycle'), 200);
    assert.ok(result && typeof result === 'object');
    assert.deepEqual(await jsonOf(await t.request('/readyz', { auth: false }), 200), { ok: true });
  });
});
