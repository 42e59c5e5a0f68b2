import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type Crm, type FunnelParams } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import { chartWords, complete, now, part, reportWorkspace, root, tableColumns, tableRows, tabToToggle, text, viewBoxWidth } from '../internal/report-views.test-support.js';
import type { RapportFunnelChart } from './funnel-chart.js';
import './define.js';

const funnelChart = (crm: Crm | undefined, pipelineId: string | undefined, locale = 'en-US', view?: 'table') =>
  fixture<RapportFunnelChart>(html`<rapport-funnel-chart locale=${locale} view=${ifDefined(view)} .crm=${crm} pipeline-id=${ifDefined(pipelineId)}></rapport-funnel-chart>`);

async function toTable(el: RapportFunnelChart) {
  (part(el, 'toggle') as HTMLButtonElement).click();
  await el.updateComplete;
}

/** The table crm.reports.funnel implies, formatted here as the element should. */
async function expectedRows(crm: Crm, params: FunnelParams, locale: string) {
  const { steps } = await crm.reports.funnel(params);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const rate = (r: number | null) => (r === null ? '—' : percent.format(r).replace(/\s+/g, ' '));
  return steps.map((s) => [s.name, new Intl.NumberFormat(locale).format(s.reached), rate(s.conversion), rate(s.fromStart)]);
}

describe('<rapport-funnel-chart>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial), loading, empty and error', async () => {
      const initial = await funnelChart(undefined, undefined);
      expect(text(part(initial, 'status'))).to.equal('No pipeline to show a funnel for.');
      await expect(initial).to.be.accessible();

      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await reportWorkspace(control.storage);
      control.mode = 'hold';
      const el = await funnelChart(crm, pipeline.id);
      expect(text(part(el, 'status'))).to.equal('Loading the funnel…');
      expect(part(el, 'frame')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.release();
      control.mode = 'fail';
      el.owner = 'ada';
      await waitUntil(() => text(part(el, 'status')) === 'The funnel could not be loaded.');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      (part(el, 'retry') as HTMLButtonElement).click();
      await complete(el);

      el.from = '2030-01-01';
      await waitUntil(() => text(part(el, 'status')) === 'No deals were created in this pipeline in this period.');
      await expect(el).to.be.accessible();
      el.pipelineId = '01900000-0000-7000-8000-000000000000';
      await waitUntil(() => text(part(el, 'status')) === 'This pipeline does not exist or has been deleted.');
    });

    it('is accessible complete: chart, table, dark and compact', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id);
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
    it('titles and describes every step with its conversion, from the report', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id);
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Funnel: Sales');
      const { title, desc } = chartWords(el);
      expect(title).to.equal('How many deals of Sales reached each stage');
      expect(desc).to.equal(
        '6 deals in the period. Qualified: 6 deals reached. ' +
          'Proposal: 4 deals reached, 66.7% of the previous step, 66.7% of the first. ' +
          'Negotiation: 2 deals reached, 50% of the previous step, 33.3% of the first. ' +
          'Won: 1 deal reached, 50% of the previous step, 16.7% of the first.',
      );
      const steps = [...root(el).querySelectorAll('svg path.step')];
      expect(steps.map((p) => p.getAttribute('class'))).to.deep.equal(['step series-1', 'step series-1', 'step series-1', 'step series-3']);
      // d3's area: each step a closed shape, widest at the top.
      const widthAt = (d: string) => {
        const xs = [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
        return Math.max(...xs) - Math.min(...xs);
      };
      const widths = steps.map((p) => widthAt(p.getAttribute('d') ?? ''));
      expect(widths[0]).to.be.greaterThan(widths[1] as number);
      const values = [...root(el).querySelectorAll('svg text.value')].map((t) => text(t));
      expect(values).to.deep.equal(['6', '4 · 66.7%', '2 · 50%', '1 · 50%']);
    });
  });

  describe('data table', () => {
    it('holds the same numbers as crm.reports.funnel', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id, 'en-US', 'table');
      await complete(el);
      expect(text(root(el).querySelector('caption'))).to.equal('Deals of Sales that reached each stage');
      expect(tableColumns(el)).to.deep.equal(['Stage', 'Deals reached', 'Conversion from the previous stage', 'Share of the first stage']);
      expect([...root(el).querySelectorAll('tbody th')].every((th) => th.getAttribute('scope') === 'row')).to.equal(true);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, { pipelineId: pipeline.id }, 'en-US'));
      expect(tableRows(el)[0]).to.deep.equal(['Qualified', '6', '—', '100%']);
      el.owner = 'bo';
      await el.updateComplete;
      expect(el.getAttribute('owner')).to.equal('bo');
      const bo = await expectedRows(crm, { pipelineId: pipeline.id, ownerId: 'bo' }, 'en-US');
      await waitUntil(() => JSON.stringify(tableRows(el)) === JSON.stringify(bo), 'the owner’s funnel did not show');
    });
  });

  describe('locale, strings, parts and keyboard', () => {
    it('formats percentages in de-DE', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id, 'de-DE', 'table');
      await complete(el);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, { pipelineId: pipeline.id }, 'de-DE'));
      expect(tableRows(el)[1]).to.deep.equal(['Proposal', '4', '66,7 %', '66,7 %']);
    });

    it('takes its strings from `strings`', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id);
      el.strings = { heading: 'Trichter: {pipeline}', showTable: 'Tabelle', notApplicable: 'n/a', description: '{deals}.', 'deals.other': '{count} Deals' };
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Trichter: Sales');
      expect(text(part(el, 'toggle'))).to.equal('Tabelle');
      expect(chartWords(el).desc).to.equal('6 Deals.');
      await toTable(el);
      expect(tableRows(el)[0]?.[2]).to.equal('n/a');
    });

    it('exposes frame, title, toggle, chart and table', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id);
      await complete(el);
      for (const name of ['frame', 'title', 'toggle', 'chart']) expect(part(el, name), name).to.not.equal(null);
      await toTable(el);
      expect(part(el, 'table')).to.not.equal(null);
    });

    it('toggles between chart and table by keyboard', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await funnelChart(crm, pipeline.id);
      await complete(el);
      expect(await tabToToggle(el)).to.equal(true);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('true');
      expect(el.getAttribute('view')).to.equal('table');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(part(el, 'chart')).to.not.equal(null);
    });
  });

  describe('responsive', () => {
    it('draws at its container’s width: 300 px, then 900 px', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const box = await fixture<HTMLDivElement>(html`<div><rapport-funnel-chart locale="en-US" .crm=${crm} pipeline-id=${pipeline.id}></rapport-funnel-chart></div>`);
      const el = box.querySelector('rapport-funnel-chart') as RapportFunnelChart;
      box.style.width = '300px';
      await complete(el);
      await waitUntil(() => viewBoxWidth(el) > 200 && viewBoxWidth(el) <= 300, `narrow: ${viewBoxWidth(el)}`);
      box.style.width = '900px';
      await waitUntil(() => viewBoxWidth(el) > 800 && viewBoxWidth(el) <= 900, `wide: ${viewBoxWidth(el)}`);
    });
  });

  describe('hostile text', () => {
    it('shows pipeline and stage names literally and runs nothing', async () => {
      for (const hostile of hostileStrings) {
        const { crm, pipeline } = await reportWorkspace(memoryAdapter(), { pipeline: hostile, stages: [hostile, `${hostile} 2`, `${hostile} 3`] });
        const el = await funnelChart(crm, pipeline.id);
        await complete(el);
        const t = hostile.trim();
        expect(text(part(el, 'title'))).to.equal(`Funnel: ${t}`.trim());
        expect(chartWords(el).desc).to.contain(`${t}: 6 deals reached.`);
        await toTable(el);
        expect(tableRows(el)[0]?.[0]).to.equal(t);
        expect(root(el).querySelectorAll('script, img, iframe, style, a, foreignObject').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows a deal won through a second Crm on the same IndexedDB database (another tab)', async () => {
      const databaseName = `funnel-chart-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm: crmA, pipeline } = await reportWorkspace(tabA);
        const crmB = createCrm({ storage: tabB, clock: fixedClock(now) });
        const el = await funnelChart(crmA, pipeline.id);
        await complete(el);
        const deal = await crmB.deals.create({ title: 'Z', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id });
        await crmB.deals.win(deal.id);
        await waitUntil(() => chartWords(el).desc.startsWith('7 deals in the period.'), 'the other tab’s win did not show', { timeout: 5000 });
        // A won deal reached every step before the won one.
        expect(chartWords(el).desc).to.contain('Won: 2 deals reached, 66.7% of the previous step');
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });
});
