import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { contact, id, jsonOf, recordCount, startTestServer, type TestServer } from './test-server.test-support.js';

type Problem = { code: string; status: number; issues?: { path: (string | number)[] }[] };

describe('Idempotency-Key', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.server.sql.query('DELETE FROM records');
  });

  async function changesCount(): Promise<number> {
    const [row] = await t.server.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM changes');
    return row!.n;
  }

  it('replays the first response for a retry of the same create, writing once', async () => {
    const { id: _drop, ...body } = contact(1);
    const headers = { 'Idempotency-Key': 'create-ada-1' };
    const first = await t.request('/v1/contacts', { method: 'POST', json: body, headers });
    const created = await jsonOf<{ id: string }>(first, 201);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const changesAfterFirst = await changesCount();

    const retry = await t.request('/v1/contacts', { method: 'POST', json: body, headers });
    assert.deepEqual(await jsonOf(retry, 201), created);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(retry.headers.get('etag'), first.headers.get('etag'));
    assert.equal(retry.headers.get('location'), `/v1/contacts/${created.id}`);
    assert.equal(await recordCount(t), 1);
    assert.equal(await changesCount(), changesAfterFirst);
  });

  it('refuses the same key with another body with 422 naming Idempotency-Key, writing nothing', async () => {
    const headers = { 'Idempotency-Key': 'create-2' };
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers }), 201);
    const problem = await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', json: contact(2), headers }), 422);
    assert.equal(problem.code, 'validation');
    assert.deepEqual(problem.issues!.map((issue) => issue.path), [['Idempotency-Key']]);
    // The same key on another route is another request, too.
    const batch = await t.request('/v1/batch', { method: 'POST', json: { ops: [{ op: 'put', collection: 'contacts', record: contact(3) }] }, headers });
    assert.equal((await jsonOf<Problem>(batch, 422)).code, 'validation');
    assert.equal(await recordCount(t), 1);
  });

  it('keeps keys apart per workspace', async () => {
    const otherWorkspace = await t.server.admin.createWorkspace('Other');
    const otherKey = await t.server.admin.createApiKey(otherWorkspace);
    const headers = { 'Idempotency-Key': 'shared-key' };
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers }), 201);
    const other = await t.request('/v1/contacts', { method: 'POST', json: contact(2), headers, auth: otherKey });
    await jsonOf(other, 201);
    assert.equal(other.headers.get('idempotent-replayed'), null);
  });

  it('remembers nothing of a request that failed, so its retry runs', async () => {
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1) }), 201);
    const headers = { 'Idempotency-Key': 'after-conflict' };
    assert.equal((await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers }), 409)).code, 'conflict');
    await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE' });
    const retry = await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers });
    await jsonOf(retry, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
  });

  it('writes once when two requests with one key race', async () => {
    const { id: _drop, ...body } = contact(1);
    const headers = { 'Idempotency-Key': 'race' };
    const responses = await Promise.all([1, 2, 3, 4].map(() => t.request('/v1/contacts', { method: 'POST', json: body, headers })));
    const bodies = await Promise.all(responses.map((response) => jsonOf<{ id: string }>(response, 201)));
    assert.equal(new Set(bodies.map((b) => b.id)).size, 1);
    assert.equal(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true').length, 3);
    assert.equal(await recordCount(t), 1);
  });

  it('forgets keys after 24 hours', async () => {
    const headers = { 'Idempotency-Key': 'old-key' };
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers }), 201);
    await t.server.sql.query("UPDATE idempotency SET created_at = now() - interval '25 hours' WHERE key = 'old-key'");
    const fresh = await t.request('/v1/contacts', { method: 'POST', json: contact(2), headers });
    await jsonOf(fresh, 201);
    assert.equal(fresh.headers.get('idempotent-replayed'), null);
  });

  it('refuses a key that is empty, too long or not printable ASCII', async () => {
    for (const key of ['', 'x'.repeat(256), 'tab\there']) {
      const problem = await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers: { 'Idempotency-Key': key } }), 400);
      assert.deepEqual(problem.issues!.map((issue) => issue.path), [['Idempotency-Key']]);
    }
    assert.equal(await recordCount(t), 0);
  });
});
