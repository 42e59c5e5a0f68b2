import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { createCrm, fixedClock, memoryAdapter, type Crm } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { controllableStorage } from '../contact-card/controllable-storage.test-support.js';
import { formatMoney } from '../internal/format-money.js';
import { hostileStrings, somethingRan } from '../internal/hostile-strings.test-support.js';
import { chartWords, complete, now, part, reportWorkspace, root, tableColumns, tableRows, tabToToggle, text, viewBoxWidth } from '../internal/report-views.test-support.js';
import type { RapportPipelineSummary } from './pipeline-summary.js';
import './define.js';

const summary = (crm: Crm | undefined, pipelineId: string | undefined, locale = 'en-US', view?: 'table') =>
  fixture<RapportPipelineSummary>(
    html`<rapport-pipeline-summary locale=${locale} view=${ifDefined(view)} .crm=${crm} pipeline-id=${ifDefined(pipelineId)}></rapport-pipeline-summary>`,
  );

/** What the element's table should hold, computed here from crm.reports with the same formatting. */
async function expectedRows(crm: Crm, pipelineId: string, locale: string, params: { ownerId?: string; convert?: { to: string; rates: Record<string, number> } } = {}) {
  const report = await crm.reports.pipelineSummary({ pipelineId, ...params });
  const currency = params.convert?.to ?? (await crm.pipelines.get(pipelineId)).currency;
  const cell = (list: { minor: number; currency: string }[]) => {
    const first = list.find((m) => m.currency === currency) ?? { minor: 0, currency };
    return [first, ...list.filter((m) => m.currency !== currency)].map((m) => formatMoney(m, locale).replace(/\s+/g, ' ')).join(' ');
  };
  const number = new Intl.NumberFormat(locale);
  return {
    rows: report.stages.map((s) => [s.name, number.format(s.count), cell(s.amounts), cell(s.weighted)]),
    total: [number.format(report.total.count), cell(report.total.amounts), cell(report.total.weighted)],
    report,
  };
}

async function toTable(el: RapportPipelineSummary) {
  (part(el, 'toggle') as HTMLButtonElement).click();
  await el.updateComplete;
}

describe('<rapport-pipeline-summary>', () => {
  describe('accessibility', () => {
    it('is accessible with nothing to show (initial)', async () => {
      const el = await summary(undefined, undefined);
      expect(text(part(el, 'status'))).to.equal('No pipeline to summarise.');
      await expect(el).to.be.accessible();
      // A workspace without a pipeline id is still nothing to show.
      const { crm } = await reportWorkspace();
      el.crm = crm;
      await el.updateComplete;
      expect(text(part(el, 'status'))).to.equal('No pipeline to summarise.');
    });

    it('is accessible while loading', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await reportWorkspace(control.storage);
      control.mode = 'hold';
      const el = await summary(crm, pipeline.id);
      expect(text(part(el, 'status'))).to.equal('Loading the pipeline summary…');
      expect(part(el, 'frame')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      control.release();
      await complete(el);
      expect(part(el, 'frame')?.getAttribute('aria-busy')).to.equal('false');
    });

    it('is accessible when the pipeline has no deals, or does not exist (empty)', async () => {
      const { crm } = await reportWorkspace();
      const bare = await crm.pipelines.create({ name: 'Empty', currency: 'EUR', stages: [{ name: 'One' }] });
      const el = await summary(crm, bare.id);
      await waitUntil(() => text(part(el, 'status')) === 'No deals in this pipeline yet.');
      await expect(el).to.be.accessible();
      el.pipelineId = '01900000-0000-7000-8000-000000000000';
      await waitUntil(() => text(part(el, 'status')) === 'This pipeline does not exist or has been deleted.');
      await expect(el).to.be.accessible();
    });

    it('is accessible when loading fails (error), and Try again loads again', async () => {
      const control = controllableStorage(memoryAdapter());
      const { crm, pipeline } = await reportWorkspace(control.storage);
      control.mode = 'fail';
      const el = await summary(crm, pipeline.id);
      await waitUntil(() => text(part(el, 'status')) === 'The pipeline summary could not be loaded.');
      expect(text(part(el, 'retry'))).to.equal('Try again');
      await expect(el).to.be.accessible();
      control.mode = 'normal';
      (part(el, 'retry') as HTMLButtonElement).click();
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Pipeline summary: Sales');
    });

    it('is accessible complete: chart, table, dark and compact', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      el.density = 'compact';
      await el.updateComplete;
      await expect(el).to.be.accessible();
      await toTable(el);
      expect(part(el, 'table')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('chart', () => {
    it('names the svg by its title and describes every stage in words, from the report', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      const svg = part(el, 'chart') as SVGSVGElement;
      expect(svg.tagName.toLowerCase()).to.equal('svg');
      expect(svg.getAttribute('role')).to.equal('img');
      const { title, desc } = chartWords(el);
      expect(title).to.equal('Amount and weighted amount per stage of Sales, in EUR');
      expect(desc).to.equal(
        'In total 6 deals worth €72,000.00, €44,000.00 weighted by probability. ' +
          'Qualified: 1 deal, €10,000.00 (€2,000.00 weighted). ' +
          'Proposal: 2 deals, €20,000.00 (€10,000.00 weighted). ' +
          'Negotiation: 1 deal, €30,000.00 (€24,000.00 weighted). ' +
          'Won: 1 deal, €8,000.00 (€8,000.00 weighted). ' +
          'Lost: 1 deal, €4,000.00 (€0.00 weighted).',
      );
      // One solid and one hatched bar per stage, and the USD amount listed apart, never added.
      expect(svg.querySelectorAll('rect.series-1').length).to.equal(5);
      expect(svg.querySelectorAll('rect.hatched').length).to.equal(5);
      expect(text(part(el, 'other-currencies'))).to.equal('Also in other currencies, not in the chart: $5,000.00 ($2,500.00 weighted).');
      const legend = [...(part(el, 'legend')?.querySelectorAll('li') ?? [])].map((li) => text(li));
      expect(legend).to.deep.equal(['Amount', 'Weighted by probability']);
    });

    it('draws the largest stage’s bar longest, and bars in proportion to their amounts', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      const widths = [...root(el).querySelectorAll('rect.series-1')].map((r) => Number(r.getAttribute('width')));
      // Qualified 10k, Proposal 20k (EUR only), Negotiation 30k, Won 8k, Lost 4k.
      expect(widths[2]).to.be.greaterThan(widths[1] as number);
      expect((widths[1] as number) / (widths[0] as number)).to.be.closeTo(2, 0.01);
      expect((widths[0] as number) / (widths[4] as number)).to.be.closeTo(2.5, 0.01);
    });

    it('converts every amount into one currency with currency and rates', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id, 'en-US', 'table');
      el.currency = 'EUR';
      el.rates = { USD: 0.9 };
      await complete(el);
      await waitUntil(() => tableRows(el)[1]?.[2] === '€24,500.00', 'the converted proposal amount did not show');
      expect(el.getAttribute('currency')).to.equal('EUR');
      const { rows, total } = await expectedRows(crm, pipeline.id, 'en-US', { convert: { to: 'EUR', rates: { USD: 0.9 } } });
      expect(tableRows(el)).to.deep.equal(rows);
      expect(tableRows(el, 'tfoot')).to.deep.equal([['Total', ...total]]);
      expect(part(el, 'other-currencies')).to.equal(null);
      // A currency without a rate is refused by the report: the error state.
      el.rates = {};
      await waitUntil(() => text(part(el, 'status')) === 'The pipeline summary could not be loaded.');
    });
  });

  describe('data table', () => {
    it('holds the same numbers as crm.reports.pipelineSummary, per stage and in total', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      await toTable(el);
      expect(part(el, 'chart')).to.equal(null);
      expect(text(root(el).querySelector('caption'))).to.equal('Deals per stage of Sales');
      expect(tableColumns(el)).to.deep.equal(['Stage', 'Deals', 'Amount', 'Weighted']);
      expect([...root(el).querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).to.equal(true);
      expect([...root(el).querySelectorAll('tbody th')].every((th) => th.getAttribute('scope') === 'row')).to.equal(true);
      const { rows, total } = await expectedRows(crm, pipeline.id, 'en-US');
      expect(tableRows(el)).to.deep.equal(rows);
      expect(tableRows(el)[1]).to.deep.equal(['Proposal', '2', '€20,000.00 $5,000.00', '€10,000.00 $2,500.00']);
      expect(tableRows(el, 'tfoot')).to.deep.equal([['Total', ...total]]);
    });

    it('filters by owner (reflected), as the report does', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id, 'en-US', 'table');
      el.owner = 'bo';
      await el.updateComplete;
      expect(el.getAttribute('owner')).to.equal('bo');
      const { rows } = await expectedRows(crm, pipeline.id, 'en-US', { ownerId: 'bo' });
      await waitUntil(() => JSON.stringify(tableRows(el)) === JSON.stringify(rows), 'the owner’s rows did not show');
      expect(tableRows(el)[0]).to.deep.equal(['Qualified', '0', '€0.00', '€0.00']);
    });
  });

  describe('attributes, locale and strings', () => {
    it('reflects pipeline-id and view', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      expect(el.getAttribute('pipeline-id')).to.equal(pipeline.id);
      el.view = 'table';
      await el.updateComplete;
      expect(el.getAttribute('view')).to.equal('table');
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('true');
    });

    it('formats in de-DE: amounts, counts and the axis', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id, 'de-DE');
      await complete(el);
      // (Text read back with whitespace collapsed: Intl's no-break spaces show as spaces.)
      expect(chartWords(el).desc).to.contain('Proposal: 2 deals, 20.000,00 € (10.000,00 € weighted).');
      const axis = [...root(el).querySelectorAll('svg text.muted')].map((t) => t.textContent ?? '');
      // Compact money on the axis: German writes thousands out, with its own separators.
      expect(axis, axis.join(' | ')).to.include('30.000\u00a0€');
      el.locale = 'en-US';
      await el.updateComplete;
      const english = [...root(el).querySelectorAll('svg text.muted')].map((t) => t.textContent ?? '');
      expect(english, english.join(' | ')).to.include('€30K');
      el.locale = 'de-DE';
      await el.updateComplete;
      await toTable(el);
      const { rows } = await expectedRows(crm, pipeline.id, 'de-DE');
      expect(tableRows(el)).to.deep.equal(rows);
      expect(tableRows(el)[1]?.[2]).to.equal('20.000,00 € 5.000,00 $');
    });

    it('takes its strings from `strings`', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      el.strings = { heading: 'Übersicht: {pipeline}', showTable: 'Als Tabelle', 'deals.one': '{count} Deal', 'deals.other': '{count} Deals', stageLine: '{stage}: {deals}.', description: '{stages}' };
      await complete(el);
      expect(text(part(el, 'title'))).to.equal('Übersicht: Sales');
      expect(text(part(el, 'toggle'))).to.equal('Als Tabelle');
      expect(chartWords(el).desc).to.equal('Qualified: 1 Deal. Proposal: 2 Deals. Negotiation: 1 Deal. Won: 1 Deal. Lost: 1 Deal.');
      el.strings = { colStage: 'Phase', total: 'Summe' };
      await toTable(el);
      expect(tableColumns(el)[0]).to.equal('Phase');
      expect(tableRows(el, 'tfoot')[0]?.[0]).to.equal('Summe');
    });
  });

  describe('parts', () => {
    it('exposes frame, title, toggle, chart, legend, totals, other-currencies, then table; status and retry', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      for (const name of ['frame', 'title', 'toggle', 'chart', 'legend', 'totals', 'other-currencies']) expect(part(el, name), name).to.not.equal(null);
      await toTable(el);
      expect(part(el, 'table')).to.not.equal(null);
      const control = controllableStorage(memoryAdapter());
      const failing = await reportWorkspace(control.storage);
      control.mode = 'fail';
      const failed = await summary(failing.crm, failing.pipeline.id);
      await waitUntil(() => part(failed, 'retry'));
      expect(part(failed, 'status')).to.not.equal(null);
    });
  });

  describe('keyboard', () => {
    it('switches between chart and table with the toggle, by keyboard, keeping focus on it', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const el = await summary(crm, pipeline.id);
      await complete(el);
      expect(await tabToToggle(el)).to.equal(true);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'table')).to.not.equal(null);
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('true');
      expect(root(el).activeElement).to.equal(part(el, 'toggle'));
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(part(el, 'chart')).to.not.equal(null);
      expect(part(el, 'toggle')?.getAttribute('aria-pressed')).to.equal('false');
    });
  });

  describe('responsive', () => {
    it('draws at its container’s width: 300 px, then 900 px', async () => {
      const { crm, pipeline } = await reportWorkspace();
      const box = await fixture<HTMLDivElement>(html`<div><rapport-pipeline-summary locale="en-US" .crm=${crm} pipeline-id=${pipeline.id}></rapport-pipeline-summary></div>`);
      const el = box.querySelector('rapport-pipeline-summary') as RapportPipelineSummary;
      box.style.width = '300px';
      await complete(el);
      await waitUntil(() => viewBoxWidth(el) > 200 && viewBoxWidth(el) <= 300, `narrow: viewBox width ${viewBoxWidth(el)}`);
      const svg = part(el, 'chart') as SVGSVGElement;
      expect(Number(svg.getAttribute('width'))).to.equal(viewBoxWidth(el));
      expect(svg.getBoundingClientRect().width).to.be.at.most(300);
      box.style.width = '900px';
      await waitUntil(() => viewBoxWidth(el) > 800 && viewBoxWidth(el) <= 900, `wide: viewBox width ${viewBoxWidth(el)}`);
    });
  });

  describe('hostile text', () => {
    it('shows pipeline and stage names literally, runs nothing and injects nothing', async () => {
      for (const hostile of hostileStrings) {
        const { crm, pipeline } = await reportWorkspace(memoryAdapter(), { pipeline: hostile, stages: [hostile, `${hostile} 2`, `${hostile} 3`] });
        const el = await summary(crm, pipeline.id);
        await complete(el);
        const t = hostile.trim();
        expect(text(part(el, 'title'))).to.equal(`Pipeline summary: ${t}`.trim());
        expect(chartWords(el).desc).to.contain(`${t}: 1 deal`);
        expect(root(el).querySelectorAll('script, img, iframe, style, a, foreignObject').length).to.equal(0);
        await toTable(el);
        expect(tableRows(el)[0]?.[0]).to.equal(t);
        expect(root(el).querySelectorAll('script, img, iframe, style, a').length).to.equal(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(somethingRan()).to.equal(false);
    });
  });

  describe('live updates', () => {
    it('shows a deal won through a second Crm on the same IndexedDB database (another tab)', async () => {
      const databaseName = `pipeline-summary-${crypto.randomUUID()}`;
      const tabA = indexedDbAdapter({ databaseName });
      const tabB = indexedDbAdapter({ databaseName });
      try {
        const { crm: crmA, pipeline } = await reportWorkspace(tabA);
        const crmB = createCrm({ storage: tabB, clock: fixedClock(now) });
        const el = await summary(crmA, pipeline.id);
        await complete(el);
        expect(chartWords(el).desc).to.contain('Won: 1 deal, €8,000.00');
        const deal = await crmB.deals.create({ title: 'Z', amount: { minor: 1_200_000, currency: 'EUR' }, pipelineId: pipeline.id });
        await crmB.deals.win(deal.id);
        await waitUntil(() => chartWords(el).desc.includes('Won: 2 deals, €20,000.00'), 'the other tab’s win did not show', { timeout: 5000 });
        await toTable(el);
        const { rows } = await expectedRows(crmA, pipeline.id, 'en-US');
        expect(tableRows(el)).to.deep.equal(rows);
      } finally {
        await tabB.close?.();
        await tabA.deleteDatabase();
      }
    });
  });
});
