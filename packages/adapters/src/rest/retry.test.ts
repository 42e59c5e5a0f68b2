import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isRapportError, RateLimitedError } from '@rapport/core';
import { httpClient } from './http-client.js';
import { backoffDelay, isRepeatable, parseRetryAfter, retryPolicy } from './retry.js';
import { json, problem, scriptedServer, type Script, type ScriptedServer } from './scripted-server.test-support.js';

const servers: ScriptedServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A scripted server and a client of it with quick backoff. */
async function setup(script: Script, retry: Parameters<typeof httpClient>[0]['retry'] = { limit: 3, baseDelayMs: 20, maxDelayMs: 5000 }) {
  const server = await scriptedServer(script);
  servers.push(server);
  return { server, client: httpClient({ baseUrl: server.url, apiKey: 'rk_test', retry, timeout: 2000 }) };
}

const unavailable = (response: Parameters<Script>[1], headers: Record<string, string> = {}) => problem(response, 503, { code: 'unavailable', title: 'Service unavailable', detail: 'Busy' }, headers);

describe('retries against a real HTTP server', () => {
  it('retries a GET after a 503 and resolves the 200 that follows', async () => {
    const { server, client } = await setup((_, res, n) => (n === 0 ? unavailable(res) : json(res, 200, { id: 'a', version: 1 })));
    const { body } = await client.request<{ id: string }>({ method: 'GET', path: 'contacts/a' });
    assert.equal(body.id, 'a');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1]?.headers.authorization, 'Bearer rk_test', 'credentials on the retry too');
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const { server, client } = await setup((_, res, n) =>
      n === 0 ? problem(res, 429, { code: 'rate_limited', detail: 'Slow down', retryAfter: 1 }, { 'retry-after': '1' }) : json(res, 200, { count: 3 }),
    );
    const { body } = await client.request<{ count: number }>({ method: 'POST', path: 'contacts/count', json: {} });
    assert.equal(body.count, 3);
    const [first, second] = server.requests;
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 950, `waited ${Math.round(second.at - first.at)} ms`);
  });

  it('retries a GET whose connection was dropped without an answer', async () => {
    const { server, client } = await setup((req, res, n) => (n === 0 ? res.socket?.destroy() : json(res, 200, { items: [] })));
    const { body } = await client.request<{ items: unknown[] }>({ method: 'POST', path: 'deals/query', json: {} });
    assert.deepEqual(body.items, []);
    assert.equal(server.requests.length, 2);
  });

  it('retries a batch with the same Idempotency-Key after a dropped connection', async () => {
    const { server, client } = await setup((req, res, n) => (n === 0 ? res.socket?.destroy() : json(res, 200, { results: [] })));
    await client.request({ method: 'POST', path: 'batch', json: { ops: [] }, headers: { 'idempotency-key': 'k-1' } });
    assert.deepEqual(server.requests.map((r) => r.headers['idempotency-key']), ['k-1', 'k-1']);
  });

  it('does not retry a POST that writes without an Idempotency-Key', async () => {
    const dropped = await setup((req, res) => res.socket?.destroy());
    await assert.rejects(dropped.client.request({ method: 'POST', path: 'contacts', json: {} }), (error) => isRapportError(error, 'unavailable'));
    assert.equal(dropped.server.requests.length, 1, 'dropped connection');
    const busy = await setup((_, res) => unavailable(res));
    await assert.rejects(busy.client.request({ method: 'POST', path: 'contacts', json: {} }), (error) => isRapportError(error, 'unavailable'));
    assert.equal(busy.server.requests.length, 1, '503');
  });

  it('never retries a 4xx other than 429', async () => {
    const { server, client } = await setup((_, res) => problem(res, 409, { code: 'conflict', reason: 'version', collection: 'contacts', id: 'a', expectedVersion: 1, actualVersion: 2 }));
    await assert.rejects(client.request({ method: 'PUT', path: 'contacts/a', json: {} }), (error) => isRapportError(error, 'conflict'));
    assert.equal(server.requests.length, 1);
  });

  it('gives up after the retry limit with the last answer', async () => {
    const { server, client } = await setup((_, res) => unavailable(res), 2);
    await assert.rejects(client.request({ method: 'GET', path: 'contacts/a' }), (error) => isRapportError(error, 'unavailable') && /Busy/.test((error as Error).message));
    assert.equal(server.requests.length, 3, 'the first attempt and two retries');
  });

  it('does not wait for a Retry-After longer than the longest delay: the caller hears how long to wait', async () => {
    const { server, client } = await setup((_, res) => problem(res, 429, { code: 'rate_limited', detail: 'Slow down' }, { 'retry-after': '120' }));
    const started = performance.now();
    const error = await client.request({ method: 'GET', path: 'contacts/a' }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.retryAfterMs, 120_000);
    assert.equal(server.requests.length, 1);
    assert.ok(performance.now() - started < 1000);
  });

  it('an abort during the backoff wait rejects at once with the reason and sends nothing more', async () => {
    const { server, client } = await setup((_, res) => unavailable(res, { 'retry-after': '3' }));
    const controller = new AbortController();
    const reason = new Error('user left');
    setTimeout(() => controller.abort(reason), 150);
    const started = performance.now();
    await assert.rejects(client.request({ method: 'GET', path: 'contacts/a', signal: controller.signal }), (error) => error === reason);
    assert.ok(performance.now() - started < 1000, 'did not sit out the wait');
    assert.equal(server.requests.length, 1);
  });

  it('times out an attempt that gets no answer, as unavailable', async () => {
    const server = await scriptedServer(() => undefined); // never answers
    servers.push(server);
    const client = httpClient({ baseUrl: server.url, timeout: 150, retry: 0 });
    await assert.rejects(client.request({ method: 'GET', path: 'contacts/a' }), (error) => isRapportError(error, 'unavailable') && /150 ms/.test((error as Error).message));
  });

  it('asks getToken for every request, retries included', async () => {
    let calls = 0;
    const server = await scriptedServer((_, res, n) => (n === 0 ? unavailable(res) : json(res, 200, {})));
    servers.push(server);
    const client = httpClient({ baseUrl: server.url, getToken: () => `t${++calls}`, retry: { baseDelayMs: 1 } });
    await client.request({ method: 'GET', path: 'contacts/a' });
    assert.deepEqual(server.requests.map((r) => r.headers.authorization), ['Bearer t1', 'Bearer t2']);
  });
});

describe('retry rules', () => {
  it('repeats reads, PUT, DELETE, read-only POSTs and POSTs with an Idempotency-Key only', () => {
    assert.equal(isRepeatable('GET', 'contacts/a', false), true);
    assert.equal(isRepeatable('PUT', 'contacts/a', false), true);
    assert.equal(isRepeatable('DELETE', 'contacts/a', false), true);
    for (const path of ['contacts/get', 'deals/query', 'companies/count', 'reports/winRate']) assert.equal(isRepeatable('POST', path, false), true, path);
    assert.equal(isRepeatable('POST', 'contacts', false), false);
    assert.equal(isRepeatable('POST', 'batch', false), false);
    assert.equal(isRepeatable('POST', 'batch', true), true);
    assert.equal(isRepeatable('POST', 'leads', false), false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('12', now), 12_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('backs off with full jitter under a doubling ceiling, capped', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    assert.deepEqual([0, 1, 2, 3, 8].map((retry) => backoffDelay(retry, policy, () => 0.999)), [99, 199, 399, 799, 999]);
    assert.equal(backoffDelay(3, policy, () => 0), 0);
    assert.deepEqual(retryPolicy(undefined), { limit: 3, baseDelayMs: 300, maxDelayMs: 30_000 });
    assert.equal(retryPolicy(0).limit, 0);
  });
});
