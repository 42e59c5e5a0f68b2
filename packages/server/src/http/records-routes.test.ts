import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { company, contact, id, interaction, jsonOf, recordCount, startTestServer, type TestServer } from './test-server.test-support.js';

type Problem = { code: string; status: number; issues?: { path: (string | number)[]; message: string; code?: string }[]; [k: string]: unknown };

describe('record routes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.server.sql.query('DELETE FROM records');
  });

  describe('POST /v1/{c} (create)', () => {
    it('stores the record at version 1 and answers 201 with ETag and Location', async () => {
      const response = await t.request('/v1/contacts', { method: 'POST', json: { ...contact(1), version: 42 } });
      const stored = await jsonOf<Record<string, unknown>>(response, 201);
      assert.equal(stored.version, 1);
      assert.equal(stored.firstName, 'First1');
      assert.equal(response.headers.get('etag'), '"1"');
      assert.equal(response.headers.get('location'), `/v1/contacts/${id(1)}`);
      assert.deepEqual(await jsonOf(await t.request(`/v1/contacts/${id(1)}`), 200), stored);
    });

    it('makes a UUIDv7 id when the body has none', async () => {
      const { id: _drop, ...body } = contact(1);
      const stored = await jsonOf<{ id: string }>(await t.request('/v1/contacts', { method: 'POST', json: body }), 201);
      assert.match(stored.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await jsonOf(await t.request(`/v1/contacts/${stored.id}`), 200);
    });

    it('answers 409 conflict (reason version) when the id is taken, and keeps the first record', async () => {
      await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1) }), 201);
      const response = await t.request('/v1/contacts', { method: 'POST', json: contact(1, { firstName: 'Second' }) });
      const problem = await jsonOf<Problem>(response, 409);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(problem.code, 'conflict');
      assert.equal(problem.reason, 'version');
      assert.equal(problem.collection, 'contacts');
      const stored = await jsonOf<{ firstName: string; version: number }>(await t.request(`/v1/contacts/${id(1)}`), 200);
      assert.deepEqual([stored.firstName, stored.version], ['First1', 1]);
    });

    it('answers 400 naming every invalid and unknown field, and writes nothing', async () => {
      const response = await t.request('/v1/contacts', { method: 'POST', json: contact(1, { emails: ['not an email'], shoeSize: 44, isAdmin: true }) });
      const problem = await jsonOf<Problem>(response, 400);
      assert.equal(problem.code, 'validation');
      assert.equal(problem.type, 'urn:rapport:problem:validation');
      const paths = problem.issues!.map((issue) => issue.path.join('.'));
      assert.ok(paths.includes('emails.0'), paths.join());
      assert.ok(paths.includes('shoeSize'), paths.join());
      assert.ok(paths.includes('isAdmin'), paths.join());
      assert.equal(problem.issues!.find((issue) => issue.path[0] === 'shoeSize')!.code, 'unknown_field');
      assert.equal(await recordCount(t), 0);
    });

    it('refuses a body that is not a JSON object', async () => {
      for (const body of [[contact(1)], 'contact', 42, null]) {
        const problem = await jsonOf<Problem>(await t.request('/v1/contacts', { method: 'POST', json: body }), 400);
        assert.equal(problem.code, 'validation');
      }
      assert.equal(await recordCount(t), 0);
    });
  });

  describe('GET /v1/{c}/{id}', () => {
    it('answers 404 not_found for an absent record', async () => {
      const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(9)}`), 404);
      assert.deepEqual([problem.code, problem.collection, problem.id], ['not_found', 'contacts', id(9)]);
    });

    it('answers 304 to If-None-Match with the current ETag, and 200 after a change', async () => {
      await t.request('/v1/contacts', { method: 'POST', json: contact(1) });
      const notModified = await t.request(`/v1/contacts/${id(1)}`, { headers: { 'If-None-Match': '"1"' } });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.headers.get('etag'), '"1"');
      assert.equal(await notModified.text(), '');
      await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Lee' }) }), 200);
      const changed = await t.request(`/v1/contacts/${id(1)}`, { headers: { 'If-None-Match': '"1"' } });
      assert.equal((await jsonOf<{ lastName: string }>(changed, 200)).lastName, 'Lee');
      assert.equal(changed.headers.get('etag'), '"2"');
    });
  });

  describe('PUT /v1/{c}/{id}', () => {
    it('creates (201) then replaces (200) unconditionally, bumping the version', async () => {
      const created = await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1) });
      assert.equal((await jsonOf<{ version: number }>(created, 201)).version, 1);
      const replaced = await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Two' }) });
      assert.equal((await jsonOf<{ version: number }>(replaced, 200)).version, 2);
      assert.equal(replaced.headers.get('etag'), '"2"');
    });

    it('takes the id from the path and refuses a body id that differs', async () => {
      const { id: _drop, ...body } = contact(1);
      await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: body }), 201);
      const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(2)}`, { method: 'PUT', json: contact(3) }), 400);
      assert.deepEqual(problem.issues!.map((issue) => issue.path), [['id']]);
      assert.equal(await recordCount(t), 1);
    });

    it('writes with a matching If-Match and answers 412 with both versions on a stale one', async () => {
      await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1) });
      await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Two' }), headers: { 'If-Match': '"1"' } }), 200);
      const stale = await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Stale' }), headers: { 'If-Match': '"1"' } });
      const problem = await jsonOf<Problem>(stale, 412);
      assert.deepEqual([problem.code, problem.reason, problem.expectedVersion, problem.actualVersion], ['conflict', 'version', 1, 2]);
      assert.equal((await jsonOf<{ lastName: string }>(await t.request(`/v1/contacts/${id(1)}`), 200)).lastName, 'Two');
    });

    it('answers 404 to If-Match on an absent record, and writes nothing', async () => {
      const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1), headers: { 'If-Match': '"3"' } }), 404);
      assert.equal(problem.code, 'not_found');
      const star = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1), headers: { 'If-Match': '*' } }), 404);
      assert.equal(star.code, 'not_found');
      assert.equal(await recordCount(t), 0);
    });

    it('creates with If-None-Match: * and answers 412 when the record exists', async () => {
      await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1), headers: { 'If-None-Match': '*' } }), 201);
      const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'X' }), headers: { 'If-None-Match': '*' } }), 412);
      assert.deepEqual([problem.code, problem.reason, problem.expectedVersion, problem.actualVersion], ['conflict', 'version', 0, 1]);
    });

    it('refuses malformed preconditions by header name', async () => {
      const cases: Record<string, string>[] = [{ 'If-Match': 'three' }, { 'If-Match': '"1", "2"' }, { 'If-None-Match': '"1"' }, { 'If-Match': '"1"', 'If-None-Match': '*' }];
      for (const headers of cases) {
        const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1), headers }), 400);
        assert.match(String(problem.issues![0]!.path[0]), /^If-(None-)?Match$/);
      }
      assert.equal(await recordCount(t), 0);
    });

    it('answers 409 conflict (reason unique, field) for a taken unique value', async () => {
      await jsonOf(await t.request('/v1/companies', { method: 'POST', json: company(1, { domain: 'acme.com' }) }), 201);
      const problem = await jsonOf<Problem>(await t.request(`/v1/companies/${id(2)}`, { method: 'PUT', json: company(2, { domain: 'acme.com' }) }), 409);
      assert.deepEqual([problem.code, problem.reason, problem.field], ['conflict', 'unique', 'domain']);
      assert.equal(await recordCount(t, 'companies'), 1);
    });
  });

  describe('DELETE /v1/{c}/{id}', () => {
    it('deletes (204), then answers 404', async () => {
      await t.request('/v1/contacts', { method: 'POST', json: contact(1) });
      const deleted = await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE' });
      assert.equal(deleted.status, 204);
      assert.equal(await recordCount(t), 0);
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE' }), 404)).code, 'not_found');
    });

    it('honours If-Match: 412 on a stale version, 204 on the current one', async () => {
      await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1) });
      await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1) });
      const problem = await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE', headers: { 'If-Match': '"1"' } }), 412);
      assert.deepEqual([problem.expectedVersion, problem.actualVersion], [1, 2]);
      assert.equal(await recordCount(t), 1);
      assert.equal((await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE', headers: { 'If-Match': '"2"' } })).status, 204);
      assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts/${id(1)}`, { method: 'DELETE', headers: { 'If-Match': '"2"' } }), 404)).code, 'not_found');
    });
  });

  describe('reads of many records', () => {
    beforeEach(async () => {
      const ops = [1, 2, 3, 4, 5].map((n) => ({ op: 'put', collection: 'contacts', record: contact(n, { lastName: n % 2 ? 'Odd' : 'Even', tags: n === 1 ? ['vip'] : [] }) }));
      await jsonOf(await t.request('/v1/batch', { method: 'POST', json: { ops } }), 200);
    });

    it('POST /get answers the records in order, null where one is missing', async () => {
      const { items } = await jsonOf<{ items: ({ id: string } | null)[] }>(await t.request('/v1/contacts/get', { method: 'POST', json: { ids: [id(3), id(99), id(1)] } }), 200);
      assert.deepEqual(items.map((item) => item?.id ?? null), [id(3), null, id(1)]);
    });

    it('POST /get refuses more than 1,000 ids, ids that are not strings and unknown fields', async () => {
      const tooMany = Array.from({ length: 1001 }, (_, i) => id(i));
      assert.deepEqual((await jsonOf<Problem>(await t.request('/v1/contacts/get', { method: 'POST', json: { ids: tooMany } }), 400)).issues![0]!.path, ['ids']);
      assert.deepEqual((await jsonOf<Problem>(await t.request('/v1/contacts/get', { method: 'POST', json: { ids: [1] } }), 400)).issues![0]!.path, ['ids', 0]);
      assert.deepEqual((await jsonOf<Problem>(await t.request('/v1/contacts/get', { method: 'POST', json: { ids: [], more: 1 } }), 400)).issues![0]!.path, ['more']);
    });

    it('POST /query pages with the port query language', async () => {
      const first = await jsonOf<{ items: { id: string }[]; nextCursor?: string }>(
        await t.request('/v1/contacts/query', { method: 'POST', json: { where: { lastName: 'Odd' }, orderBy: { field: 'id', direction: 'desc' }, limit: 2 } }),
        200,
      );
      assert.deepEqual(first.items.map((item) => item.id), [id(5), id(3)]);
      assert.ok(first.nextCursor);
      const second = await jsonOf<{ items: { id: string }[]; nextCursor?: string }>(
        await t.request('/v1/contacts/query', { method: 'POST', json: { where: { lastName: 'Odd' }, orderBy: { field: 'id', direction: 'desc' }, limit: 2, cursor: first.nextCursor } }),
        200,
      );
      assert.deepEqual(second.items.map((item) => item.id), [id(1)]);
      assert.equal(second.nextCursor, undefined);
    });

    it('POST /query refuses unknown fields by name', async () => {
      const problem = await jsonOf<Problem>(await t.request('/v1/contacts/query', { method: 'POST', json: { where: { password: 'x' } } }), 400);
      assert.equal(problem.code, 'validation');
      assert.ok(problem.issues!.some((issue) => issue.path.includes('password')), JSON.stringify(problem.issues));
    });

    it('POST /count counts what matches', async () => {
      assert.deepEqual(await jsonOf(await t.request('/v1/contacts/count', { method: 'POST', json: { where: { lastName: 'Even' } } }), 200), { count: 2 });
      assert.deepEqual(await jsonOf(await t.request('/v1/contacts/count', { method: 'POST', json: {} }), 200), { count: 5 });
      assert.deepEqual(await jsonOf(await t.request('/v1/contacts/count', { method: 'POST', json: { where: { tags: 'vip' } } }), 200), { count: 1 });
    });

    it('GET /v1/{c} lists by id with cursor paging', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await jsonOf<{ items: { id: string }[]; nextCursor?: string }>(await t.request(`/v1/contacts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [1, 2, 3, 4, 5].map(id));
    });

    it('GET /v1/{c} refuses a bad limit and unknown parameters', async () => {
      for (const query of ['limit=0', 'limit=1001', 'limit=abc', 'sort=name']) {
        assert.equal((await jsonOf<Problem>(await t.request(`/v1/contacts?${query}`), 400)).code, 'validation');
      }
    });
  });

  it('validates each collection with its own schema', async () => {
    await jsonOf(await t.request('/v1/interactions', { method: 'POST', json: interaction(1) }), 201);
    const problem = await jsonOf<Problem>(await t.request('/v1/interactions', { method: 'POST', json: interaction(2, { type: 'telepathy' }) }), 400);
    assert.deepEqual(problem.issues!.map((issue) => issue.path), [['type']]);
  });

  it('answers unknown routes and collections with a 404 problem', async () => {
    for (const path of ['/v1/users', '/v2/contacts', '/nothing']) {
      const response = await t.request(path);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal((await response.json()).code, 'not_found');
    }
  });
});
