import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contact, jsonOf, startTestServer, type TestServer } from './test-server.test-support.js';

describe('private API CORS', () => {
  let t: TestServer;
  const allowed = 'https://crm.example.com';
  before(async () => {
    t = await startTestServer({ corsOrigins: [allowed] });
  });
  after(() => t.close());

  const preflight = (origin: string, path = '/v1/contacts') =>
    fetch(`${t.url}${path}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, content-type, if-match' } });

  it('answers a preflight from an allowed origin with what it may send and read', async () => {
    const response = await preflight(allowed, '/v1/contacts/01900000-0000-7000-8000-000000000001');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), allowed);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /PUT/);
    const allowHeaders = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'last-event-id']) assert.ok(allowHeaders.includes(header), header);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  it('refuses a preflight from another origin with 403 and no CORS headers', async () => {
    const response = await preflight('https://evil.example');
    assert.equal(response.status, 403);
    assert.equal((await response.json()).code, 'unauthorized');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('lets an allowed origin read responses and their headers', async () => {
    const response = await t.request('/v1/contacts', { method: 'POST', json: contact(1), headers: { Origin: allowed } });
    await jsonOf(response, 201);
    assert.equal(response.headers.get('access-control-allow-origin'), allowed);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const header of ['etag', 'location', 'retry-after', 'idempotent-replayed', 'x-request-id']) assert.ok(exposed.includes(header), header);
    const refused = await t.request('/v1/contacts', { headers: { Origin: allowed }, auth: false });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-allow-origin'), allowed, 'problems are readable too');
  });

  it('adds no CORS headers for another origin', async () => {
    const response = await t.request('/v1/contacts', { headers: { Origin: 'https://evil.example' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-expose-headers'), null);
  });

  it('leaves the lead endpoint to answer its own preflight', async () => {
    const response = await fetch(`${t.url}/v1/leads`, { method: 'OPTIONS', headers: { Origin: 'https://any.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(response.status, 204);
    assert.ok(['*', 'https://any.example'].includes(response.headers.get('access-control-allow-origin') ?? ''));
    assert.doesNotMatch(response.headers.get('access-control-allow-methods') ?? '', /PUT|DELETE/);
  });
});
