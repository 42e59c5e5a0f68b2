import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { changeFeed } from '../store/index.js';
import { buildApp } from './app.js';
import { StreamRegistry } from './stream-registry.js';
import { SseReader, contact, id, jsonOf, startTestServer, type TestServer } from './test-server.test-support.js';

type Change = { collection: string; type: string; id: string; version?: number; seq: string };
type ChangesPage = { changes: Change[]; cursor: string };

describe('change feed routes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('pages through committed changes by cursor, one entry per write', async () => {
    const start = await jsonOf<ChangesPage>(await t.request('/v1/changes?since=now'), 200);
    assert.deepEqual(start.changes, []);
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(1) }), 201);
    await jsonOf(await t.request(`/v1/contacts/${id(1)}`, { method: 'PUT', json: contact(1, { lastName: 'Lee' }) }), 200);
    await jsonOf(
      await t.request('/v1/batch', {
        method: 'POST',
        json: { ops: [{ op: 'put', collection: 'contacts', record: contact(2) }, { op: 'delete', collection: 'contacts', id: id(1) }] },
      }),
      200,
    );
    const first = await jsonOf<ChangesPage>(await t.request(`/v1/changes?since=${start.cursor}&limit=2`), 200);
    assert.deepEqual(
      first.changes.map((c) => [c.type, c.id, c.version]),
      [
        ['put', id(1), 1],
        ['put', id(1), 2],
      ],
    );
    const second = await jsonOf<ChangesPage>(await t.request(`/v1/changes?since=${first.cursor}&limit=2`), 200);
    assert.deepEqual(
      second.changes.map((c) => [c.type, c.id]),
      [
        ['put', id(2)],
        ['delete', id(1)],
      ],
    );
    const empty = await jsonOf<ChangesPage>(await t.request(`/v1/changes?since=${second.cursor}`), 200);
    assert.deepEqual(empty.changes, []);
    const all = await jsonOf<ChangesPage>(await t.request('/v1/changes'), 200);
    assert.equal(all.changes.length, 4);
    assert.ok(all.changes.every((c) => typeof c.seq === 'string'));
  });

  it('refuses a malformed cursor or limit', async () => {
    for (const query of ['since=abc', "since=1'--", 'limit=0', 'limit=1001', 'limit=x', 'from=1']) {
      assert.equal((await jsonOf<{ code: string }>(await t.request(`/v1/changes?${query}`), 400)).code, 'validation');
    }
  });

  it('streams ready, then each committed transaction, to an open stream', async () => {
    const controller = new AbortController();
    const response = await t.request('/v1/changes/stream', { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = new SseReader(response);
    const ready = await events.next();
    assert.equal(ready?.event, 'ready');
    const { cursor } = JSON.parse(ready!.data) as { cursor: string };
    assert.match(cursor, /^\d+$/);

    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(3) }), 201);
    await jsonOf(
      await t.request('/v1/batch', { method: 'POST', json: { ops: [4, 5].map((n) => ({ op: 'put', collection: 'contacts', record: contact(n) })) } }),
      200,
    );
    const single = await events.next();
    assert.equal(single?.event, 'changes');
    assert.deepEqual(
      (JSON.parse(single!.data) as { changes: Change[] }).changes.map((c) => c.id),
      [id(3)],
    );
    const fromBatch = await events.next();
    assert.deepEqual(
      (JSON.parse(fromBatch!.data) as { changes: Change[] }).changes.map((c) => c.id),
      [id(4), id(5)],
    );
    assert.ok(BigInt(fromBatch!.id!) > BigInt(single!.id!));
    controller.abort();
    await events.cancel();

    // Resuming after the first event replays what came after it.
    const resumed = await t.request('/v1/changes/stream', { headers: { 'Last-Event-ID': single!.id! } });
    const replay = new SseReader(resumed);
    assert.equal((await replay.next())?.event, 'ready');
    const missed = await replay.next();
    assert.equal(missed?.id, fromBatch!.id);
    assert.deepEqual(
      (JSON.parse(missed!.data) as { changes: Change[] }).changes.map((c) => c.id),
      [id(4), id(5)],
    );
    await replay.cancel();

    // So does `since` in the URL.
    const fromSince = new SseReader(await t.request(`/v1/changes/stream?since=${cursor}`));
    assert.equal((await fromSince.next())?.event, 'ready');
    assert.equal((await fromSince.next())?.id, single!.id);
    await fromSince.cancel();
  });

  it('sends only the workspace’s own changes', async () => {
    const otherWorkspace = await t.server.admin.createWorkspace('Other');
    const otherKey = await t.server.admin.createApiKey(otherWorkspace);
    const events = new SseReader(await t.request('/v1/changes/stream', { auth: otherKey }));
    assert.equal((await events.next())?.event, 'ready');
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(6) }), 201);
    await jsonOf(await t.request('/v1/contacts', { method: 'POST', json: contact(7), auth: otherKey }), 201);
    const event = await events.next();
    assert.deepEqual(
      (JSON.parse(event!.data) as { changes: Change[] }).changes.map((c) => c.id),
      [id(7)],
    );
    await events.cancel();
  });

  it('refuses a malformed Last-Event-ID', async () => {
    assert.equal((await jsonOf<{ code: string }>(await t.request('/v1/changes/stream', { headers: { 'Last-Event-ID': 'x' } }), 400)).code, 'validation');
  });

  it('sends keep-alive comments and ends streams when the registry ends them', async () => {
    const streams = new StreamRegistry();
    const feed = changeFeed(t.server.sql);
    const app = buildApp({ sql: t.server.sql, feed, corsOrigins: [], bodyLimit: 1024, log: false, streams, ssePingMs: 50 });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/v1/changes/stream`, { headers: { Authorization: `Bearer ${t.key}` } });
      const events = new SseReader(response);
      assert.equal((await events.next())?.event, 'ready');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(streams.size, 1);
      streams.endAll();
      assert.equal(await events.next(), undefined, 'the stream ends');
      assert.ok(events.comments.filter((comment) => comment === 'ping').length >= 2, `pings: ${events.comments.join()}`);
    } finally {
      const stopped = new Promise((resolve) => server.close(resolve));
      (server as import('node:http').Server).closeAllConnections();
      await stopped;
      await feed.close();
    }
  });
});
