// <rapport-lead-form> end to end, as a site uses it: the CDN bundle
// (packages/widgets/dist/cdn/rapport-lead-form.js, built by `tsc -b && rollup -c`) on a plain HTML
// page with a strict CSP and a hostile global stylesheet, served from one 127.0.0.1 port, posting
// to the reference server on another. What arrives is read back through the REST adapter, from
// Node and in a CRM app page's <rapport-contact-list> (a third origin). Each test has its own
// workspace, form key, browser context (so its own localStorage outbox) and email addresses.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { Contact, Interaction } from '@rapport/core';
import { restAdapter } from '../packages/adapters/src/rest/index.js';
import { createServer, type RapportServer } from '../packages/server/src/server.js';
import { leadFormStrings } from '../packages/widgets/src/lead-form/lead-form.strings.js';
import { bundlePage } from '../tools/browser/bundle.js';
import { launchChromium } from '../tools/browser/chromium.js';
import { serveFiles, type StaticServer } from '../tools/browser/serve-files.js';
import { eventsOf, fill, focused, leadEvent, outboxOf, partText, recordInPage, submitButton } from './fixtures/lead-form-driver.js';
import { consentText, hiddenValue, leadFormPage, serveLeadPages, strictCsp, type LeadPageServer } from './fixtures/lead-form-page.js';

const bundleFile = resolve('packages/widgets/dist/cdn/rapport-lead-form.js');
const utm = { utm_source: 'newsletter', utm_campaign: 'spring' };

/** One page and what it did: errors, requests to origins other than its own and the API's, POSTs to the lead endpoint. */
interface Visit {
  readonly page: Page;
  /** Uncaught exceptions and console errors. */
  readonly problems: string[];
  readonly external: string[];
  readonly posts: Request[];
  /** The page's own `Content-Security-Policy` response header. */
  readonly csp: string | undefined;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('<rapport-lead-form> from the CDN bundle, on a strict-CSP page, against the reference server', () => {
  let server: RapportServer;
  let apiUrl: string;
  let pages: LeadPageServer;
  let app: StaticServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A workspace with an API key and a form key, and a lead form page for that key at `/<name>.html`. */
  async function provision(name: string, formKey: { minFillMs: number; allowedOrigins?: string[] }) {
    const workspace = await server.admin.createWorkspace(name);
    const apiKey = await server.admin.createApiKey(workspace);
    const key = await server.admin.createFormKey(workspace, { allowedOrigins: formKey.allowedOrigins ?? [pages.origin], minFillMs: formKey.minFillMs });
    const path = `/${name}.html`;
    pages.show(path, leadFormPage({ endpoint: apiUrl, formKey: key }));
    return { apiKey, formKey: key, path };
  }

  /** What the workspace behind `apiKey` holds, read from Node through the REST adapter. */
  async function stored(apiKey: string): Promise<{ contacts: Contact[]; interactions: Interaction[] }> {
    const adapter = restAdapter({ baseUrl: apiUrl, apiKey });
    try {
      const [contacts, interactions] = await Promise.all([adapter.collection('contacts').query({ limit: 100 }), adapter.collection('interactions').query({ limit: 100 })]);
      return { contacts: contacts.items, interactions: interactions.items };
    } finally {
      await adapter.close?.();
    }
  }

  /** A fresh browser context (its own localStorage and network state), recording from the first script on. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    await context.addInitScript(recordInPage);
    return context;
  }

  /** Opens the lead form page at `path` (with the UTM query) and waits until the form has rendered. */
  async function openForm(context: BrowserContext, path: string): Promise<Visit> {
    const page = await context.newPage();
    const problems: string[] = [];
    const external: string[] = [];
    const posts: Request[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${pages.origin}/`) && !url.startsWith(`${apiUrl}/`)) external.push(url);
      if (url === `${apiUrl}/v1/leads` && request.method() === 'POST') posts.push(request);
    });
    const response = await page.goto(`${pages.origin}${path}?${new URLSearchParams(utm)}`);
    await page.waitForFunction(() => document.querySelector('rapport-lead-form')?.shadowRoot?.querySelector('[part="submit"]'), undefined, { timeout: 10_000 });
    return { page, problems, external, posts, csp: response?.headers()['content-security-policy'] };
  }

  /** No CSP violation, uncaught exception or request to a third origin; and, unless the scenario makes some, no console error. */
  async function assertClean(visit: Visit, options: { consoleErrors?: 'allowed' } = {}): Promise<void> {
    if (!visit.page.isClosed()) assert.deepEqual(await visit.page.evaluate(() => window.leadCspViolations), [], 'CSP violations');
    const problems = options.consoleErrors === 'allowed' ? visit.problems.filter((p) => !p.startsWith('console error:')) : visit.problems;
    assert.deepEqual(problems, [], 'page problems');
    assert.deepEqual(visit.external, [], 'requests to other origins');
  }

  before(async () => {
    const script = await readFile(bundleFile, 'utf8').catch(() => {
      throw new Error(`${bundleFile} is missing: build it with \`npx tsc -b && npx rollup -c\``);
    });
    const sourceMap = await readFile(`${bundleFile}.map`, 'utf8').catch(() => '{}');
    app = await serveFiles({
      '/index.html': { type: 'text/html', body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CRM</title><script type="module" src="/app.js"></script></head><body></body></html>' },
      '/app.js': { type: 'text/javascript', body: await bundlePage(resolve('test/fixtures/lead-form-app.ts')) },
      '/favicon.ico': { type: 'image/x-icon', body: '' },
    });
    server = await createServer({ log: false, corsOrigins: [new URL(app.url).origin], leads: { perIpPerMinute: 1000, perKeyPerMinute: 1000 } });
    ({ url: apiUrl } = await server.listen(0, '127.0.0.1'));
    apiUrl = apiUrl.replace(/\/+$/, '');
    pages = await serveLeadPages({ script, sourceMap, csp: strictCsp(new URL(apiUrl).origin) });
    assert.notEqual(pages.origin, new URL(apiUrl).origin, 'the lead endpoint is another origin');
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await pages?.close();
    await app?.close();
  });

  it('keyboard only: a lead typed on the hostile page is stored with consent, source and custom fields, and shows in a contact list', async () => {
    const { apiKey, path } = await provision('keyboard', { minFillMs: 1500 });
    const context = await newContext();
    const visit = await openForm(context, path);
    const { page } = visit;
    const shownAt = Date.now();
    assert.equal(visit.csp, strictCsp(new URL(apiUrl).origin));

    const steps: [expected: string, keys: () => Promise<void>][] = [
      ['firstName', () => page.keyboard.type('Ada')],
      ['lastName', () => page.keyboard.type('Lovelace')],
      ['email', () => page.keyboard.type('ada.keyboard@example.com')],
      // A closed select takes the arrow keys: "Choose…" → Pricing → A demo.
      ['interest', async () => (await page.keyboard.press('ArrowDown'), await page.keyboard.press('ArrowDown'))],
      ['message', () => page.keyboard.type('Please call me about the pro plan.')],
      ['consent-marketing-email', () => page.keyboard.press('Space')],
    ];
    for (const [expected, keys] of steps) {
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), expected, 'Tab moves to the next field');
      await keys();
    }
    const shadow = page.locator('rapport-lead-form');
    assert.equal(await shadow.locator('select[name="interest"]').inputValue(), 'demo');
    assert.equal(await shadow.locator('input[name="consent-marketing-email"]').isChecked(), true);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'submit');
    // The form key wants 1.5 s between showing the form and sending it.
    await page.waitForTimeout(Math.max(0, 1800 - (Date.now() - shownAt)));
    await page.keyboard.press('Enter');

    const success = await leadEvent(page, 'rapport-lead-success');
    assert.deepEqual([success.created, success.delayed], [true, false]);
    const submitted = await leadEvent(page, 'rapport-lead-submit');
    assert.equal(submitted.submissionId, success.submissionId);
    assert.equal(submitted.lead.consent?.[0]?.text, consentText, 'the consent text is the label, exactly');
    const panel = page.locator('rapport-lead-form [part="panel"]');
    assert.equal(await panel.getAttribute('role'), 'status');
    assert.equal(await partText(page, 'panel'), leadFormStrings.success);
    assert.equal(await focused(page), 'panel', 'focus moves to the result');
    assert.equal(visit.posts.length, 1);
    assert.equal(visit.posts[0]?.headers()['idempotency-key'], success.submissionId);

    const { contacts, interactions } = await stored(apiKey);
    assert.equal(contacts.length, 1);
    const contact = contacts[0] as Contact;
    assert.equal(contact.id, success.contactId);
    assert.deepEqual(
      { firstName: contact.firstName, lastName: contact.lastName, emails: contact.emails, lifecycleStage: contact.lifecycleStage },
      { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada.keyboard@example.com'], lifecycleStage: 'lead' },
    );
    assert.deepEqual(
      contact.consent.map(({ purpose, granted, method, textHash }) => ({ purpose, granted, method, textHash })),
      [{ purpose: 'marketing-email', granted: true, method: 'form', textHash: sha256Hex(consentText) }],
    );
    assert.deepEqual(contact.source, { channel: 'form', utmSource: 'newsletter', utmCampaign: 'spring', landingPage: `${pages.origin}${path}` });
    assert.deepEqual(contact.customFields, { interest: 'demo', campaignRef: hiddenValue });
    assert.equal(interactions.length, 1);
    const interaction = interactions[0] as Interaction;
    assert.deepEqual(
      { id: interaction.id, type: interaction.type, contactId: interaction.contactId, direction: interaction.direction, body: interaction.body },
      { id: success.interactionId, type: 'formSubmission', contactId: contact.id, direction: 'inbound', body: 'Please call me about the pro plan.' },
    );
    assert.deepEqual(interaction.data, { utmSource: 'newsletter', utmCampaign: 'spring', landingPage: `${pages.origin}${path}` });
    await assertClean(visit);

    // The CRM app, on its own origin, lists the new contact through the REST adapter.
    const crm = await context.newPage();
    const crmProblems: string[] = [];
    crm.on('pageerror', (error) => crmProblems.push(`page error: ${error.message}`));
    crm.on('console', (message) => void (message.type() === 'error' && crmProblems.push(`console error: ${message.text()}`)));
    await crm.goto(app.url);
    await crm.waitForSelector('body[data-ready]', { state: 'attached', timeout: 10_000 });
    await crm.evaluate(({ url, key }) => window.leadFormApp.open(url, key), { url: apiUrl, key: apiKey });
    await crm.waitForFunction(() => window.leadFormApp.rowNames().length > 0, undefined, { timeout: 10_000, polling: 50 });
    assert.deepEqual(await crm.evaluate(() => window.leadFormApp.rowNames()), ['Ada Lovelace']);
    assert.deepEqual(crmProblems, []);
    await context.close();
  });

  describe('offline, then online: delivered exactly once', () => {
    it('queues while offline and delivers on the online event', async () => {
      const { apiKey, path } = await provision('offline', { minFillMs: 0 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      await context.setOffline(true);
      assert.equal(await page.evaluate(() => navigator.onLine), false);
      await fill(page, { firstName: 'Grace', lastName: 'Hopper', email: 'grace.offline@example.com', message: 'Sent from a train.' });
      await submitButton(page).click();

      await page.locator('rapport-lead-form [part="panel"].queued').waitFor();
      assert.equal(await partText(page, 'panel'), leadFormStrings.queued);
      const queued = await outboxOf(page);
      assert.equal(queued.length, 1);
      assert.equal((JSON.parse(queued[0]?.body ?? '{}') as { email?: string }).email, 'grace.offline@example.com');
      assert.deepEqual((await stored(apiKey)).contacts, [], 'nothing reached the server');
      assert.equal(visit.posts.length, 0);
      // Offline, no attempt is made, so no attempt fails: no rapport-lead-error either.
      assert.deepEqual(await eventsOf(page), ['rapport-lead-submit']);

      await context.setOffline(false);
      const success = await leadEvent(page, 'rapport-lead-success');
      assert.equal(success.delayed, true);
      assert.equal(success.submissionId, queued[0]?.id);
      await page.locator('rapport-lead-form [part="panel"].success').waitFor();
      assert.deepEqual(await outboxOf(page), []);
      const { contacts, interactions } = await stored(apiKey);
      assert.deepEqual(contacts.map((c) => c.emails), [['grace.offline@example.com']]);
      assert.deepEqual(interactions.map((i) => i.contactId), [success.contactId]);
      assert.equal(visit.posts.length, 1);
      assert.deepEqual(await eventsOf(page), ['rapport-lead-submit', 'rapport-lead-success']);
      await assertClean(visit);
      await context.close();
    });

    it('delivers a submission left by a page closed while offline when the page is loaded again, once', async () => {
      const { apiKey, path } = await provision('reload', { minFillMs: 0 });
      const context = await newContext();
      const first = await openForm(context, path);
      await context.setOffline(true);
      await fill(first.page, { firstName: 'Alan', lastName: 'Turing', email: 'alan.reload@example.com', message: 'Left before it was sent.' });
      await submitButton(first.page).click();
      await first.page.locator('rapport-lead-form [part="panel"].queued').waitFor();
      const [entry] = await outboxOf(first.page);
      assert.ok(entry, 'queued in the outbox');
      await assertClean(first);
      await first.page.close();
      await context.setOffline(false);
      assert.deepEqual((await stored(apiKey)).contacts, [], 'nothing sent while no page was open');

      const second = await openForm(context, path);
      const success = await leadEvent(second.page, 'rapport-lead-success');
      assert.deepEqual([success.submissionId, success.delayed], [entry.id, true]);
      await second.page.waitForFunction(
        (text) => document.querySelector('rapport-lead-form')?.shadowRoot?.querySelector('.notice')?.textContent?.trim() === text,
        leadFormStrings.deliveredLater,
        { timeout: 5000 },
      );
      assert.deepEqual(await outboxOf(second.page), []);
      // Loading the page again sends nothing more.
      await second.page.reload();
      await second.page.waitForTimeout(500);
      assert.deepEqual(await eventsOf(second.page), []);
      const { contacts, interactions } = await stored(apiKey);
      assert.deepEqual(contacts.map((c) => c.emails), [['alan.reload@example.com']]);
      assert.deepEqual(interactions.map((i) => [i.contactId, i.body]), [[success.contactId, 'Left before it was sent.']]);
      assert.equal(second.posts.length, 1);
      await assertClean(second);
      await context.close();
    });

    it('retries with the same Idempotency-Key when the response is lost, and the server stores the lead once', async () => {
      const { apiKey, path } = await provision('lost-response', { minFillMs: 0 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      const attempts: { key: string | undefined; status: number; replayed: string | null }[] = [];
      await page.route(`${apiUrl}/v1/leads`, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const key = route.request().headers()['idempotency-key'];
        if (attempts.length > 0) {
          attempts.push({ key, status: 0, replayed: null });
          return route.continue();
        }
        // The request reaches the server and is stored; the answer never reaches the page.
        const response = await route.fetch();
        attempts.push({ key, status: response.status(), replayed: response.headers()['idempotent-replayed'] ?? null });
        return route.abort('connectionreset');
      });
      const replays: (string | null)[] = [];
      page.on('response', async (response) => {
        if (response.url() === `${apiUrl}/v1/leads` && response.request().method() === 'POST') replays.push(await response.headerValue('idempotent-replayed'));
      });
      await fill(page, { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine.lost@example.com', message: 'Did this arrive?' });
      await submitButton(page).click();

      const error = await leadEvent(page, 'rapport-lead-error');
      assert.deepEqual([error.willRetry, error.problem.status], [true, 0]);
      const success = await leadEvent(page, 'rapport-lead-success', 10_000);
      assert.equal(success.delayed, true);
      assert.equal(attempts.length, 2);
      assert.equal(attempts[0]?.status, 201, 'the first attempt was stored');
      assert.equal(attempts[1]?.key, attempts[0]?.key, 'the retry carries the same Idempotency-Key');
      assert.equal(attempts[0]?.key, success.submissionId);
      assert.deepEqual(replays, ['true'], 'the retry is answered with the stored answer');
      const { contacts, interactions } = await stored(apiKey);
      assert.deepEqual(contacts.map((c) => c.id), [success.contactId]);
      assert.deepEqual(interactions.map((i) => i.id), [success.interactionId]);
      assert.deepEqual(await outboxOf(page), []);
      // The aborted answer is a console error ("Failed to load resource"); nothing else may be.
      await assertClean(visit, { consoleErrors: 'allowed' });
      await context.close();
    });
  });

  describe('refused by the server, nothing stored', () => {
    it('refuses a filled honeypot with 422', async () => {
      const { apiKey, path } = await provision('honeypot', { minFillMs: 0 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      await fill(page, { firstName: 'Bot', lastName: 'Bot', email: 'bot.honeypot@example.com', message: 'Buy now' });
      await page.evaluate(() => {
        const trap = document.querySelector('rapport-lead-form')?.shadowRoot?.querySelector<HTMLInputElement>('input[name="website"]');
        if (!trap) throw new Error('no honeypot');
        trap.value = 'https://spam.example';
        trap.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      });
      const answer = page.waitForResponse((r) => r.url() === `${apiUrl}/v1/leads` && r.request().method() === 'POST');
      await submitButton(page).click();

      const response = await answer;
      assert.equal(response.status(), 422);
      assert.equal(response.headers()['access-control-allow-origin'], pages.origin, 'a refusal for an allowed origin is readable');
      const error = await leadEvent(page, 'rapport-lead-error');
      assert.equal(error.willRetry, false);
      assert.equal(error.problem.status, 422);
      assert.deepEqual(error.problem.issues.map((i) => i.path), [['honeypot']]);
      assert.notEqual(await partText(page, 'alert'), '', 'the form says it was not sent');
      assert.deepEqual(await eventsOf(page), ['rapport-lead-submit', 'rapport-lead-error']);
      assert.deepEqual(await outboxOf(page), []);
      assert.deepEqual(await stored(apiKey), { contacts: [], interactions: [] });
      await assertClean(visit, { consoleErrors: 'allowed' });
      await context.close();
    });

    it('refuses a submission faster than the form key allows, and the form says so', async () => {
      const { apiKey, path } = await provision('too-fast', { minFillMs: 60_000 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      await fill(page, { firstName: 'Quick', lastName: 'Silver', email: 'quick.fast@example.com', message: 'Fast' });
      await submitButton(page).click();

      const error = await leadEvent(page, 'rapport-lead-error');
      assert.equal(error.willRetry, false);
      assert.equal(error.problem.status, 422);
      assert.deepEqual(
        error.problem.issues.map((i) => [i.path, i.code]),
        [[['startedAt'], 'too_fast']],
      );
      await page.waitForFunction(
        (text) => document.querySelector('rapport-lead-form')?.shadowRoot?.querySelector('[part="alert"]')?.textContent?.trim() === text,
        leadFormStrings.tooFast,
        { timeout: 5000 },
      );
      assert.equal(await page.locator('rapport-lead-form [part="alert"]').getAttribute('role'), 'alert');
      assert.deepEqual(await outboxOf(page), []);
      assert.deepEqual(await stored(apiKey), { contacts: [], interactions: [] });
      await assertClean(visit, { consoleErrors: 'allowed' });
      await context.close();
    });

    it('answers 403 without CORS headers to an origin not on the allowlist; the page sees a network error and keeps the lead queued', async () => {
      const { apiKey, formKey, path } = await provision('wrong-origin', { minFillMs: 0, allowedOrigins: ['https://www.example.com'] });

      // At the HTTP level, from Node, as the browser sends it.
      const direct = await fetch(`${apiUrl}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'rapport-form-key': formKey, origin: pages.origin, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ email: 'direct.origin@example.com', honeypot: '', startedAt: new Date(Date.now() - 10_000).toISOString() }),
      });
      assert.equal(direct.status, 403);
      assert.equal(direct.headers.get('access-control-allow-origin'), null);

      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      // The page cannot read the answer; Chromium's DevTools protocol sees it as it arrived.
      const cdp = await context.newCDPSession(page);
      const leadRequests = new Set<string>();
      const answers: { status: number; allowOrigin: string | undefined }[] = [];
      const failures: string[] = [];
      cdp.on('Network.requestWillBeSent', (e) => void (e.request.url === `${apiUrl}/v1/leads` && e.request.method === 'POST' && leadRequests.add(e.requestId)));
      cdp.on('Network.responseReceivedExtraInfo', (e) => {
        if (!leadRequests.has(e.requestId)) return;
        const allowOrigin = Object.entries(e.headers).find(([name]) => name.toLowerCase() === 'access-control-allow-origin')?.[1];
        answers.push({ status: e.statusCode, allowOrigin });
      });
      cdp.on('Network.loadingFailed', (e) => void (leadRequests.has(e.requestId) && failures.push(e.corsErrorStatus?.corsError ?? e.errorText)));
      await cdp.send('Network.enable');
      await fill(page, { firstName: 'Eve', lastName: 'Elsewhere', email: 'eve.origin@example.com', message: 'From the wrong site' });
      await submitButton(page).click();

      const error = await leadEvent(page, 'rapport-lead-error');
      // The protocol's account of the answer may come a moment after the page's failure.
      for (let i = 0; i < 40 && answers.length === 0; i++) await page.waitForTimeout(50);
      assert.deepEqual(answers[0], { status: 403, allowOrigin: undefined });
      assert.equal(failures[0], 'MissingAllowOriginHeader');
      // Without CORS headers the page cannot read the 403: to it, this is a failed request, kept for a retry.
      assert.deepEqual([error.willRetry, error.problem.status, error.problem.code], [true, 0, 'network']);
      await page.locator('rapport-lead-form [part="panel"].queued').waitFor();
      assert.equal(await partText(page, 'panel'), leadFormStrings.retrying);
      assert.equal((await outboxOf(page)).length, 1);
      assert.deepEqual(await stored(apiKey), { contacts: [], interactions: [] });
      // The blocked answer is reported on the console by Chromium itself.
      await assertClean(visit, { consoleErrors: 'allowed' });
      await context.close();
    });
  });

  describe('keyboard only', () => {
    it('never reaches the honeypot with Tab or Shift+Tab', async () => {
      const { path } = await provision('tab-order', { minFillMs: 0 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;
      // No named functions inside: tsx would wrap them in a helper the page does not have.
      const layout = await page.evaluate(() => {
        const root = document.querySelector('rapport-lead-form')?.shadowRoot;
        const trap = root?.querySelector('.trap')?.getBoundingClientRect();
        return {
          // The hostile sheet did load under the CSP (else this test would prove nothing about it).
          bodyColor: getComputedStyle(document.body).color,
          trap: { width: trap?.width ?? -1, height: trap?.height ?? -1 },
          controls: [...(root?.querySelectorAll('[part~="control"], [part~="submit"]') ?? [])].map((e) => ({
            name: e.getAttribute('name') ?? 'submit',
            usable: e.getBoundingClientRect().height >= 16 && e.getBoundingClientRect().width >= 16,
          })),
        };
      });
      assert.equal(layout.bodyColor, 'rgb(255, 0, 0)');
      assert.ok(layout.trap.width <= 1 && layout.trap.height <= 1, `the honeypot stays out of sight: ${JSON.stringify(layout.trap)}`);
      assert.deepEqual(
        layout.controls.filter((c) => !c.usable),
        [],
        'every control keeps a usable size under the hostile stylesheet',
      );
      assert.equal(layout.controls.length, 7);
      const forward: string[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const at = await focused(page);
        if (at === 'body' || at === forward[0]) break;
        forward.push(at);
      }
      assert.deepEqual(forward, ['firstName', 'lastName', 'email', 'interest', 'message', 'consent-marketing-email', 'submit']);
      await page.locator('rapport-lead-form button[part="submit"]').focus();
      const backward: string[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Shift+Tab');
        const at = await focused(page);
        if (at === 'body' || at === 'submit') break;
        backward.push(at);
      }
      assert.deepEqual(backward, ['consent-marketing-email', 'message', 'interest', 'email', 'lastName', 'firstName']);
      await assertClean(visit);
      await context.close();
    });

    it(
      'keeps focus on the result when a keyboard submission is queued offline, as it does on success',
      async () => {
        const { path } = await provision('queued-focus', { minFillMs: 0 });
        const context = await newContext();
        const visit = await openForm(context, path);
        const { page } = visit;
        await context.setOffline(true);
        await fill(page, { firstName: 'Mary', lastName: 'Jackson', email: 'mary.focus@example.com', message: 'Offline' });
        await submitButton(page).focus();
        await page.keyboard.press('Enter');
        await page.locator('rapport-lead-form [part="panel"].queued').waitFor();
        assert.equal(await focused(page), 'panel');
        await context.close();
      },
    );

    it('Enter on an incomplete form moves focus to the first invalid field, described by a visible error', async () => {
      const { path } = await provision('validation', { minFillMs: 0 });
      const context = await newContext();
      const visit = await openForm(context, path);
      const { page } = visit;

      /** The focused control's state and the error text its aria-describedby points at. */
      const focusedField = () =>
        page.evaluate(() => {
          const root = document.querySelector('rapport-lead-form')?.shadowRoot;
          const control = root?.activeElement;
          const described = (control?.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
          const errors = described.map((id) => root?.getElementById(id)).filter((e) => e?.getAttribute('part') === 'error');
          return {
            name: control?.getAttribute('name'),
            invalid: control?.getAttribute('aria-invalid'),
            firstInvalid: root?.querySelector('[aria-invalid="true"]') === control,
            errors: errors.map((e) => ({ text: e?.textContent?.trim(), visible: e?.checkVisibility() === true && (e?.getBoundingClientRect().height ?? 0) > 0 })),
          };
        });

      const invalidNames = () =>
        page.evaluate(() => [...(document.querySelector('rapport-lead-form')?.shadowRoot?.querySelectorAll('[aria-invalid="true"]') ?? [])].map((e) => e.getAttribute('name')));

      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'firstName');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('rapport-lead-form')?.shadowRoot?.querySelector('[aria-invalid="true"]'), undefined, { timeout: 5000 });
      const invalid = await invalidNames();
      // The email is required; whether the empty name fields are flagged too is the element's choice.
      assert.ok(invalid.includes('email'), `invalid: ${invalid.join(', ')}`);
      const first = await focusedField();
      assert.equal(first.name, invalid[0], 'focus is on the first invalid field');
      assert.equal(first.invalid, 'true');
      assert.equal(first.errors.length, 1, 'aria-describedby names its error');
      assert.ok(first.errors[0]?.visible && first.errors[0].text, `a visible error text: ${JSON.stringify(first.errors)}`);
      assert.equal(
        await partText(page, 'alert'),
        invalid.length === 1 ? leadFormStrings.problemsOne : leadFormStrings.problemsOther.replace('{count}', String(invalid.length)),
      );

      // Back to the first name with Shift+Tab, type it, Enter: focus moves to the email, still missing.
      for (let i = 0; i < 5 && (await focused(page)) !== 'firstName'; i++) await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(page), 'firstName');
      await page.keyboard.type('Ada');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('rapport-lead-form')?.shadowRoot?.activeElement?.getAttribute('name') === 'email', undefined, {
        timeout: 5000,
      });
      assert.deepEqual(await invalidNames(), ['email']);
      assert.deepEqual(await focusedField(), {
        name: 'email',
        invalid: 'true',
        firstInvalid: true,
        errors: [{ text: leadFormStrings.required.replace('{label}', 'Email'), visible: true }],
      });
      assert.equal(visit.posts.length, 0, 'nothing was sent');
      assert.deepEqual(await eventsOf(page), []);
      await assertClean(visit);
      await context.close();
    });
  });
});
