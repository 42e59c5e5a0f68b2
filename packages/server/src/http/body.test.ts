import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { contact, id, jsonOf, recordCount, startTestServer, type TestServer } from './test-server.test-support.js';

type Problem = { code: string; status: number; detail: string; issues?: { path: (string | number)[] }[] };

/** Sends a raw HTTP/1.1 request, for what fetch will not send (a lying Content-Length). */
function rawRequest(url: string, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = httpRequest({ host: target.hostname, port: target.port, method: options.method, path: target.pathname, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('request bodies and hostile input', () => {
  let t: TestServer;
  const limit = 4096;
  before(async () => {
    t = await startTestServer({ bodyLimit: limit });
  });
  after(() => t.close());

  it('answers malformed JSON with a 400 problem that does not quote the body', async () => {
    const response = await t.request('/v1/contacts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"firstName": "Ada", "emails": ["ada@example.com"' });
    const problem = await jsonOf<Problem>(response, 400);
    assert.equal(problem.code, 'validation');
    assert.doesNotMatch(JSON.stringify(problem), /ada@example\.com|Ada/);
    assert.equal(await recordCount(t), 0);
  });

  it('answers a body that is not UTF-8 with a 400 problem', async () => {
    const response = await t.request('/v1/contacts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    assert.equal((await jsonOf<Problem>(response, 400)).code, 'validation');
  });

  it('answers a wrong content type with 415, whatever the body', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x']) {
      const response = await t.request('/v1/contacts', { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify(contact(1)) });
      const problem = await jsonOf<Problem>(response, 415);
      assert.equal(problem.code, 'validation');
      assert.deepEqual(problem.issues![0]!.path, ['Content-Type']);
    }
    const untyped = await fetch(`${t.url}/v1/contacts`, { method: 'POST', headers: { Authorization: `Bearer ${t.key}` }, body: new Blob([JSON.stringify(contact(1))]) });
    assert.equal(untyped.status, 415);
    assert.equal(await recordCount(t), 0);
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers: { 'Content-Type': 'application/json; charset=UTF-8' } }), 201);
    await t.server.sql.query('DELETE FROM records');
  });

  it('answers a body over the limit with 413, by Content-Length', async () => {
    const big = JSON.stringify(contact(1, { customFields: { notes: 'x'.repeat(limit) } }));
    const problem = await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big }), 413);
    assert.equal(problem.code, 'validation');
    assert.equal(problem.status, 413);
    assert.equal(await recordCount(t), 0);
  });

  it('answers a streamed body (no Content-Length) with 413 once it passes the limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(JSON.stringify(contact(1)).slice(0, -1)));
        if (sent++ < 16) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('}'));
          controller.close();
        }
      },
    });
    const response = await fetch(`${t.url}/v1/contacts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.key}`, 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.equal((await response.json()).code, 'validation');
    assert.equal(await recordCount(t), 0);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { status, body } = await rawRequest(t.url, {
      method: 'POST',
      path: '/v1/contacts',
      headers: { Authorization: `Bearer ${t.key}`, 'Content-Type': 'application/json', 'Content-Length': String(limit + 1), Connection: 'close' },
    });
    assert.equal(status, 413);
    assert.equal(JSON.parse(body).code, 'validation');
  });

  it('keeps SQL fragments in ids and query values inert', async () => {
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1, { lastName: 'Lee' }) }), 201);
    const fragments = ["' OR '1'='1", "'; DROP TABLE records; --", '") OR 1=1 --', "1; DELETE FROM api_keys WHERE '1'='1"];
    for (const fragment of fragments) {
      const encoded = encodeURIComponent(fragment);
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts/${encoded}`), 404)).code, 'not_found');
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts/${encoded}`, { method: 'DELETE' }), 404)).code, 'not_found');
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts/${encoded}`, { method: 'PUT', json: contact(2) }), 400)).code, 'validation');
      assert.equal((await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', json: contact(2, { id: fragment }) }), 400)).code, 'validation');
      const page = await jsonOf<{ items: unknown[] }>(await t.request('/v1/contacts/query', { method: 'POST', json: { where: { lastName: fragment } } }), 200);
      assert.deepEqual(page.items, []);
      const prefix = await jsonOf<{ items: unknown[] }>(await t.request('/v1/contacts/query', { method: 'POST', json: { where: { lastName: { prefix: fragment } }, search: fragment } }), 200);
      assert.deepEqual(prefix.items, []);
      const { items } = await jsonOf<{ items: unknown[] }>(await t.request('/v1/contacts/get', { method: 'POST', json: { ids: [fragment, id(1)] } }), 200);
      assert.equal(items[0], null);
      assert.notEqual(items[1], null);
      // A field name is checked against the declared fields, never spliced into SQL.
      assert.equal((await jsonOf<Problem>(await t.request('/v1/contacts/query', { method: 'POST', json: { where: { [fragment]: 'x' } } }), 400)).code, 'validation');
      assert.equal((await jsonOf<Problem>(await t.request('/v1/contacts/query', { method: 'POST', json: { orderBy: { field: fragment } } }), 400)).code, 'validation');
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts?cursor=${encoded}`), 400)).code, 'validation');
    }
    assert.equal(await recordCount(t), 1);
    const [keys] = await t.server.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
    assert.equal(keys!.n, 1);
    await jsonOf(await t.request(`/v1/contacts/${id(1)}`), 200);
  });
});
