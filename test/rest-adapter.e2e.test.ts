// The REST adapter in Chromium against the real server: a page served from one 127.0.0.1 port
// talks to the Rapport server on another (so every call is a CORS request with a bearer key),
// creates and queries records through core's services, and hears over server-sent events a write
// made from Node.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Change, Contact, Crm, StorageAdapter } from '@rapport/core';
import { restAdapter } from '../packages/adapters/src/rest/index.js';
import { createServer, type RapportServer } from '../packages/server/src/server.js';
import { bundlePage } from '../tools/browser/bundle.js';
import { launchChromium } from '../tools/browser/chromium.js';
import { serveFiles, type StaticServer } from '../tools/browser/serve-files.js';

/** What the page exposes to the test. */
interface RestHarness {
  crm: Crm;
  adapter: StorageAdapter;
  /** Every change the page's listener heard. */
  seen: Change[];
  open(baseUrl: string, apiKey: string): void;
}

declare global {
  interface Window {
    restHarness: RestHarness;
  }
}

/** The page's module: builds a CRM over the REST adapter when the test asks, listening to changes from the start. */
function entrySource(): string {
  const adapters = JSON.stringify(resolve('packages/adapters/src/rest/index.ts'));
  const core = JSON.stringify(resolve('packages/core/src/index.ts'));
  return `
import { restAdapter } from ${adapters};
import { createCrm } from ${core};
const harness = {
  seen: [],
  open(baseUrl, apiKey) {
    harness.adapter = restAdapter({ baseUrl, apiKey });
    harness.adapter.changes((changes) => harness.seen.push(...changes));
    harness.crm = createCrm({ storage: harness.adapter });
  },
};
window.restHarness = harness;
document.body.dataset.ready = '';
`;
}

describe('REST adapter in Chromium, against the real server on another origin', () => {
  let workDir: string;
  let pages: StaticServer;
  let server: RapportServer;
  let apiUrl: string;
  let apiKey: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'rapport-rest-e2e-'));
    const entry = join(workDir, 'entry.ts');
    await writeFile(entry, entrySource());
    const script = await bundlePage(entry);
    pages = await serveFiles({
      '/index.html': { type: 'text/html', body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rest</title></head><body><script type="module" src="/rest.js"></script></body></html>' },
      '/rest.js': { type: 'text/javascript', body: script },
      '/favicon.ico': { type: 'image/x-icon', body: '' },
    });
    const pageOrigin = new URL(pages.url).origin;
    server = await createServer({ log: false, corsOrigins: [pageOrigin] });
    ({ url: apiUrl } = await server.listen(0, '127.0.0.1'));
    apiKey = await server.admin.createApiKey(await server.admin.createWorkspace('e2e'));
    assert.notEqual(new URL(apiUrl).origin, pageOrigin, 'the API is on another origin');

    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(pages.url);
    await page.waitForSelector('body[data-ready]', { state: 'attached', timeout: 15_000 });
    await page.evaluate(({ url, key }) => window.restHarness.open(url, key), { url: apiUrl, key: apiKey });
  });

  after(async () => {
    await page?.evaluate(() => window.restHarness.adapter?.close?.()).catch(() => undefined);
    await browser?.close();
    await server?.close();
    await pages?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('creates and queries contacts through core services over CORS', async () => {
    const ann = await page.evaluate(() => window.restHarness.crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@example.com'] }));
    assert.equal(ann.version, 1);
    const found = await page.evaluate(() => window.restHarness.crm.contacts.search('ann lee'));
    assert.deepEqual(found.items.map((c: Contact) => c.id), [ann.id]);
    // The record really is on the server: Node reads it back through its own adapter.
    const node = restAdapter({ baseUrl: apiUrl, apiKey });
    try {
      assert.equal((await node.collection('contacts').get(ann.id))?.lastName, 'Lee');
    } finally {
      await node.close?.();
    }
  });

  it('delivers a change made from Node to the page over server-sent events', async () => {
    const node = restAdapter({ baseUrl: apiUrl, apiKey });
    try {
      const stored = await node.collection('contacts').put({
        id: '01900000-0000-7000-8000-0000000000b0',
        firstName: 'Bo',
        emails: [],
        phones: [],
        lifecycleStage: 'lead',
        tags: [],
        consent: [],
        customFields: {},
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      const handle = await page.waitForFunction((id) => window.restHarness.seen.find((c) => c.id === id), stored.id, { timeout: 10_000 });
      const change = (await handle.jsonValue()) as Change;
      assert.deepEqual([change.collection, change.type, change.type === 'put' ? change.version : 0], ['contacts', 'put', 1]);
      assert.ok(!('seq' in change), 'the feed cursor is not part of the change');
    } finally {
      await node.close?.();
    }
  });

  it('ran without page or console errors', () => {
    assert.deepEqual(problems, []);
  });
});
