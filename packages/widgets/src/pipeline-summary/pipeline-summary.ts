import { isRapportError, type Crm, type Money, type Pipeline, type PipelineSummary, type StageSummary } from '@rapport/core';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { horizontalBarLayout } from '../internal/bar-layout.js';
import { renderChartFrame, type TableRow } from '../internal/chart-frame.js';
import { renderLegend } from '../internal/chart-legend.js';
import { fitLabel } from '../internal/fit-label.js';
import { formatMoney } from '../internal/format-money.js';
import { amountIn, currencyFirst, otherThan } from '../internal/money-in.js';
import type { ReportRequest } from '../internal/report-controller.js';
import { RapportReportElement } from '../internal/report-element.js';
import { pipelineSummaryStrings, type PipelineSummaryStrings } from './pipeline-summary.strings.js';
import { pipelineSummaryStyles } from './pipeline-summary.styles.js';

export { pipelineSummaryStrings, type PipelineSummaryStrings } from './pipeline-summary.strings.js';

/** What the element shows: the pipeline and its summary, or `null` when the pipeline does not exist. */
export type PipelineSummaryResult = { readonly pipeline: Pipeline; readonly summary: PipelineSummary } | null;

/** The font size chart text is laid out for (the small font size token's default). */
const fontSize = 12;

/**
 * A pipeline's deals per stage: how many, what they are worth and what they are worth weighted
 * by probability, as horizontal bars (amount solid, weighted hatched, each with its value), with
 * the totals underneath. Amounts are charted in the pipeline's currency; amounts in other
 * currencies are listed beside the chart and in the table, never added to it. With `currency`
 * and `rates` every amount is converted into one currency instead (the report's `convert`).
 *
 * The chart is an `<svg role="img">` with a title and a description in words; the toggle button
 * shows the same numbers as a table. It follows its container's width, and runs the report again
 * (keeping the old result on screen) whenever deals or pipelines change, here or in another tab.
 *
 * @tag rapport-pipeline-summary
 * @summary Deals, amount and weighted amount per stage of a pipeline, as an accessible bar chart.
 *
 * @csspart frame - The outer box, in every state.
 * @csspart status - The message of the initial, loading, empty and error states.
 * @csspart retry - The error state's Try again button.
 * @csspart title - The heading.
 * @csspart toggle - The button that switches between chart and table (`aria-pressed`).
 * @csspart chart - The chart (`<svg role="img">`).
 * @csspart table - The data table.
 * @csspart legend - The chart's legend.
 * @csspart totals - The totals: deals, amount and weighted amount.
 * @csspart other-currencies - The note listing amounts in currencies the chart does not show.
 *
 * @cssprop --rapport-color-chart-1 - The amount bars.
 * @cssprop --rapport-color-chart-2 - The weighted bars (hatched).
 */
export class RapportPipelineSummary extends RapportReportElement<PipelineSummaryStrings, PipelineSummaryResult> {
  /** The shared tokens, reset and chart frame, then the element's own rules. */
  static override styles = [...RapportReportElement.styles, pipelineSummaryStyles];

  /** The pipeline to summarise. */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined = undefined;

  /** Only this owner's deals (the report's `ownerId`). */
  @property({ reflect: true }) accessor owner: string | undefined = undefined;

  /** Convert every amount into this currency (ISO 4217), at `rates`. */
  @property({ reflect: true }) accessor currency: string | undefined = undefined;

  /** With `currency`: how many units of it one unit of each other currency is worth, by code. */
  @property({ attribute: false }) accessor rates: Readonly<Record<string, number>> | undefined = undefined;

  protected readonly defaultStrings = pipelineSummaryStrings;

  protected reportRequest(): ReportRequest {
    const params = this.pipelineId
      ? {
          pipelineId: this.pipelineId,
          ...(this.owner ? { ownerId: this.owner } : {}),
          ...(this.currency ? { convert: { to: this.currency, rates: { ...this.rates } } } : {}),
        }
      : undefined;
    return { crm: this.workspace, params, collections: ['pipelines', 'deals'] };
  }

  protected async runReport(crm: Crm, signal: AbortSignal): Promise<PipelineSummaryResult> {
    const { params } = this.reportRequest();
    try {
      const [pipeline, summary] = await Promise.all([
        crm.pipelines.get(this.pipelineId as string, { signal }),
        crm.reports.pipelineSummary(params as Parameters<Crm['reports']['pipelineSummary']>[0], { signal }),
      ]);
      return { pipeline, summary };
    } catch (error) {
      if (isRapportError(error, 'not_found')) return null;
      throw error;
    }
  }

  protected isEmpty(result: PipelineSummaryResult): boolean {
    return result === null || result.summary.total.count === 0;
  }

  protected override emptyText(result: PipelineSummaryResult | undefined): string {
    return result === null ? this.t('notFound') : this.t('empty');
  }

  /** The amounts of a list, the charted currency first, each in its own line. */
  private amounts(list: readonly Money[], currency: string) {
    const locale = this.resolvedLocale;
    // The space between the lines keeps the amounts apart in the text a screen reader reads.
    return html`<span class="amounts">${currencyFirst(list, currency).map((m) => html`<span>${formatMoney(m, locale)}</span> `)}</span>`;
  }

  private renderChart(stages: readonly StageSummary[], currency: string, width: number) {
    const locale = this.resolvedLocale;
    const rowHeight = this.density === 'compact' ? 36 : 44;
    const max = Math.max(0, ...stages.map((s) => amountIn(s.amounts, currency).minor));
    const layout = horizontalBarLayout({ width, keys: stages.map((s) => s.stageId), max, rowHeight, valueWidth: 150 });
    const { x, y } = layout;
    const band = y.bandwidth();
    const amountHeight = Math.round(band * 0.55);
    const weightedHeight = Math.max(4, Math.round(band * 0.35));
    const barWidth = (minor: number) => Math.max(0, x(Math.max(0, minor)) - x(0));
    const chart = svg`
      ${layout.ticks.map(
        (tick) => svg`<line class="grid" x1=${x(tick)} x2=${x(tick)} y1=${y.range()[0]} y2=${layout.axisY - 12}></line>
          <text class="muted value" x=${x(tick)} y=${layout.axisY} text-anchor="middle">${formatMoney({ minor: tick, currency }, locale, { compact: true })}</text>`,
      )}
      ${stages.map((stage) => {
        const top = y(stage.stageId) ?? 0;
        const amount = amountIn(stage.amounts, currency);
        const weighted = amountIn(stage.weighted, currency);
        const amountEnd = x(0) + barWidth(amount.minor);
        const weightedEnd = x(0) + barWidth(weighted.minor);
        return svg`<g class="stage">
          <text x=${layout.labelWidth} y=${top + band / 2} dy="0.35em" text-anchor="end">${fitLabel(stage.name, layout.labelWidth, fontSize)}</text>
          <rect class="bar series-1" x=${x(0)} y=${top} width=${barWidth(amount.minor)} height=${amountHeight}></rect>
          <rect class="bar hatched" fill="url(#hatch-2)" x=${x(0)} y=${top + band - weightedHeight} width=${barWidth(weighted.minor)} height=${weightedHeight}></rect>
          <text class="value" x=${amountEnd + 6} y=${top + amountHeight / 2} dy="0.35em">${this.t('barValue', { amount: formatMoney(amount, locale, { compact: true }), deals: this.plural('deals', stage.count) })}</text>
          <text class="muted value" x=${weightedEnd + 6} y=${top + band - weightedHeight / 2} dy="0.35em">${formatMoney(weighted, locale, { compact: true })}</text>
        </g>`;
      })}
      <line class="baseline" x1=${x(0)} x2=${x(0)} y1=${y.range()[0]} y2=${layout.axisY - 12}></line>`;
    return { chart, height: layout.height };
  }

  protected renderReport(result: PipelineSummaryResult): TemplateResult {
    const { pipeline, summary } = result as NonNullable<PipelineSummaryResult>;
    const locale = this.resolvedLocale;
    // Converted: the one target currency; otherwise the pipeline's own, whatever else deals use.
    const currency = this.currency ? (summary.total.amounts[0]?.currency ?? this.currency) : pipeline.currency;
    const money = (m: Money) => formatMoney(m, locale);
    const { total, stages } = summary;
    const { chart, height } = this.renderChart(stages, currency, this.size.width);
    const stageLines = stages.map((stage) =>
      this.t('stageLine', {
        stage: stage.name,
        deals: this.plural('deals', stage.count),
        amount: money(amountIn(stage.amounts, currency)),
        weighted: money(amountIn(stage.weighted, currency)),
      }),
    );
    const others = otherThan(total.amounts, currency);
    const otherWeighted = (code: string) => amountIn(total.weighted, code);
    const row = (header: string, count: number, amounts: readonly Money[], weighted: readonly Money[]): TableRow => ({
      header,
      cells: [new Intl.NumberFormat(locale).format(count), this.amounts(amounts, currency), this.amounts(weighted, currency)],
    });
    const footer = html`
      ${others.length > 0
        ? html`<p class="note" part="other-currencies">
            ${this.t('otherCurrencies', { amounts: others.map((m) => this.t('otherCurrency', { amount: money(m), weighted: money(otherWeighted(m.currency)) })).join('; ') })}
          </p>`
        : nothing}
      <dl class="totals" part="totals">
        <div><dt>${this.t('totalDeals')}</dt><dd>${new Intl.NumberFormat(locale).format(total.count)}</dd></div>
        <div><dt>${this.t('totalAmount')}</dt><dd>${this.amounts(total.amounts, currency)}</dd></div>
        <div><dt>${this.t('totalWeighted')}</dt><dd>${this.amounts(total.weighted, currency)}</dd></div>
      </dl>`;
    return renderChartFrame({
      view: this.view === 'table' ? 'table' : 'chart',
      heading: this.t('heading', { pipeline: pipeline.name }),
      toggleLabel: this.t('showTable'),
      onToggle: this.handleToggle,
      title: this.t('chartTitle', { pipeline: pipeline.name, currency }),
      description: this.t('description', {
        deals: this.plural('deals', total.count),
        amount: money(amountIn(total.amounts, currency)),
        weighted: money(amountIn(total.weighted, currency)),
        stages: stageLines.join(' '),
      }),
      width: this.size.width,
      height,
      chart,
      plot: this.size.target,
      table: {
        caption: this.t('caption', { pipeline: pipeline.name }),
        columns: [this.t('colStage'), this.t('colDeals'), this.t('colAmount'), this.t('colWeighted')],
        rows: stages.map((stage) => row(stage.name, stage.count, stage.amounts, stage.weighted)),
        footer: [row(this.t('total'), total.count, total.amounts, total.weighted)],
      },
      legend: renderLegend([
        { label: this.t('legendAmount'), series: 1, mark: 'bar' },
        { label: this.t('legendWeighted'), series: 2, mark: 'hatched' },
      ]),
      footer,
    });
  }
}
