// `npm start -- --rest`, end to end: scripts/serve-demo.mjs starts the reference server in its own
// process (PGlite), seeds a workspace and serves the same demo over the REST adapter. The page
// must load its data from the server and post leads to it; the test reads the server back from
// Node. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Contact, StorageAdapter } from '@rapport/core';
import { restAdapter } from '../packages/adapters/src/rest/index.js';
import { launchChromium } from '../tools/browser/chromium.js';
import { openDemoPage, sendLead, startDemo, type DemoServer } from './demo-page.js';

/** What the demo server hands the page at /config.json in REST mode. */
interface RestConfig {
  storage: 'rest';
  baseUrl: string;
  apiKey: string;
  formKey: string;
}

describe('demo page in REST mode (npm start -- --rest)', () => {
  let server: DemoServer;
  let config: RestConfig;
  let api: StorageAdapter;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let requests: string[];
  /** When the page (and so its lead form) was shown. */
  let shownAt: number;

  before(async () => {
    server = await startDemo(['--rest']);
    config = (await (await fetch(new URL('config.json', server.url))).json()) as RestConfig;
    api = restAdapter({ baseUrl: config.baseUrl, apiKey: config.apiKey });
    browser = await launchChromium();
    ({ page, problems, requests } = await openDemoPage(browser, server.url));
    shownAt = Date.now();
  });

  after(async () => {
    await api?.close?.();
    await browser?.close();
    await server?.stop();
  });

  it('prints both URLs and hands the page its server and keys through /config.json, never a URL', async () => {
    assert.equal(config.storage, 'rest');
    assert.match(server.output(), new RegExp(`Rapport server: ${config.baseUrl} `));
    assert.match(server.output(), /React page: http:\/\/127\.0\.0\.1:\d+\/react\.html/);
    assert.equal(await page.getAttribute('body', 'data-storage'), 'rest');
    assert.ok(requests.some((url) => url.startsWith(`${config.baseUrl}/v1/`)), 'the page called the server');
    assert.deepEqual(requests.filter((url) => url.includes(config.apiKey) || url.includes(config.formKey)), [], 'no key in a URL');
    const csp = (await page.request.get(server.url)).headers()['content-security-policy'] ?? '';
    assert.match(csp, new RegExp(`connect-src 'self' ${new URL(config.baseUrl).origin};`));
    // The config has no CORS header: another origin's page cannot read the key.
    const foreign = await fetch(new URL('config.json', server.url), { headers: { origin: 'http://attacker.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('loads the workspace from the server: the counts, and the contacts the server has, in order', async () => {
    assert.match((await page.textContent('#summary')) ?? '', new RegExp(`^400 contacts, \\d+ companies, \\d+ deals and \\d+ interactions, on the reference server at ${config.baseUrl}\\.`));
    const [first] = (await api.collection('contacts').query({ orderBy: { field: 'lastName' }, limit: 1 })).items as Contact[];
    assert.ok(first);
    await page.waitForFunction((name) => document.querySelector('#contact-table tbody tr td')?.textContent === name, [first.firstName, first.lastName].filter(Boolean).join(' '));
    await page.locator('#widget-contact-list [role=row][aria-rowindex="2"]').waitFor();
    await page.locator('#widget-board [part~="deal"]').first().waitFor();
    await page.locator('#top-leads rapport-score-badge').first().waitFor();
    assert.equal(await page.locator('#reset-demo').count(), 0, 'the server’s workspace is not the page’s to delete');
  });

  it('posts a lead through the form with the form key: it lands on the server and shows in the page’s list live', async () => {
    await page.locator('#widget-contact-list input[type="search"]').fill('quistgaard');
    await page.fill('#contact-search', 'quistgaard');
    await page.waitForFunction(() => /No contact matches “quistgaard”/.test(document.querySelector('#contacts [role=status]')?.textContent ?? ''));
    // The demo's form key refuses a form sent less than 1.5 s after it was shown, as it would a bot.
    await page.waitForTimeout(Math.max(0, 1700 - (Date.now() - shownAt)));
    const posted = page.waitForResponse((response) => response.url() === `${config.baseUrl}/v1/leads` && response.request().method() === 'POST');
    await sendLead(page, { firstName: 'Tove', lastName: 'Quistgaard', email: 'tove.quistgaard@example.org' });
    const answer = await posted;
    assert.equal(answer.status(), 201, await answer.text());
    await page.locator('#lead-status').filter({ hasText: 'Lead captured as a new contact' }).waitFor();

    const stored = (await api.collection('contacts').query({ where: { emails: 'tove.quistgaard@example.org' } })).items as Contact[];
    assert.deepEqual(
      stored.map((c) => ({ name: `${c.firstName} ${c.lastName}`, consent: c.consent.map((d) => [d.purpose, d.granted]) })),
      [{ name: 'Tove Quistgaard', consent: [['marketing-email', true]] }],
    );
    // The server's change feed (server-sent events) brings it to the page's lists.
    await page.waitForFunction(() => document.querySelector('#contact-table tbody tr td')?.textContent === 'Tove Quistgaard');
    await page.locator('#widget-contact-list [role=row][aria-rowindex="2"]').filter({ hasText: 'Tove Quistgaard' }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('stops the demo and the reference server on Ctrl-C', async () => {
    await browser.close();
    assert.equal(await server.stop('SIGINT'), 0);
    await assert.rejects(fetch(`${config.baseUrl}/v1/contacts`), 'the server no longer answers');
  });
});
