import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type ActivityLeaderboardParams, type Crm } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import { chartWords, complete, now, part, reportWorkspace, root, tableColumns, tableRows, tabToToggle, text, viewBoxWidth } from '../internal/report-views.test-support.js';
import type { RapportLeaderboard } from './leaderboard.js';
import './define.js';

const leaderboard = (crm: Crm | undefined, locale = 'en-US', view?: 'table') =>
  fixture<RapportLeaderboard>(html`<rapport-leaderboard locale=${locale} view=${ifDefined(view)} .crm=${crm}></rapport-leaderboard>`);

async function toTable(el: RapportLeaderboard) {
  (part(el, 'toggle') as HTMLButtonElement).click();
  await el.updateComplete;
}

/** The table crm.reports.activityLeaderboard implies, formatted here as the element should. */
async function expectedRows(crm: Crm, params: ActivityLeaderboardParams, locale: string) {
  const { rows, types } = await crm.reports.activityLeaderboard(params);
  const n = new Intl.NumberFormat(locale);
  return rows.map((row, i) => [row.ownerId ?? 'No owner', n.format(i + 1), n.format(row.total), ...types.map((t) => n.format(row.byType[t] ?? 0))]);
}

describe('<rapport-leaderboard>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial), loading, empty and error', async () => {
      const initial = await leaderboard(undefined);
      expect(text(part(initial, 'status'))).to.equal('No workspace to rank activity in.');
      await expect(initial).to.be.accessible();

      const control = controllableStorage(memoryAdapter());
      const { crm } = await reportWorkspace(control.storage);
      control.mode = 'hold';
      const el = await leaderboard(crm);
      expect(text(part(el, 'status'))).to.equal('Loading the leaderboard…');
      expect(part(el, 'frame')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.release();
      control.mode = 'fail';
      el.limit = 2;
      await waitUntil(() => text(part(el, 'status')) === 'The leaderboard could not be loaded.');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      (part(el, 'retry') as HTMLButtonElement).click();
      await complete(el);

      el.from = '2030-01-01';
      await waitUntil(() => text(part(el, 'status')) === 'No activity logged in this period.');
      await expect(el).to.be.accessible();
    });

    it('is accessible complete: chart, table, dark and compact', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      await complete(el);
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      el.density = 'compact';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      await toTable(el);
      await expect(el).to.be.accessible();
    });
  });

  describe('chart', () => {
    it('titles and describes the ranking in words, from the report', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Activity leaderboard');
      const { title, desc } = chartWords(el);
      expect(title).to.equal('Activities logged per owner, most first');
      expect(desc).to.equal('3 owners ranked by activities logged. 1. ada: 4 activities. 2. bo: 2 activities. 3. No owner: 1 activity.');
      const labels = [...root(el).querySelectorAll('svg g > text:not(.value)')].map((t) => text(t));
      expect(labels).to.deep.equal(['1. ada', '2. bo', '3. No owner']);
      const widths = [...root(el).querySelectorAll('svg rect.series-1')].map((r) => Number(r.getAttribute('width')));
      expect((widths[0] as number) / (widths[1] as number)).to.be.closeTo(2, 0.01);
      expect([...root(el).querySelectorAll('svg text.value:not(.muted)')].map((t) => text(t))).to.deep.equal(['4', '2', '1']);
    });

    it('shows names from `owners`, and follows limit and types (reflected)', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      el.owners = [{ id: 'ada', name: 'Ada Lovelace' }];
      await complete(el);
      expect(chartWords(el).desc).to.contain('1. Ada Lovelace: 4 activities.');
      el.limit = 1;
      el.setAttribute('types', 'meeting note');
      await el.updateComplete;
      expect(el.getAttribute('limit')).to.equal('1');
      expect(el.types).to.deep.equal(['note', 'meeting']);
      await waitUntil(() => chartWords(el).desc === '1 owner ranked by activities logged. 1. bo: 1 activity.', chartWords(el).desc);
    });
  });

  describe('data table', () => {
    it('holds the same numbers as crm.reports.activityLeaderboard, per type', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm, 'en-US', 'table');
      await complete(el);
      expect(text(root(el).querySelector('caption'))).to.equal('Activities logged per owner and type');
      expect(tableColumns(el)).to.deep.equal(['Owner', 'Rank', 'Total', 'Notes', 'Calls', 'Emails', 'Meetings', 'Tasks', 'Form submissions', 'Other']);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, {}, 'en-US'));
      expect(tableRows(el)[0]).to.deep.equal(['ada', '1', '4', '0', '3', '1', '0', '0', '0', '0']);
      el.types = ['call'];
      await waitUntil(() => tableColumns(el).length === 4);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, { types: ['call'] }, 'en-US'));
    });
  });

  describe('locale, strings, parts and keyboard', () => {
    it('formats numbers in de-DE', async () => {
      const { crm } = await reportWorkspace();
      for (let i = 0; i < 1_000; i++) await crm.interactions.log({ type: 'call', contactId: (await crm.contacts.list({ limit: 1 })).items[0]?.id as string, ownerId: 'cy', occurredAt: '2026-05-02T00:00:00.000Z' });
      const el = await leaderboard(crm, 'de-DE', 'table');
      await complete(el);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, {}, 'de-DE'));
      expect(tableRows(el)[0]?.slice(0, 3)).to.deep.equal(['cy', '1', '1.000']);
    });

    it('takes its strings from `strings`', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      el.strings = { heading: 'Aktivität', showTable: 'Tabelle', noOwner: 'Niemand', rankLabel: '#{rank} {owner}' };
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Aktivität');
      expect(text(part(el, 'toggle'))).to.equal('Tabelle');
      expect(chartWords(el).desc).to.contain('3. Niemand: 1 activity.');
      expect(text(root(el).querySelector('svg g > text'))).to.equal('#1 ada');
    });

    it('exposes frame, title, toggle, chart and table', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      await complete(el);
      for (const name of ['frame', 'title', 'toggle', 'chart']) expect(part(el, name), name).to.not.equal(null);
      await toTable(el);
      expect(part(el, 'table')).to.not.equal(null);
    });

    it('toggles between chart and table by keyboard', async () => {
      const { crm } = await reportWorkspace();
      const el = await leaderboard(crm);
      await complete(el);
      expect(await tabToToggle(el)).to.equal(true);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('true');
      expect(part(el, 'table')).to.not.equal(null);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'chart')).to.not.equal(null);
    });
  });

  describe('responsive', () => {
    it('draws at its container’s width: 300 px, then 900 px', async () => {
      const { crm } = await reportWorkspace();
      const box = await fixture<HTMLDivElement>(html`<div><rapport-leaderboard locale="en-US" .crm=${crm}></rapport-leaderboard></div>`);
      const el = box.querySelector('rapport-leaderboard') as RapportLeaderboard;
      box.style.width = '300px';
      await complete(el);
      await waitUntil(() => viewBoxWidth(el) > 200 && viewBoxWidth(el) <= 300, `narrow: ${viewBoxWidth(el)}`);
      box.style.width = '900px';
      await waitUntil(() => viewBoxWidth(el) > 800 && viewBoxWidth(el) <= 900, `wide: ${viewBoxWidth(el)}`);
    });
  });

  describe('hostile text', () => {
    it('shows owner ids literally and runs nothing', async () => {
      for (const hostile of hostileStrings) {
        const { crm } = await reportWorkspace(memoryAdapter(), { owners: [hostile, 'bo'] });
        const el = await leaderboard(crm);
        await complete(el);
        const t = hostile.trim();
        expect(chartWords(el).desc).to.contain(`1. ${t}: 4 activities.`);
        await toTable(el);
        expect(tableRows(el)[0]?.[0]).to.equal(t);
        expect(root(el).querySelectorAll('script, img, iframe, style, a, foreignObject').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows interactions logged through a second Crm on the same IndexedDB database (another tab)', async () => {
      const databaseName = `leaderboard-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm: crmA } = await reportWorkspace(tabA);
        const crmB = createCrm({ storage: tabB, clock: fixedClock(now) });
        const el = await leaderboard(crmA);
        await complete(el);
        const contactId = (await crmB.contacts.list({ limit: 1 })).items[0]?.id as string;
        for (const type of ['call', 'email', 'meeting'] as const) await crmB.interactions.log({ type, contactId, ownerId: 'bo' });
        await waitUntil(() => chartWords(el).desc.includes('1. bo: 5 activities. 2. ada: 4 activities.'), 'the other tab’s activity did not show', { timeout: 5000 });
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });
});
