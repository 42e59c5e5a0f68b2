// Two pages of one origin, one browser: a write in either reaches `crm.watch` in the other through
// the IndexedDB adapter's cross-tab change feed. The pages load test/fixtures/indexeddb-harness.ts,
// bundled from the TypeScript sources when this file starts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SeenContact } from './fixtures/indexeddb-harness.js';
import { launchChromium } from '../tools/browser/chromium.js';
import { serveHarness, type StaticServer } from './support/harness-server.js';

/**
 * Waits until the page's watcher has been told that contact `id` is at `version` (or, with
 * `'absent'`, that it left the list), and returns the list it was told.
 */
async function waitForWatched(page: Page, id: string, version: number | 'absent'): Promise<SeenContact[]> {
  const handle = await page.waitForFunction(
    ({ id, version }) => {
      const watched = window.harness.watched;
      const found = watched?.find((c) => c.id === id);
      const done = version === 'absent' ? watched && !found : found?.version === version;
      return done ? watched : undefined;
    },
    { id, version },
    { timeout: 5_000 },
  );
  return (await handle.jsonValue()) as SeenContact[];
}

describe('IndexedDB adapter in two pages of one origin', () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  const problems: string[] = [];

  before(async () => {
    server = await serveHarness('test/fixtures/indexeddb-harness.ts');
    browser = await launchChromium();
    context = await browser.newContext();
    const databaseName = `two-pages-${randomUUID()}`;
    [pageA, pageB] = await Promise.all([context.newPage(), context.newPage()]);
    for (const page of [pageA, pageB]) {
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      await page.evaluate((name) => window.harness.open(name), databaseName);
    }
  });

  after(async () => {
    await pageA?.evaluate(() => window.harness.adapter.deleteDatabase()).catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it("delivers page A's create, update and delete to page B's watcher", async () => {
    await pageB.evaluate(() => window.harness.watchContacts());
    await pageB.waitForFunction(() => window.harness.deliveries >= 1);
    assert.deepEqual(await pageB.evaluate(() => window.harness.watched), [], 'B starts from an empty workspace');

    const ann = await pageA.evaluate(() => window.harness.crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.example'] }));
    let seen = await waitForWatched(pageB, ann.id, 1);
    assert.deepEqual(seen, [{ id: ann.id, version: 1, lastName: 'Lee' }]);

    await pageA.evaluate((id) => window.harness.crm.contacts.update(id, { lastName: 'Lee-Park' }), ann.id);
    seen = await waitForWatched(pageB, ann.id, 2);
    assert.deepEqual(seen, [{ id: ann.id, version: 2, lastName: 'Lee-Park' }]);

    await pageA.evaluate((id) => window.harness.crm.contacts.delete(id), ann.id);
    seen = await waitForWatched(pageB, ann.id, 'absent');
    assert.deepEqual(seen, [], 'a deleted contact leaves the live list in B');
  });

  it("delivers page B's write to page A's watcher", async () => {
    await pageA.evaluate(() => window.harness.watchContacts());
    await pageA.waitForFunction(() => window.harness.deliveries >= 1);
    const bo = await pageB.evaluate(() => window.harness.crm.contacts.create({ firstName: 'Bo', lastName: 'Berg' }));
    const seen = await waitForWatched(pageA, bo.id, 1);
    assert.deepEqual(seen, [{ id: bo.id, version: 1, lastName: 'Berg' }]);
    assert.deepEqual(problems, []);
  });
});
