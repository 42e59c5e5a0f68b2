import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { company, contact, id, interaction, jsonOf, recordCount, startTestServer, type TestServer } from './test-server.test-support.js';

type Problem = { code: string; status: number; opIndex?: number; reason?: string; issues?: { path: (string | number)[] }[] };

describe('POST /v1/batch', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.server.sql.query('DELETE FROM records');
  });

  const batch = (ops: unknown[], headers?: Record<string, string>) => t.request('/v1/batch', { method: 'POST', json: { ops }, ...(headers ? { headers } : {}) });

  it('applies puts and deletes across collections and answers one result per op', async () => {
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(9) }), 201);
    const { results } = await jsonOf<{ results: ({ record: { id: string; version: number } } | { deleted: boolean })[] }>(
      await batch([
        { op: 'put', collection: 'contacts', record: contact(1) },
        { op: 'put', collection: 'interactions', record: interaction(2) },
        { op: 'delete', collection: 'contacts', id: id(9), expectedVersion: 1 },
        { op: 'delete', collection: 'contacts', id: id(99) },
        { op: 'put', collection: 'contacts', record: contact(1, { lastName: 'Again' }), expectedVersion: 1 },
      ]),
      200,
    );
    assert.deepEqual(results, [
      { record: (results[0] as { record: unknown }).record },
      { record: (results[1] as { record: unknown }).record },
      { deleted: true },
      { deleted: false },
      { record: (results[4] as { record: unknown }).record },
    ]);
    assert.equal((results[4] as { record: { version: number } }).record.version, 2);
    assert.equal(await recordCount(t, 'contacts'), 1);
    assert.equal(await recordCount(t, 'interactions'), 1);
  });

  it('rolls everything back when an op conflicts, and names the op', async () => {
    await jsonOf(await t.request('/v1/companies', { method: 'POST', json: company(1, { domain: 'acme.com' }) }), 201);
    const problem = await jsonOf<Problem>(
      await batch([
        { op: 'put', collection: 'contacts', record: contact(2) },
        { op: 'delete', collection: 'companies', id: id(1) },
        { op: 'put', collection: 'contacts', record: contact(3), expectedVersion: 4 },
      ]),
      404,
    );
    assert.deepEqual([problem.code, problem.opIndex], ['not_found', 2]);
    const conflict = await jsonOf<Problem>(
      await batch([
        { op: 'put', collection: 'contacts', record: contact(2) },
        { op: 'put', collection: 'companies', record: company(3, { domain: 'acme.com' }) },
      ]),
      409,
    );
    assert.deepEqual([conflict.code, conflict.reason, conflict.opIndex], ['conflict', 'unique', 1]);
    assert.equal(await recordCount(t, 'contacts'), 0);
    assert.equal(await recordCount(t, 'companies'), 1);
  });

  it('reports a failed batch nowhere in the change feed', async () => {
    const [before] = await t.server.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM changes');
    await jsonOf(await batch([{ op: 'put', collection: 'contacts', record: contact(2) }, { op: 'put', collection: 'contacts', record: contact(2), expectedVersion: 0 }]), 409);
    const [afterwards] = await t.server.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM changes');
    assert.equal(afterwards!.n, before!.n);
  });

  it('validates every op before writing, naming the op and the field', async () => {
    const problem = await jsonOf<Problem>(
      await batch([
        { op: 'put', collection: 'contacts', record: contact(1) },
        { op: 'put', collection: 'contacts', record: contact(2, { emails: ['nope'], extra: 1 }) },
      ]),
      400,
    );
    assert.equal(problem.opIndex, 1);
    const paths = problem.issues!.map((issue) => issue.path.join('.'));
    assert.ok(paths.includes('ops.1.record.emails.0') && paths.includes('ops.1.record.extra'), paths.join());
    for (const [op, path] of [
      [{ op: 'upsert', collection: 'contacts' }, 'ops.0.op'],
      [{ op: 'put', collection: 'users', record: contact(1) }, 'ops.0.collection'],
      [{ op: 'delete', collection: 'contacts' }, 'ops.0.id'],
      [{ op: 'delete', collection: 'contacts', id: id(1), expectedVersion: -1 }, 'ops.0.expectedVersion'],
      [{ op: 'delete', collection: 'contacts', id: id(1), record: {} }, 'ops.0.record'],
    ] as const) {
      const refused = await jsonOf<Problem>(await batch([op]), 400);
      assert.equal(refused.opIndex, 0);
      assert.ok(refused.issues!.some((issue) => issue.path.join('.') === path), `${path}: ${JSON.stringify(refused.issues)}`);
    }
    assert.equal((await jsonOf<Problem>(await t.request('/v1/batch', { method: 'POST', json: { ops: 'all' } }), 400)).code, 'validation');
    assert.equal((await jsonOf<Problem>(await t.request('/v1/batch', { method: 'POST', json: { ops: [], atomic: false } }), 400)).code, 'validation');
    assert.equal(await recordCount(t), 0);
  });

  it('refuses more than 1,000 ops', async () => {
    const ops = Array.from({ length: 1001 }, (_, n) => ({ op: 'delete', collection: 'contacts', id: id(n) }));
    const problem = await jsonOf<Problem>(await batch(ops), 400);
    assert.deepEqual(problem.issues![0]!.path, ['ops']);
  });

  it('takes an Idempotency-Key', async () => {
    const ops = [{ op: 'put', collection: 'contacts', record: contact(1) }];
    const first = await jsonOf(await batch(ops, { 'Idempotency-Key': 'batch-1' }), 200);
    const retry = await batch(ops, { 'Idempotency-Key': 'batch-1' });
    assert.deepEqual(await jsonOf(retry, 200), first);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal((await jsonOf<{ version: number }>(await t.request(`/v1/contacts/${id(1)}`), 200)).version, 1);
  });
});
