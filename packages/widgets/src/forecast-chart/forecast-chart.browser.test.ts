import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type Crm, type ForecastParams, type Money } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { formatMoney } from '../internal/format-money.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import { chartWords, complete, now, part, reportWorkspace, root, tableColumns, tableRows, tabToToggle, text, viewBoxWidth } from '../internal/report-views.test-support.js';
import type { RapportForecastChart } from './forecast-chart.js';
import './define.js';

const forecastChart = (crm: Crm | undefined, pipelineId: string | undefined, locale = 'en-US', view?: 'table') =>
  fixture<RapportForecastChart>(
    html`<rapport-forecast-chart locale=${locale} view=${ifDefined(view)} .crm=${crm} pipeline-id=${ifDefined(pipelineId)}></rapport-forecast-chart>`,
  );

async function toTable(el: RapportForecastChart) {
  (part(el, 'toggle') as HTMLButtonElement).click();
  await el.updateComplete;
}

/** The table crm.reports.forecast implies, formatted here as the element should. */
async function expectedRows(crm: Crm, params: ForecastParams, locale: string, currency: string) {
  const forecast = await crm.reports.forecast(params);
  const plain = (s: string) => s.replace(/\s+/g, ' ');
  const amounts = (list: Money[]) =>
    [list.find((m) => m.currency === currency) ?? { minor: 0, currency }, ...list.filter((m) => m.currency !== currency)].map((m) => plain(formatMoney(m, locale))).join(' ');
  const deals = (count: number) => `${count} ${count === 1 ? 'deal' : 'deals'}`;
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return forecast.buckets.map((b) => [
    plain(month.format(new Date(`${b.start}T00:00:00Z`))),
    amounts(b.weighted),
    `${amounts(b.commit.amounts)} ${deals(b.commit.count)}`,
    `${amounts(b.bestCase.amounts)} ${deals(b.bestCase.count)}`,
    `${amounts(b.pipeline.amounts)} ${deals(b.pipeline.count)}`,
    `${amounts(b.closed.amounts)} ${deals(b.closed.count)}`,
  ]);
}

describe('<rapport-forecast-chart>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial), loading, empty and error', async () => {
      const initial = await forecastChart(undefined, undefined);
      expect(text(part(initial, 'status'))).to.equal('No workspace to forecast from.');
      await expect(initial).to.be.accessible();

      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await reportWorkspace(control.storage);
      control.mode = 'hold';
      const loading = await forecastChart(crm, pipeline.id);
      expect(text(part(loading, 'status'))).to.equal('Loading the forecast…');
      expect(part(loading, 'frame')?.getAttribute('aria-busy')).to.equal('true');
      await expect(loading).to.be.accessible();
      control.release();
      control.mode = 'fail';
      loading.period = 'quarter';
      await waitUntil(() => text(part(loading, 'status')) === 'The forecast could not be loaded.');
      await expect(loading).to.be.accessible();
      control.mode = 'normal';
      (part(loading, 'retry') as HTMLButtonElement).click();
      await complete(loading);

      const empty = await forecastChart(createCrm({ storage: memoryAdapter() }), undefined);
      await waitUntil(() => text(part(empty, 'status')) === 'No open or won deals to forecast.');
      await expect(empty).to.be.accessible();
      empty.crm = crm;
      empty.pipelineId = '01900000-0000-7000-8000-000000000000';
      await waitUntil(() => text(part(empty, 'status')) === 'This pipeline does not exist or has been deleted.');
    });

    it('is accessible complete: chart, table, dark and compact', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id);
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
    it('titles and describes the forecast in words, from the report; bars for weighted, a line for won', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id);
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Forecast: Sales');
      const { title, desc } = chartWords(el);
      expect(title).to.equal('Weighted forecast and won deals per month, in EUR');
      expect(desc).to.equal(
        'From June 2026 to September 2026: €36,000.00 weighted forecast and €8,000.00 won in total. ' +
          'June 2026: €0.00 weighted, €8,000.00 won. July 2026: €2,000.00 weighted, €0.00 won. ' +
          'August 2026: €10,000.00 weighted, €0.00 won. September 2026: €24,000.00 weighted, €0.00 won.',
      );
      const svg = part(el, 'chart') as SVGSVGElement;
      const bars = [...svg.querySelectorAll('rect.series-1')].map((r) => Number(r.getAttribute('height')));
      expect(bars.length).to.equal(4);
      expect((bars[3] as number) / (bars[2] as number)).to.be.closeTo(2.4, 0.01);
      expect(svg.querySelector('path.line.series-2')?.getAttribute('d')).to.match(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}$/);
      expect(svg.querySelectorAll('circle.dot').length).to.equal(4);
      const axis = [...svg.querySelectorAll('text.muted')].map((t) => t.textContent);
      expect(axis).to.include.members(['€0', '€10K', '€20K', 'Jun 2026', 'Sep 2026']);
      expect(text(part(el, 'other-currencies'))).to.equal('Amounts in USD are not in the chart: the table lists them.');
    });

    it('follows period, from, to and owner (reflected), and notes undated deals', async () => {
      const { crm, pipeline } = await reportWorkspace();
      await crm.deals.create({ title: 'No date', amount: { minor: 100_000, currency: 'EUR' }, pipelineId: pipeline.id, ownerId: 'bo' });
      const el = await forecastChart(crm, pipeline.id);
      el.period = 'quarter';
      el.from = '2026-07-01';
      el.to = '2027-01-01';
      el.owner = 'ada';
      await el.updateComplete;
      for (const name of ['period', 'from', 'to', 'owner']) expect(el.hasAttribute(name), name).to.equal(true);
      await complete(el);
      expect(chartWords(el).desc).to.equal('From Q3 2026 to Q4 2026: €26,000.00 weighted forecast and €0.00 won in total. Q3 2026: €26,000.00 weighted, €0.00 won.');
      expect(part(el, 'undated')).to.equal(null);
      el.owner = undefined;
      await waitUntil(() => text(part(el, 'undated')) === '1 deal without an expected close date, €200.00 weighted, are not in the chart.');
    });
  });

  describe('data table', () => {
    it('holds the same numbers as crm.reports.forecast for each period', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id, 'en-US', 'table');
      await complete(el);
      expect(text(root(el).querySelector('caption'))).to.equal('Forecast per month, by expected close date');
      expect(tableColumns(el)).to.deep.equal(['Period', 'Weighted', 'Commit', 'Best case', 'Pipeline', 'Won']);
      expect([...root(el).querySelectorAll('th')].every((th) => ['col', 'row'].includes(th.getAttribute('scope') ?? ''))).to.equal(true);
      const rows = await expectedRows(crm, { pipelineId: pipeline.id }, 'en-US', 'EUR');
      expect(tableRows(el)).to.deep.equal(rows);
      expect(tableRows(el)[1]).to.deep.equal(['Jul 2026', '€2,000.00 $2,500.00', '€0.00 0 deals', '€0.00 $5,000.00 1 deal', '€10,000.00 1 deal', '€0.00 0 deals']);
    });

    it('converts into one currency with currency and rates', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id, 'en-US', 'table');
      el.currency = 'USD';
      el.rates = { EUR: 1.1 };
      await complete(el);
      const rows = await expectedRows(crm, { pipelineId: pipeline.id, convert: { to: 'USD', rates: { EUR: 1.1 } } }, 'en-US', 'USD');
      await waitUntil(() => JSON.stringify(tableRows(el)) === JSON.stringify(rows), 'the converted table did not show');
      expect(part(el, 'other-currencies')).to.equal(null);
    });
  });

  describe('locale, strings, parts and keyboard', () => {
    it('formats dates and money in de-DE', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id, 'de-DE');
      await complete(el);
      expect(chartWords(el).desc).to.contain('Juli 2026: 2.000,00 € weighted, 0,00 € won.');
      const axis = [...root(el).querySelectorAll('svg text.muted')].map((t) => (t.textContent ?? '').replace(/\s+/g, ' '));
      expect(axis).to.include.members(['0 €', '20.000 €', 'Juni 2026']);
      await toTable(el);
      expect(tableRows(el)).to.deep.equal(await expectedRows(crm, { pipelineId: pipeline.id }, 'de-DE', 'EUR'));
    });

    it('takes its strings from `strings`', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id);
      el.strings = { headingPipeline: 'Prognose: {pipeline}', showTable: 'Tabelle', legendWon: 'Gewonnen', periodLine: '{period}={won}.', description: '{periods}' };
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Prognose: Sales');
      expect(text(part(el, 'toggle'))).to.equal('Tabelle');
      expect(text(part(el, 'legend'))).to.contain('Gewonnen');
      expect(chartWords(el).desc).to.equal('June 2026=€8,000.00. July 2026=€0.00. August 2026=€0.00. September 2026=€0.00.');
    });

    it('exposes frame, title, toggle, chart, legend, undated, other-currencies and table', async () => {
      const { crm, pipeline } = await reportWorkspace();
      await crm.deals.create({ title: 'No date', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id });
      const el = await forecastChart(crm, pipeline.id);
      await complete(el);
      for (const name of ['frame', 'title', 'toggle', 'chart', 'legend', 'undated', 'other-currencies']) expect(part(el, name), name).to.not.equal(null);
      await toTable(el);
      expect(part(el, 'table')).to.not.equal(null);
    });

    it('toggles between chart and table by keyboard', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await forecastChart(crm, pipeline.id);
      await complete(el);
      expect(await tabToToggle(el)).to.equal(true);
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('true');
      expect(part(el, 'table')).to.not.equal(null);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'chart')).to.not.equal(null);
      expect(el.view).to.equal('chart');
    });
  });

  describe('responsive', () => {
    it('draws at its container’s width: 300 px, then 900 px', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const box = await fixture<HTMLDivElement>(html`<div><rapport-forecast-chart locale="en-US" .crm=${crm} pipeline-id=${pipeline.id}></rapport-forecast-chart></div>`);
      const el = box.querySelector('rapport-forecast-chart') as RapportForecastChart;
      box.style.width = '300px';
      await complete(el);
      await waitUntil(() => viewBoxWidth(el) > 200 && viewBoxWidth(el) <= 300, `narrow: ${viewBoxWidth(el)}`);
      const narrowHeight = Number(part(el, 'chart')?.getAttribute('height'));
      box.style.width = '900px';
      await waitUntil(() => viewBoxWidth(el) > 800 && viewBoxWidth(el) <= 900, `wide: ${viewBoxWidth(el)}`);
      expect(Number(part(el, 'chart')?.getAttribute('height'))).to.be.greaterThan(narrowHeight);
    });
  });

  describe('hostile text', () => {
    it('shows a pipeline’s name literally and runs nothing', async () => {
      for (const hostile of hostileStrings) {
        const { crm, pipeline } = await reportWorkspace(memoryAdapter(), { pipeline: hostile, owners: [hostile, 'bo'] });
        const el = await forecastChart(crm, pipeline.id);
        el.owner = hostile;
        await complete(el);
        await waitUntil(() => chartWords(el).desc.includes('€24,000.00 weighted'));
        expect(text(part(el, 'title'))).to.equal(`Forecast: ${hostile.trim()}`.trim());
        expect(root(el).querySelectorAll('script, img, iframe, style, a, foreignObject').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows a deal won through a second Crm on the same IndexedDB database (another tab)', async () => {
      const databaseName = `forecast-chart-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm: crmA, pipeline } = await reportWorkspace(tabA);
        const crmB = createCrm({ storage: tabB, clock: fixedClock(now) });
        const el = await forecastChart(crmA, pipeline.id);
        await complete(el);
        expect(chartWords(el).desc).to.contain('June 2026: €0.00 weighted, €8,000.00 won.');
        const heightBefore = Number(root(el).querySelector('circle.dot')?.getAttribute('cy'));
        const deal = await crmB.deals.create({ title: 'Z', amount: { minor: 1_200_000, currency: 'EUR' }, pipelineId: pipeline.id });
        await crmB.deals.win(deal.id);
        await waitUntil(() => chartWords(el).desc.includes('June 2026: €0.00 weighted, €20,000.00 won.'), 'the other tab’s win did not show', { timeout: 5000 });
        expect(Number(root(el).querySelector('circle.dot')?.getAttribute('cy'))).to.be.lessThan(heightBefore);
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });
});
