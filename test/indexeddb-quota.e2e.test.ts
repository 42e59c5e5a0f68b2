// A full disk, for real: Chromium's DevTools protocol gives the page's origin a small storage
// quota, and writes that do not fit must fail with Rapport's QuotaError, keep nothing of the
// failed transaction, and leave the adapter working.
//
// The override is set before the page first touches IndexedDB: in Chromium 156 a quota lowered
// after the page has written was not enforced on its later writes (its IndexedDB backend seems to
// keep the space it was told is left), though `Storage.getUsageAndQuota` showed it. Note too that
// `navigator.storage.estimate()` never shows the override: Chromium reports usage + 10 GiB.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tools/browser/chromium.js';
import { serveHarness, type StaticServer } from './support/harness-server.js';

/** The origin's quota while the tests run: room for the empty database and some small records. */
const quotaSize = 1_000_000;
/** More than the quota: 60 contacts of 20 kB of incompressible text each. */
const bulky = { count: 60, bytes: 20_000 };

describe('IndexedDB adapter when the origin is out of quota', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let origin: string;

  const contactCount = () => page.evaluate(() => window.harness.crm.storage.collection('contacts').count());

  before(async () => {
    server = await serveHarness('test/fixtures/indexeddb-harness.ts');
    origin = new URL(server.url).origin;
    browser = await launchChromium();
    const context = await browser.newContext();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    await page.evaluate((name) => window.harness.open(name), `quota-${randomUUID()}`);
    await page.evaluate(() => window.harness.crm.contacts.create({ firstName: 'Before', lastName: 'Quota' }));
    const { quota, overrideActive } = await cdp.send('Storage.getUsageAndQuota', { origin });
    assert.equal(overrideActive, true, 'Chromium took the quota override');
    assert.equal(quota, quotaSize);
  });

  after(async () => {
    await page?.evaluate(() => window.harness.adapter.deleteDatabase()).catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('fails a transaction that does not fit with a QuotaError, keeping none of its writes', async () => {
    const before = await contactCount();
    const outcome = await page.evaluate(({ count, bytes }) => {
      const h = window.harness;
      const records = h.bulkyContacts(count, bytes, 'tx');
      return h.settle(() => h.crm.storage.transaction(['contacts'], (scope) => scope.collection('contacts').bulkPut(records)).then(() => 'committed'));
    }, bulky);
    assert.ok(!outcome.ok, 'the transaction must fail');
    assert.equal(outcome.error.quota, true, `isRapportError(e, 'quota'), got ${outcome.error.name}: ${outcome.error.message}`);
    assert.equal(outcome.error.name, 'QuotaError');
    assert.match(outcome.error.message, /storage for this site is full/);
    assert.equal(await contactCount(), before, 'nothing of the failed transaction was stored');
  });

  it('fails a bulkPut outside a transaction the same way, all or nothing', async () => {
    const before = await contactCount();
    const outcome = await page.evaluate(({ count, bytes }) => {
      const h = window.harness;
      return h.settle(() => h.crm.storage.collection('contacts').bulkPut(h.bulkyContacts(count, bytes, 'bulk')).then(() => 'stored'));
    }, bulky);
    assert.ok(!outcome.ok, 'the bulkPut must fail');
    assert.equal(outcome.error.quota, true, `isRapportError(e, 'quota'), got ${outcome.error.name}: ${outcome.error.message}`);
    assert.equal(await contactCount(), before);
    assert.equal(await page.evaluate(() => window.harness.crm.storage.collection('contacts').count({ where: { tags: 'bulk' } })), 0);
  });

  it('stops a CSV import on a batch that does not fit, with a QuotaError and none of the batch stored', async () => {
    const before = await contactCount();
    const outcome = await page.evaluate(({ count, bytes }) => {
      const h = window.harness;
      // customFields.notes holds at most 10,000 characters, so twice the rows at half the size.
      const rows = h.bulkyContacts(count * 2, bytes / 2, 'csv').map((c, i) => `csv${i}@example.org,Csv ${i},${c.customFields.notes}`);
      return h.settle(() => h.crm.contacts.importCsv(['Email,Last name,customFields.notes', ...rows].join('\n')));
    }, bulky);
    assert.ok(!outcome.ok, 'the import must fail, not report per-row errors');
    assert.equal(outcome.error.quota, true, `isRapportError(e, 'quota'), got ${outcome.error.name}: ${outcome.error.message}`);
    assert.equal(await contactCount(), before);
  });

  it('still takes small writes after a quota failure', async () => {
    const before = await contactCount();
    const small = await page.evaluate(() => window.harness.crm.contacts.create({ firstName: 'Small', lastName: 'Write' }));
    assert.equal(await contactCount(), before + 1);
    const read = await page.evaluate((id) => window.harness.crm.contacts.get(id), small.id);
    assert.equal(read.lastName, 'Write');
  });

  it('stores the same large transaction once the quota is raised again', async () => {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin }); // no quotaSize: back to the browser's own quota
    const before = await contactCount();
    const outcome = await page.evaluate(({ count, bytes }) => {
      const h = window.harness;
      const records = h.bulkyContacts(count, bytes, 'after');
      return h.settle(() => h.crm.storage.transaction(['contacts'], (scope) => scope.collection('contacts').bulkPut(records)).then((stored) => stored.length));
    }, bulky);
    assert.deepEqual(outcome, { ok: true, value: bulky.count });
    assert.equal(await contactCount(), before + bulky.count);
  });
});
