/**
 * A tiny HTTP server on 127.0.0.1 (a free port) that serves a fixed set of files: a page and its
 * bundle, for benchmarks and browser tests. Pages are served over http, never file://, so
 * IndexedDB has a real origin.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file the server answers with. */
export interface ServedFile {
  readonly type: string;
  readonly body: string;
}

/** A started server: its base URL (ending in `/`) and how to stop it. */
export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `files` by path (`/index.html`, `/bench.js`); anything else is a 404.
 *
 * @example
 * const server = await serveFiles({ '/index.html': { type: 'text/html', body: html } });
 */
export async function serveFiles(files: Readonly<Record<string, ServedFile>>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files[path === '/' ? '/index.html' : path];
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}`);
      return;
    }
    response.writeHead(200, {
      'content-type': `${file.type}; charset=utf-8`,
      'cache-control': 'no-store',
      // Cross-origin isolation: performance.now() is then precise to 5 µs instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    response.end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
