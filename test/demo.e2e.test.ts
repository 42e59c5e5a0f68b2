// `npm start`'s page, end to end: the built demo served by scripts/serve-demo.mjs on IndexedDB,
// driven in Chromium. Needs `npm run build` first (`npm test` builds before it runs this).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tools/browser/chromium.js';
import { openDemoPage, sendLead, startDemo, type DemoServer } from './demo-page.js';

describe('demo page', () => {
  let server: DemoServer;
  let url: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  before(async () => {
    server = await startDemo();
    url = server.url;
    browser = await launchChromium();
    ({ page, problems } = await openDemoPage(browser, url));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the page with a strict CSP and loads without errors or CSP violations', async () => {
    const response = await page.request.get(url);
    assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self';/);
    assert.match(response.headers()['content-security-policy'] ?? '', /connect-src 'self';/, 'on IndexedDB the page talks to no server');
    assert.equal(await page.getAttribute('body', 'data-storage'), 'indexeddb');
    assert.deepEqual(problems, []);
  });

  it('shows the seeded workspace: counts, a page of contacts, and the board with deals', async () => {
    assert.match(await page.textContent('#summary') ?? '', /^400 contacts, \d+ companies, \d+ deals and \d+ interactions/);
    assert.equal(await page.locator('#contact-table tbody tr').count(), 25);
    const columns = page.locator('#widget-board [part~="column"]');
    await columns.first().waitFor();
    assert.equal(await columns.count(), 4, 'Sales has four open stages (won and lost are drop targets)');
    await page.locator('#widget-board [part~="deal"]').first().waitFor();
  });

  it('searches contacts by word prefix and says when nothing matches', async () => {
    // Prefixes of the first contact's first and last name: every row shown must have words
    // (in its name, email or company) starting with both.
    const name = (await page.textContent('#contact-table tbody tr td')) ?? '';
    const query = name.split(' ').map((word) => word.slice(0, 3)).join(' ');
    await page.fill('#contact-search', query);
    await page.waitForFunction((q) => document.querySelector('#contacts [role=status]')?.textContent?.includes(`matching “${q}”`), query);
    const rows = await page.locator('#contact-table tbody tr').allInnerTexts();
    assert.ok(rows.length > 0, 'the first contact is found');
    const words = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u);
    for (const row of rows) {
      for (const part of words(query).filter(Boolean)) assert.ok(words(row).some((w) => w.startsWith(part)), `"${row}" matches "${query}"`);
    }
    await page.fill('#contact-search', 'qqqzzz');
    await page.waitForFunction(() => document.querySelectorAll('#contact-table tbody tr').length === 0);
    assert.match((await page.locator('#contacts [role=status]').textContent()) ?? '', /No contact matches “qqqzzz”/);
    await page.fill('#contact-search', '');
  });

  it('shows validation errors at their field, then adds a valid contact that appears in the list', async () => {
    await page.fill('#new-email', 'not-an-email');
    await page.click('#add-contact button[type=submit]');
    await page.waitForSelector('#new-email[aria-invalid=true]');
    assert.equal(await page.textContent('#new-email-error'), 'Must be an email address');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-email', 'focus moves to the field in error');

    await page.fill('#new-firstName', 'Quinn');
    await page.fill('#new-lastName', 'Aaberg');
    await page.fill('#new-email', 'quinn@example.org');
    await page.click('#add-contact button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#add-contact [role=status]')?.textContent === 'Added Quinn.');
    await page.fill('#contact-search', 'aaberg');
    await page.waitForFunction(() => document.querySelector('#contact-table tbody tr td')?.textContent === 'Quinn Aaberg');
  });

  it('captures a lead from the lead form into the same workspace: it shows in the contact list at once, scored', async () => {
    // Both lists search for the lead first, so its arrival shows without a reload or a new search.
    await page.locator('#widget-contact-list input[type="search"]').fill('zyzzyva');
    await page.fill('#contact-search', 'zyzzyva');
    await page.waitForFunction(() => /No contact matches “zyzzyva”/.test(document.querySelector('#contacts [role=status]')?.textContent ?? ''));
    await sendLead(page, { firstName: 'Lena', lastName: 'Zyzzyva', email: 'lena.zyzzyva@example.org' });
    await page.locator('#lead-status').filter({ hasText: 'Lead captured as a new contact' }).waitFor();
    await page.locator('#widget-lead-form [part="panel"]').waitFor();
    await page.waitForFunction(() => document.querySelector('#contact-table tbody tr td')?.textContent === 'Lena Zyzzyva');
    await page.locator('#widget-contact-list [role=row][aria-rowindex="2"]').filter({ hasText: 'Lena Zyzzyva' }).waitFor();
    // Captured through the page's crm: a contact with its consent and the form's timeline entry,
    // and a score from rescoreOnChange.
    const stored = await page.waitForFunction(
      () =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open('rapport-demo');
          open.onsuccess = () => {
            const request = open.result.transaction('contacts').objectStore('contacts').getAll();
            request.onsuccess = () => {
              const lead = (request.result as { emails: string[]; score?: unknown; consent: { purpose: string; granted: boolean }[] }[]).find((c) => c.emails[0] === 'lena.zyzzyva@example.org');
              open.result.close();
              resolve(lead?.score ? { consent: lead.consent.map((c) => [c.purpose, c.granted]), scored: true } : undefined);
            };
          };
        }),
    );
    assert.deepEqual(await stored.jsonValue(), { consent: [['marketing-email', true]], scored: true });
    await page.click('#lead-again');
    await page.locator('#widget-lead-form input[name="email"]').waitFor();
    await page.fill('#contact-search', '');
    await page.locator('#widget-contact-list input[type="search"]').fill('');
    assert.deepEqual(problems, []);
  });

  it('keeps the workspace in IndexedDB across reloads, and resets it on request', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    assert.match((await page.textContent('#summary')) ?? '', /^402 contacts/, 'the contact and the lead added above are still there');
    await page.click('#reset-demo');
    await page.waitForFunction(() => document.body.dataset.ready === 'true' && /^400 contacts/.test(document.getElementById('summary')?.textContent ?? ''));
    await page.fill('#contact-search', 'aaberg');
    await page.waitForFunction(() => /No contact matches/.test(document.querySelector('#contacts [role=status]')?.textContent ?? ''));
  });

  it('shows the contact list, card and timeline working together: choosing a contact shows its card and timeline', async () => {
    const row = page.locator('#widget-contact-list [role=row][aria-rowindex="2"]');
    await row.waitFor();
    const name = ((await row.locator('.name span:not(.avatar)').textContent()) ?? '').trim();
    assert.ok(name.length > 0, 'the first row names a contact');
    await row.click();
    await page.waitForFunction(() => document.querySelector('#widget-contact-card')?.hasAttribute('contact-id'));
    await page.locator('#widget-contact-card').getByText(name, { exact: true }).first().waitFor();
    const timeline = page.locator('#widget-timeline');
    assert.equal(await timeline.getAttribute('contact-id'), await page.locator('#widget-contact-card').getAttribute('contact-id'));
    assert.deepEqual(problems, []);
  });

  it('moves a deal on the board by keyboard, keeps it there after a reload, and opens it with Enter', async () => {
    const lists = page.locator('#widget-board [part="list"]');
    const card = lists.nth(0).locator('[part~="deal"]').first();
    const id = await card.getAttribute('data-id');
    assert.ok(id, 'the first column has a card');
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.locator('#widget-board [role="status"]').filter({ hasText: /moved|Moved/ }).first().waitFor();
    await lists.nth(1).locator(`[data-id="${id}"]`).waitFor();
    // The board moves the card at once and writes behind it; the page is reloaded once the write
    // has landed (the first visit's scoring may still hold the database for a moment).
    const targetStage = await lists.nth(1).getAttribute('data-stage');
    await page.waitForFunction(
      ([dealId, stageId]) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('rapport-demo');
          open.onsuccess = () => {
            const request = open.result.transaction('deals').objectStore('deals').get(dealId as string);
            request.onsuccess = () => {
              open.result.close();
              resolve((request.result as { stageId?: string } | undefined)?.stageId === stageId);
            };
          };
        }),
      [id, targetStage],
      { timeout: 20_000, polling: 100 },
    );
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    const moved = page.locator('#widget-board [part="list"]').nth(1).locator(`[data-id="${id}"]`);
    // Dropped at the top of the column (the slot it left), so it is among the cards rendered.
    await moved.waitFor();
    const stored = await page.evaluate(
      (dealId) =>
        new Promise<string | undefined>((resolve) => {
          const open = indexedDB.open('rapport-demo');
          open.onsuccess = () => {
            const request = open.result.transaction('deals').objectStore('deals').get(dealId);
            request.onsuccess = () => resolve((request.result as { stageId?: string } | undefined)?.stageId);
          };
        }),
      id,
    );
    assert.equal(stored, await page.locator('#widget-board [part="list"]').nth(1).getAttribute('data-stage'), 'stored in the second stage');
    const first = page.locator('#widget-board [part="list"]').nth(0).locator('[part~="deal"]').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#widget-deal-card')?.hasAttribute('deal-id'));
    assert.equal(await page.locator('#widget-deal-card').getAttribute('deal-id'), await first.getAttribute('data-id'));
  });

  it('shows the lead scores: contacts by grade, and the best-scored contacts with a badge that explains the score', async () => {
    const grades = page.locator('#dashboard .grades li');
    await grades.first().waitFor();
    const counts = (await grades.allInnerTexts()).map((text) => Number(/^Grade \w+: (\d+)$/.exec(text.trim())?.[1]));
    assert.equal(counts.reduce((a, b) => a + b, 0), 400, 'every contact has a grade');
    const rows = page.locator('#top-leads tbody tr');
    await rows.nth(7).waitFor();
    const values = await page.locator('#top-leads rapport-score-badge [part="value"]').allInnerTexts();
    assert.equal(values.length, 8);
    const numbers = values.map((v) => Number(v.replace(/[^\d.-]/g, '')));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'best first');
    await page.locator('#top-leads rapport-score-badge [part="button"]').first().click();
    await page.locator('#top-leads rapport-score-badge [part="contribution"]').first().waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows the report dashboard: summary, forecast, funnel and leaderboard, each as an image with a table view', async () => {
    for (const tag of ['rapport-pipeline-summary', 'rapport-forecast-chart', 'rapport-funnel-chart', 'rapport-leaderboard']) {
      const view = page.locator(`#dashboard ${tag}`);
      await view.locator('svg[role="img"] title').first().waitFor({ state: 'attached' });
      const toggle = view.locator('button[aria-pressed]').first();
      await toggle.click();
      await view.locator('table').first().waitFor();
      assert.ok((await view.locator('table tbody tr').count()) > 0, `${tag} lists rows in its table`);
    }
    assert.deepEqual(problems, []);
  });

  it('links to the React page, and stops cleanly on Ctrl-C', async () => {
    assert.equal(await page.getAttribute('nav a[href="./react.html"]', 'href'), './react.html');
    assert.equal((await page.request.get(new URL('react.html', url).href)).status(), 200);
    assert.equal(await server.stop('SIGINT'), 0);
  });
});
