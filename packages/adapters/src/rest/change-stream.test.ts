import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import type { Change } from '@rapport/core';
import { ChangeStream } from './change-stream.js';
import { httpClient } from './http-client.js';
import { scriptedServer, type Script, type ScriptedServer } from './scripted-server.test-support.js';

const servers: ScriptedServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function setup(script: Script, readyWaitMs = 2000) {
  const server = await scriptedServer(script);
  servers.push(server);
  const stream = new ChangeStream(httpClient({ baseUrl: server.url, apiKey: 'rk_stream' }), { readyWaitMs, reconnect: { baseDelayMs: 10, maxDelayMs: 50 } });
  return { server, stream };
}

function open(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
}

const put = (id: string, seq: string) => ({ seq, collection: 'contacts', type: 'put', id, version: 1, record: { id, version: 1 } });

function waitFor(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => (condition() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : setTimeout(poll, 5));
    poll();
  });
}

describe('change stream', () => {
  it('delivers each changes event as one batch without seq, and resumes with Last-Event-ID after a drop', async () => {
    const { server, stream } = await setup((req, res, n) => {
      open(res);
      if (n === 0) {
        // Split across writes, as a network may deliver it.
        res.write('event: ready\ndata: {"cursor":"5"}\n\n: ping\n\nid: 6\nevent: chan');
        res.write(`ges\ndata: ${JSON.stringify({ changes: [put('a', '6'), put('b', '6')] })}\n\n`);
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.write('event: ready\ndata: {"cursor":"9"}\n\n');
        res.write(`id: 7\nevent: changes\ndata: ${JSON.stringify({ changes: [put('c', '7')] })}\n\n`);
      }
    });
    const batches: (readonly Change[])[] = [];
    const stop = stream.subscribe((changes) => batches.push(changes));
    try {
      await waitFor(() => batches.length >= 2, 'two batches');
      assert.deepEqual(
        batches.map((b) => b.map((c) => c.id)),
        [['a', 'b'], ['c']],
      );
      assert.ok(batches.flat().every((c) => !('seq' in c)), 'seq is dropped');
      assert.equal(server.requests[0]?.headers['last-event-id'], undefined, 'the first connection starts at the head');
      assert.equal(server.requests[1]?.headers['last-event-id'], '6', 'the reconnection resumes after the last event');
      assert.equal(server.requests[0]?.headers.authorization, 'Bearer rk_stream');
      assert.equal(server.requests[0]?.headers.accept, 'text/event-stream');
    } finally {
      stop();
    }
  });

  it('resumes from the cursor of ready when the drop came before any change', async () => {
    const { server, stream } = await setup((req, res, n) => {
      open(res);
      res.write(`event: ready\ndata: {"cursor":"${n === 0 ? '41' : '50'}"}\n\n`);
      if (n === 0) setTimeout(() => res.end(), 10);
    });
    const stop = stream.subscribe(() => undefined);
    try {
      await waitFor(() => server.requests.length >= 2, 'a reconnection');
      assert.equal(server.requests[1]?.headers['last-event-id'], '41');
    } finally {
      stop();
    }
  });

  it('shares one connection among listeners and closes it when the last one leaves', async () => {
    let closed = 0;
    const { server, stream } = await setup((req, res) => {
      res.on('close', () => closed++);
      open(res);
      res.write('event: ready\ndata: {"cursor":"1"}\n\n');
      setTimeout(() => res.write(`id: 2\nevent: changes\ndata: ${JSON.stringify({ changes: [put('x', '2')] })}\n\n`), 30);
    });
    const first: Change[] = [];
    const second: Change[] = [];
    const stopFirst = stream.subscribe((c) => first.push(...c));
    const stopSecond = stream.subscribe((c) => second.push(...c));
    await waitFor(() => first.length === 1 && second.length === 1, 'the change in both listeners');
    assert.equal(server.requests.length, 1, 'one connection');
    stopFirst();
    stopFirst();
    assert.equal(stream.active, true, 'still open for the second listener');
    stopSecond();
    assert.equal(stream.active, false);
    await waitFor(() => closed === 1, 'the server to see the connection close');
  });

  it('settled() waits for ready, and gives up after readyWaitMs when it never comes', async () => {
    const { stream } = await setup((req, res) => {
      open(res);
      setTimeout(() => res.write('event: ready\ndata: {"cursor":"1"}\n\n'), 200);
    });
    await stream.settled(); // nothing open: at once
    const stop = stream.subscribe(() => undefined);
    const started = performance.now();
    await stream.settled();
    assert.ok(performance.now() - started >= 150, 'waited for ready');
    stop();

    const silent = await setup((req, res) => open(res), 100);
    const stopSilent = silent.stream.subscribe(() => undefined);
    const t0 = performance.now();
    await silent.stream.settled();
    assert.ok(performance.now() - t0 < 1000, 'bounded');
    silent.stream.close();
    assert.equal(silent.stream.active, false);
    stopSilent();
  });
});
