import { bundlePage } from '../../tools/browser/bundle.js';
import { serveFiles, type StaticServer } from '../../tools/browser/serve-files.js';

export type { StaticServer };

const page = '<!doctype html><html><head><meta charset="utf-8"><title>harness</title></head><body><script type="module" src="/harness.js"></script></body></html>';

/**
 * Bundles `entry` for the browser, as the packages' TypeScript sources (the `rapport-source`
 * condition), and serves it from a blank page on 127.0.0.1 at a free port.
 */
export async function serveHarness(entry: string): Promise<StaticServer> {
  const script = await bundlePage(entry);
  return serveFiles({ '/index.html': { type: 'text/html', body: page }, '/harness.js': { type: 'text/javascript', body: script } });
}
