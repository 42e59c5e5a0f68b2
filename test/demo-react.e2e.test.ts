// The demo's React 19 page (demo/react.html), end to end in Chromium: the Rapport elements
// rendered by React, React state going in through their properties and coming back from
// their `rapport-contact-select` event. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../tools/browser/chromium.js';
import { openDemoPage, startDemo, type DemoServer } from './demo-page.js';

describe('demo React page', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  /** The contact chosen first, by the second test. */
  let firstChoice: { id: string; name: string };

  /** The contact name shown in a row of the list. */
  const nameIn = async (row: Locator) => ((await row.locator('.name span:not(.avatar)').textContent()) ?? '').trim();

  before(async () => {
    server = await startDemo();
    browser = await launchChromium();
    ({ page, problems } = await openDemoPage(browser, new URL('react.html', server.url).href));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders the elements from React, with the workspace handed over as a property', async () => {
    assert.match((await page.textContent('#summary')) ?? '', /^400 contacts/);
    assert.equal(await page.evaluate(() => customElements.get('rapport-contact-list') !== undefined && document.querySelector('#react-contact-list') instanceof customElements.get('rapport-contact-list')!), true);
    // `crm` is an object: React 19 set it as a property (an attribute would hold "[object Object]").
    assert.equal(await page.evaluate(() => document.querySelector('#react-contact-list')?.hasAttribute('crm')), false);
    await page.locator('#react-contact-list [role=row][aria-rowindex="2"]').waitFor();
    assert.equal(await page.locator('#react-contact-card').count(), 0, 'no card before a choice');
    assert.equal(await page.textContent('#react-selection'), 'No contact selected yet: choose one in the list.');
  });

  it('selecting a contact in the list puts it in React state, which shows it in the card', async () => {
    const row = page.locator('#react-contact-list [role=row][aria-rowindex="2"]');
    const name = await nameIn(row);
    assert.ok(name, 'the first row names a contact');
    await row.click();
    await page.locator('#react-selection').filter({ hasText: `Selected in React state: ${name}` }).waitFor();
    const card = page.locator('#react-contact-card');
    await card.getByText(name, { exact: true }).first().waitFor();
    const id = await card.getAttribute('contact-id');
    assert.ok(id, 'contactId reached the card and reflects as contact-id');
    assert.equal(await page.getAttribute('#react-contact-list', 'selected-id'), id, 'selectedId went back to the list');
    assert.equal(await row.getAttribute('aria-selected'), 'true');
    firstChoice = { id, name };
  });

  it('React state drives the elements: a choice from "Recently viewed", the compact switch, clearing', async () => {
    const second = page.locator('#react-contact-list [role=row][aria-rowindex="3"]');
    const secondName = await nameIn(second);
    await second.click();
    await page.locator('#react-selection').filter({ hasText: `Selected in React state: ${secondName}` }).waitFor();
    const recent = page.locator('#react-recent button');
    assert.deepEqual((await recent.allInnerTexts()).map((t) => t.trim()), [secondName, firstChoice.name], 'latest first');

    // Back to the first contact from React's own list: the list's selection and the card follow.
    await recent.nth(1).click();
    await page.locator('#react-contact-card').getByText(firstChoice.name, { exact: true }).first().waitFor();
    assert.equal(await page.getAttribute('#react-contact-card', 'contact-id'), firstChoice.id);
    assert.equal(await page.getAttribute('#react-contact-list', 'selected-id'), firstChoice.id);
    assert.equal(await page.locator('#react-contact-list [role=row][aria-selected="true"]').count(), 1);
    assert.deepEqual((await recent.allInnerTexts()).map((t) => t.trim()), [firstChoice.name, secondName], 'the chosen one moves to the front');
    assert.equal(await recent.nth(0).getAttribute('aria-pressed'), 'true');

    await page.check('#react-compact');
    await page.waitForSelector('#react-contact-card[compact]');
    await page.click('#react-clear');
    await page.waitForFunction(() => !document.querySelector('#react-contact-list')?.hasAttribute('selected-id'));
    assert.equal(await page.locator('#react-contact-card').count(), 0);
    assert.deepEqual(problems, []);
  });
});
