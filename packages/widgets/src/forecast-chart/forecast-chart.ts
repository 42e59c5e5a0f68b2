import { isRapportError, type Crm, type DealTotals, type Forecast, type ForecastBucket, type ForecastParams, type Money, type Pipeline } from '@rapport/core';
import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { renderChartFrame, type TableRow } from '../internal/chart-frame.js';
import { renderLegend } from '../internal/chart-legend.js';
import { formatMoney } from '../internal/format-money.js';
import { amountIn, currenciesIn, currencyFirst } from '../internal/money-in.js';
import type { ReportRequest } from '../internal/report-controller.js';
import { RapportReportElement } from '../internal/report-element.js';
import { forecastChartStrings, type ForecastChartStrings } from './forecast-chart.strings.js';
import { forecastChartStyles } from './forecast-chart.styles.js';

export { forecastChartStrings, type ForecastChartStrings } from './forecast-chart.strings.js';

/** What the element shows: the forecast and its pipeline (when one is chosen), or `null` when that pipeline does not exist. */
export type ForecastChartResult = { readonly pipeline: Pipeline | undefined; readonly forecast: Forecast } | null;

/** More periods than this, and the description names only the peak instead of each period. */
const periodsDescribed = 24;

/** Whether a bucket holds any deal. */
const hasDeals = (bucket: Pick<ForecastBucket, 'pipeline' | 'bestCase' | 'commit'> & { closed?: DealTotals }) =>
  bucket.pipeline.count + bucket.bestCase.count + bucket.commit.count + (bucket.closed?.count ?? 0) > 0;

/**
 * Revenue to come, per month or quarter of expected close: the weighted forecast of open deals as
 * bars, and the deals already won as a line with dots, over a money axis with compact labels.
 * The table adds the forecast's categories (commit, best case, pipeline) with their deal counts.
 * Charted in the pipeline's currency (or, for every pipeline, the first currency met); other
 * currencies are listed in the table, never added. With `currency` and `rates`, every amount is
 * converted into one currency (the report's `convert`). Open deals without an expected close
 * date are counted in a note under the chart.
 *
 * The chart is an `<svg role="img">` with a title and a description in words; the toggle button
 * shows the same numbers as a table. It follows its container's width, and runs the report again
 * whenever deals or pipelines change, here or in another tab.
 *
 * @tag rapport-forecast-chart
 * @summary Weighted forecast and won deals per month or quarter, as an accessible bar chart.
 *
 * @csspart frame - The outer box, in every state.
 * @csspart status - The message of the initial, loading, empty and error states.
 * @csspart retry - The error state's Try again button.
 * @csspart title - The heading.
 * @csspart toggle - The button that switches between chart and table (`aria-pressed`).
 * @csspart chart - The chart (`<svg role="img">`).
 * @csspart table - The data table.
 * @csspart legend - The chart's legend.
 * @csspart undated - The note on open deals without an expected close date.
 * @csspart other-currencies - The note naming currencies the chart does not show.
 *
 * @cssprop --rapport-color-chart-1 - The weighted forecast's bars.
 * @cssprop --rapport-color-chart-2 - The won line and its dots.
 */
export class RapportForecastChart extends RapportReportElement<ForecastChartStrings, ForecastChartResult> {
  /** The shared tokens, reset and chart frame, then the element's own rules. */
  static override styles = [...RapportReportElement.styles, forecastChartStyles];

  /** Only this pipeline's deals (default: every pipeline). */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined = undefined;

  /** `month` (default) or `quarter`: how long each bar's period is. */
  @property({ reflect: true }) accessor period: 'month' | 'quarter' = 'month';

  /** The first day counted (`2026-01-01`); default: the earliest deal's period. */
  @property({ reflect: true }) accessor from: string | undefined = undefined;

  /** The first day no longer counted (`2027-01-01`); default: up to the latest deal's period. */
  @property({ reflect: true }) accessor to: string | undefined = undefined;

  /** Only this owner's deals (the report's `ownerId`). */
  @property({ reflect: true }) accessor owner: string | undefined = undefined;

  /** Convert every amount into this currency (ISO 4217), at `rates`. */
  @property({ reflect: true }) accessor currency: string | undefined = undefined;

  /** With `currency`: how many units of it one unit of each other currency is worth, by code. */
  @property({ attribute: false }) accessor rates: Readonly<Record<string, number>> | undefined = undefined;

  protected readonly defaultStrings = forecastChartStrings;

  /** The report's parameters, as the attributes set them. */
  private get params(): ForecastParams {
    return {
      period: this.period === 'quarter' ? 'quarter' : 'month',
      ...(this.from ? { from: this.from } : {}),
      ...(this.to ? { to: this.to } : {}),
      ...(this.pipelineId ? { pipelineId: this.pipelineId } : {}),
      ...(this.owner ? { ownerId: this.owner } : {}),
      ...(this.currency ? { convert: { to: this.currency, rates: { ...this.rates } } } : {}),
    };
  }

  protected reportRequest(): ReportRequest {
    return { crm: this.workspace, params: this.params, collections: ['pipelines', 'deals'] };
  }

  protected async runReport(crm: Crm, signal: AbortSignal): Promise<ForecastChartResult> {
    const pipelineId = this.pipelineId;
    try {
      const [pipeline, forecast] = await Promise.all([pipelineId ? crm.pipelines.get(pipelineId, { signal }) : undefined, crm.reports.forecast(this.params, { signal })]);
      return { pipeline, forecast };
    } catch (error) {
      if (pipelineId && isRapportError(error, 'not_found')) return null;
      throw error;
    }
  }

  protected isEmpty(result: ForecastChartResult): boolean {
    return result === null || (!result.forecast.buckets.some(hasDeals) && !hasDeals(result.forecast.undated));
  }

  protected override emptyText(result: ForecastChartResult | undefined): string {
    return result === null ? this.t('notFound') : this.t('empty');
  }

  /** A period's name: "Jul 2026" (or "July 2026" when `long`), or "Q3 2026". */
  private periodLabel(bucket: ForecastBucket, period: Forecast['period'], long = false): string {
    const start = new Date(`${bucket.start}T00:00:00.000Z`);
    const locale = this.resolvedLocale;
    if (period === 'quarter') {
      return this.t('quarterLabel', {
        quarter: Math.floor(start.getUTCMonth() / 3) + 1,
        year: new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' }).format(start),
      });
    }
    return new Intl.DateTimeFormat(locale, { month: long ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' }).format(start);
  }

  private renderChart(buckets: readonly ForecastBucket[], period: Forecast['period'], currency: string, width: number) {
    const locale = this.resolvedLocale;
    const height = Math.round(Math.min(340, Math.max(200, width * 0.45)));
    const left = Math.min(72, Math.max(48, width * 0.12));
    const margin = { top: 12, right: 8, bottom: 28, left };
    const weighted = buckets.map((b) => amountIn(b.weighted, currency).minor);
    const won = buckets.map((b) => amountIn(b.closed.amounts, currency).minor);
    const max = Math.max(0, ...weighted, ...won);
    // A tick every ~48 px of height.
    const count = Math.max(2, Math.floor((height - margin.top - margin.bottom) / 48));
    const x = scaleBand<string>()
      .domain(buckets.map((b) => b.key))
      .range([margin.left, width - margin.right])
      .paddingInner(0.25)
      .paddingOuter(0.1);
    const y = scaleLinear()
      .domain([0, max > 0 ? max : 1])
      .range([height - margin.bottom, margin.top])
.nice(count);
    const ticks = y.ticks(count);
    const center = (key: string) => (x(key) ?? 0) + x.bandwidth() / 2;
    // Label every nth period so that labels (about 7 characters) never overlap.
    const every = Math.max(1, Math.ceil(64 / Math.max(1, x.step())));
    const wonPath = line<ForecastBucket>()
      .x((b) => center(b.key))
      .y((b) => y(amountIn(b.closed.amounts, currency).minor))(buckets as ForecastBucket[]);
    const chart = svg`
      ${ticks.map(
        (tick) => svg`<line class="grid" x1=${margin.left} x2=${width - margin.right} y1=${y(tick)} y2=${y(tick)}></line>
          <text class="muted value" x=${margin.left - 6} y=${y(tick)} dy="0.35em" text-anchor="end">${formatMoney({ minor: tick, currency }, locale, { compact: true })}</text>`,
      )}
      ${buckets.map(
        (b, i) => svg`<rect class="bar series-1" x=${x(b.key) ?? 0} y=${y(Math.max(0, weighted[i] as number))} width=${x.bandwidth()} height=${Math.max(0, y(0) - y(Math.max(0, weighted[i] as number)))}></rect>
          ${i % every === 0 ? svg`<text class="muted" x=${center(b.key)} y=${height - margin.bottom + 18} text-anchor="middle">${this.periodLabel(b, period)}</text>` : nothing}`,
      )}
      <line class="baseline" x1=${margin.left} x2=${width - margin.right} y1=${y(0)} y2=${y(0)}></line>
      <path class="line series-2" d=${wonPath ?? ''}></path>
      ${buckets.map((b) => svg`<circle class="dot series-2" cx=${center(b.key)} cy=${y(amountIn(b.closed.amounts, currency).minor)} r="4"></circle>`)}`;
    return { chart, height };
  }

  /** A table cell for a category: its amounts (the charted currency first) and how many deals. */
  private totalsCell(totals: DealTotals, currency: string) {
    return html`${this.amounts(totals.amounts, currency)}<span class="cell-count">${this.plural('deals', totals.count)}</span>`;
  }

  private amounts(list: readonly Money[], currency: string) {
    const locale = this.resolvedLocale;
    return html`<span class="amounts">${currencyFirst(list, currency).map((m) => html`<span>${formatMoney(m, locale)}</span> `)}</span>`;
  }

  protected renderReport(result: ForecastChartResult): TemplateResult {
    const { pipeline, forecast } = result as NonNullable<ForecastChartResult>;
    const { buckets, undated, period } = forecast;
    const locale = this.resolvedLocale;
    const all = currenciesIn([...buckets.flatMap((b) => [b.weighted, b.closed.amounts, b.commit.amounts, b.bestCase.amounts, b.pipeline.amounts]), undated.weighted]);
    // Converted: the one target; one pipeline: its own; every pipeline: the first currency met, by code.
    const currency = this.currency ? (all[0] ?? this.currency) : (pipeline?.currency ?? all[0] ?? 'EUR');
    const money = (m: Money) => formatMoney(m, locale);
    const sum = (list: readonly Money[][]) => ({ minor: list.reduce((total, amounts) => total + amountIn(amounts, currency).minor, 0), currency });
    const { chart, height } = this.renderChart(buckets, period, currency, this.size.width);
    const described = buckets.filter((b) => hasDeals(b));
    const peak = buckets.reduce<ForecastBucket | undefined>((best, b) => (!best || amountIn(b.weighted, currency).minor > amountIn(best.weighted, currency).minor ? b : best), undefined);
    const periods =
      described.length <= periodsDescribed
        ? described
            .map((b) => this.t('periodLine', { period: this.periodLabel(b, period, true), weighted: money(amountIn(b.weighted, currency)), won: money(amountIn(b.closed.amounts, currency)) }))
            .join(' ')
        : peak
          ? this.t('peak', { amount: money(amountIn(peak.weighted, currency)), period: this.periodLabel(peak, period, true) })
          : '';
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    const undatedCount = undated.pipeline.count + undated.bestCase.count + undated.commit.count;
    const others = all.filter((code) => code !== currency);
    const rows: TableRow[] = buckets.map((b) => ({
      header: this.periodLabel(b, period),
      cells: [this.amounts(b.weighted, currency), this.totalsCell(b.commit, currency), this.totalsCell(b.bestCase, currency), this.totalsCell(b.pipeline, currency), this.totalsCell(b.closed, currency)],
    }));
    const footer = html`${undatedCount > 0
      ? html`<p class="note" part="undated">${this.t('undated', { deals: this.plural('deals', undatedCount), weighted: this.amountsText(undated.weighted, currency) })}</p>`
      : nothing}
    ${others.length > 0 ? html`<p class="note" part="other-currencies">${this.t('otherCurrencies', { currencies: new Intl.ListFormat(locale, { type: 'conjunction' }).format(others) })}</p>` : nothing}`;
    return renderChartFrame({
      view: this.view === 'table' ? 'table' : 'chart',
      heading: pipeline ? this.t('headingPipeline', { pipeline: pipeline.name }) : this.t('heading'),
      toggleLabel: this.t('showTable'),
      onToggle: this.handleToggle,
      title: this.t('chartTitle', { period: this.t(`period.${period}`), currency }),
      description: this.t('description', {
        first: first ? this.periodLabel(first, period, true) : '',
        last: last ? this.periodLabel(last, period, true) : '',
        weighted: money(sum(buckets.map((b) => b.weighted))),
        won: money(sum(buckets.map((b) => b.closed.amounts))),
        periods,
      }).trim(),
      width: this.size.width,
      height,
      chart,
      plot: this.size.target,
      table: {
        caption: this.t('caption', { period: this.t(`period.${period}`) }),
        columns: [this.t('colPeriod'), this.t('colWeighted'), this.t('colCommit'), this.t('colBestCase'), this.t('colPipeline'), this.t('colWon')],
        rows,
      },
      legend: renderLegend([
        { label: this.t('legendWeighted'), series: 1, mark: 'bar' },
        { label: this.t('legendWon'), series: 2, mark: 'line' },
      ]),
      footer,
    });
  }

  /** A per-currency list as text, the charted currency first. */
  private amountsText(list: readonly Money[], currency: string): string {
    return currencyFirst(list, currency)
      .map((m) => formatMoney(m, this.resolvedLocale))
      .join('; ');
  }
}
