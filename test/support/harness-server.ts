import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

/** A page served on 127.0.0.1 that loads one bundled module. */
export interface HarnessServer {
  /** The page's URL (its origin is `new URL(url).origin`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Bundles `entry` for the browser, as the packages' TypeScript sources (the `rapport-source`
 * condition), and serves it from a blank page on 127.0.0.1 at a free port.
 */
export async function serveHarness(entry: string): Promise<HarnessServer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['rapport-source'],
    // Dexie's package entry default-imports its UMD file; its real ES module build is this one.
    alias: { dexie: 'dexie/dist/dexie.mjs' },
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.contents;
  if (!script) throw new Error(`esbuild produced nothing for ${entry}`);
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>harness</title></head><body><script type="module" src="/harness.js"></script></body></html>';

  const server: Server = createServer((request, response) => {
    if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
