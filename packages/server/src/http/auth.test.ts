import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contact, jsonOf, recordCount, startTestServer, type TestServer } from './test-server.test-support.js';

describe('private API authentication', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  async function assertRefused(response: Response): Promise<void> {
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    const problem = await response.json();
    assert.equal(problem.code, 'unauthorized');
    assert.equal(problem.type, 'urn:rapport:problem:unauthorized');
    assert.equal(problem.status, 401);
  }

  const forged = `rk_${'A'.repeat(43)}`;
  const cases: [string, string | false][] = [
    ['a missing key', false],
    ['a malformed key', 'not-a-key'],
    ['a key of the wrong shape', 'rk_short'],
    ['a forged key of the right shape', forged],
  ];
  for (const [what, auth] of cases) {
    it(`refuses ${what} with a 401 problem and writes nothing`, async () => {
      await assertRefused(await t.request('/v1/contacts', { method: 'POST', json: contact(1), auth }));
      await assertRefused(await t.request('/v1/contacts', { auth }));
      assert.equal(await recordCount(t), 0);
    });
  }

  it('refuses a key sent without the Bearer scheme', async () => {
    await assertRefused(await t.request('/v1/contacts', { headers: { Authorization: t.key } }));
    await assertRefused(await t.request('/v1/contacts', { headers: { Authorization: `Basic ${t.key}` } }));
  });

  it('accepts a live key and refuses it once revoked', async () => {
    const key = await t.server.admin.createApiKey(t.workspaceId, 'short-lived');
    await jsonOf(await t.request('/v1/contacts', { auth: key }), 200);
    await t.server.admin.revokeApiKey(key);
    await assertRefused(await t.request('/v1/contacts', { method: 'POST', json: contact(2), auth: key }));
    assert.equal(await recordCount(t), 0);
    // Other keys of the workspace keep working.
    await jsonOf(await t.request('/v1/contacts'), 200);
  });

  it('guards every private route family', async () => {
    for (const [method, path] of [
      ['GET', '/v1/deals'],
      ['GET', `/v1/contacts/${contact(1).id}`],
      ['POST', '/v1/batch'],
      ['GET', '/v1/changes'],
      ['GET', '/v1/changes/stream'],
      ['GET', '/v1/reports/winRate'],
    ] as const) {
      await assertRefused(await t.request(path, { method, auth: false }));
    }
  });

  it('scopes every key to its own workspace', async () => {
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(3) }), 201);
    const otherWorkspace = await t.server.admin.createWorkspace('Other');
    const otherKey = await t.server.admin.createApiKey(otherWorkspace);
    const page = await jsonOf<{ items: unknown[] }>(await t.request('/v1/contacts', { auth: otherKey }), 200);
    assert.deepEqual(page.items, []);
    await jsonOf(await t.request(`/v1/contacts/${contact(3).id}`, { auth: otherKey }), 404);
    await jsonOf(await t.request(`/v1/contacts/${contact(3).id}`), 200);
  });

  it('leaves the health check open', async () => {
    assert.deepEqual(await jsonOf(await t.request('/healthz', { auth: false }), 200), { ok: true });
  });
});
