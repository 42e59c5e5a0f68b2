import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { describe, it } from 'node:test';
import { pgliteSql } from './db/pglite-sql.js';
import { createServer } from './server.js';
import { SseReader, contact, jsonOf, startTestServer } from './http/test-server.test-support.js';

/** Starts a POST whose body is sent later, so the request is in flight for as long as the test likes. */
function slowPost(url: string, path: string, key: string, bodyText: string): { request: ClientRequest; response: Promise<{ status: number; body: string }> } {
  const target = new URL(path, url);
  let request!: ClientRequest;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request = httpRequest(
      { host: target.hostname, port: target.port, method: 'POST', path: target.pathname, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(bodyText) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
  return { request, response };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server', () => {
  it('answers /healthz and /readyz, and /readyz says 503 once the database is gone', async () => {
    const sql = await pgliteSql();
    const server = await createServer({ sql, log: false });
    const { url } = await server.listen(0);
    try {
      assert.deepEqual(await jsonOf(await fetch(`${url}/healthz`), 200), { ok: true });
      assert.deepEqual(await jsonOf(await fetch(`${url}/readyz`), 200), { ok: true });
      await sql.close();
      const problem = await jsonOf<{ code: string }>(await fetch(`${url}/readyz`), 503);
      assert.equal(problem.code, 'unavailable');
      assert.deepEqual(await jsonOf(await fetch(`${url}/healthz`), 200), { ok: true });
    } finally {
      await server.close();
    }
  });

  it('leaves a database it was given open, and closes one it opened', async () => {
    const sql = await pgliteSql();
    const given = await createServer({ sql, log: false });
    await given.close();
    assert.deepEqual(await sql.query('SELECT 1 AS one'), [{ one: 1 }]);
    await sql.close();
    const owned = await createServer({ log: false });
    await owned.close();
    await assert.rejects(owned.sql.query('SELECT 1'));
  });

  it('makes workspaces and keys; an unknown workspace is not_found', async () => {
    const server = await createServer({ log: false });
    try {
      const workspaceId = await server.admin.createWorkspace('Acme');
      const key = await server.admin.createApiKey(workspaceId);
      assert.match(key, /^rk_[A-Za-z0-9_-]{43}$/);
      const [row] = await server.sql.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
      assert.match(row!.key_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(row!.key_hash, key);
      await assert.rejects(server.admin.createApiKey('01900000-0000-7000-8000-000000000001'), { code: 'not_found' });
      const formKey = await server.admin.createFormKey(workspaceId, { allowedOrigins: ['https://example.com'] });
      assert.match(formKey, /^fk_/);
    } finally {
      await server.close();
    }
  });

  it('finishes an in-flight request before closing, then refuses connections and releases the database', async () => {
    const t = await startTestServer();
    const ops = Array.from({ length: 300 }, (_, n) => ({ op: 'put', collection: 'contacts', record: contact(n + 1) }));
    const bodyText = JSON.stringify({ ops });
    const { request, response } = slowPost(t.url, '/v1/batch', t.key, bodyText);
    request.write(bodyText.slice(0, 100));
    await sleep(150);
    let closed = false;
    const closing = t.close().then(() => (closed = true));
    await sleep(100);
    assert.equal(closed, false, 'close waits for the request');
    request.end(bodyText.slice(100));
    const answer = await response;
    await closing;
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { results: unknown[] }).results.length, 300);
    await assert.rejects(fetch(`${t.url}/healthz`));
    await assert.rejects(t.server.sql.query('SELECT 1'));
  });

  it('cuts off a request that outlasts the shutdown timeout', async () => {
    const t = await startTestServer({ shutdownTimeoutMs: 300 });
    const { request, response } = slowPost(t.url, '/v1/batch', t.key, '{"ops": []}');
    request.write('{');
    await sleep(100);
    const started = Date.now();
    await t.close();
    assert.ok(Date.now() - started < 3000, `closed after ${Date.now() - started} ms`);
    await assert.rejects(response);
  });

  it('ends open change streams on close', async () => {
    const t = await startTestServer();
    const events = new SseReader(await t.request('/v1/changes/stream'));
    assert.equal((await events.next())?.event, 'ready');
    const started = Date.now();
    await t.close();
    assert.ok(Date.now() - started < 3000);
    assert.equal(await events.next(), undefined);
  });

  it('listens on 127.0.0.1 by default and refuses to listen twice', async () => {
    const server = await createServer({ log: false });
    try {
      const { url, port } = await server.listen(0);
      assert.equal(url, `http://127.0.0.1:${port}`);
      await assert.rejects(server.listen(0));
    } finally {
      await server.close();
    }
  });
});
