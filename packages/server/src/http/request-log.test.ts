import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contact, id, jsonOf, startTestServer, type TestServer } from './test-server.test-support.js';

describe('request log', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('writes one line per request with the route pattern, status, time, request id and workspace', async () => {
    t.logs.length = 0;
    const response = await t.request(`/v1/contacts/${id(1)}`, { headers: { 'X-Request-Id': 'req-123' } });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-request-id'), 'req-123');
    assert.equal(t.logs.length, 1);
    const [line] = t.logs;
    assert.deepEqual(
      { ...line, time: undefined, ms: undefined },
      { time: undefined, ms: undefined, level: 'info', msg: 'request', method: 'GET', route: '/v1/:collection/:id', status: 404, requestId: 'req-123', workspace: t.workspaceId },
    );
    assert.equal(typeof line!.ms, 'number');
    assert.ok(!Number.isNaN(Date.parse(String(line!.time))));
  });

  it('makes a request id when the caller sends none or a suspicious one', async () => {
    const cases: Record<string, string>[] = [{}, { 'X-Request-Id': 'has spaces and "quotes"' }];
    for (const headers of cases) {
      const response = await t.request('/healthz', { headers });
      assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    }
  });

  it('never logs bodies, emails, names, keys, query strings or addresses', async () => {
    t.logs.length = 0;
    const secret = { firstName: 'Zebulon', lastName: 'Quixote', emails: ['zebulon.quixote@example.com'] };
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(2, secret) }), 201);
    await jsonOf(await t.request('/v1/contacts/query', { method: 'POST', json: { search: 'Zebulon', where: { emails: 'zebulon.quixote@example.com' } } }), 200);
    await jsonOf(await t.request('/v1/contacts?limit=5&cursor=zebulon'), 400);
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: { ...contact(3, secret), emails: ['not-an-email-zebulon'] } }), 400);
    await t.request('/v1/contacts', { auth: 'rk_forged-zebulon' });
    await t.request('/v1/nothing/zebulon?email=zebulon.quixote@example.com');
    assert.equal(t.logs.length, 6);
    const text = JSON.stringify(t.logs);
    for (const needle of ['Zebulon', 'zebulon', 'Quixote', 'example.com', t.key, 'rk_', '?email', 'limit=', 'cursor', '127.0.0.1', id(2)]) assert.ok(!text.includes(needle), `log holds ${needle}: ${text}`);
    assert.deepEqual(
      t.logs.map((line) => [line.route, line.status]),
      [
        ['/v1/:collection', 201],
        ['/v1/:collection/query', 200],
        ['/v1/:collection', 400],
        ['/v1/:collection', 400],
        ['/v1/:collection/*', 401],
        ['unmatched', 404],
      ],
    );
  });

  it('reports an unexpected failure as a bare 500 and logs no message', async () => {
    t.logs.length = 0;
    // A broken schema is a realistic unexpected failure: rename the idempotency table away for a moment.
    await t.server.sql.query('ALTER TABLE idempotency RENAME TO idempotency_away');
    try {
      const response = await t.request('/v1/contacts', { method: 'POST', json: contact(9), headers: { 'Idempotency-Key': 'k' } });
      const problem = await jsonOf<Record<string, unknown>>(response, 500);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(Object.keys(problem).sort(), ['code', 'detail', 'status', 'title', 'type']);
      assert.doesNotMatch(JSON.stringify(problem), /idempotency|relation|INSERT/i);
    } finally {
      await t.server.sql.query('ALTER TABLE idempotency_away RENAME TO idempotency');
    }
    const error = t.logs.find((line) => line.msg === 'unhandled error');
    assert.ok(error, JSON.stringify(t.logs));
    assert.doesNotMatch(JSON.stringify(error), /idempotency_away|does not exist/);
    assert.equal((await jsonOf<{ count: number }>(await t.request('/v1/contacts/count', { method: 'POST', json: { where: { id: id(9) } } }), 200)).count, 0);
    assert.equal(t.logs.find((line) => line.msg === 'request')?.level, 'error');
  });
});
