import { isRapportError, type Crm, type Funnel, type FunnelParams, type FunnelStep, type Pipeline } from '@rapport/core';
import { scaleBand, scaleLinear } from 'd3-scale';
import { area } from 'd3-shape';
import { svg, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { renderChartFrame } from '../internal/chart-frame.js';
import { fitLabel } from '../internal/fit-label.js';
import type { ReportRequest } from '../internal/report-controller.js';
import { RapportReportElement } from '../internal/report-element.js';
import { funnelChartStrings, type FunnelChartStrings } from './funnel-chart.strings.js';
import { funnelChartStyles } from './funnel-chart.styles.js';

export { funnelChartStrings, type FunnelChartStrings } from './funnel-chart.strings.js';

/** What the element shows: the pipeline and its funnel, or `null` when the pipeline does not exist. */
export type FunnelChartResult = { readonly pipeline: Pipeline; readonly funnel: Funnel } | null;

/** The font size chart text is laid out for (the small font size token's default). */
const fontSize = 12;

/** One edge of a funnel segment: a height and the segment's width there. */
interface Edge {
  readonly y: number;
  readonly width: number;
}

/**
 * A pipeline's funnel: of the deals created in a period, how many reached each open stage and the
 * won stage, drawn as a funnel (each step's width in proportion to the deals that reached it,
 * narrowing into the next), with the count and the conversion from the step before beside each.
 * The table adds the share of the first step. Percentages follow the locale.
 *
 * The chart is an `<svg role="img">` with a title and a description in words; the toggle button
 * shows the same numbers as a table. It follows its container's width, and runs the report again
 * whenever deals or pipelines change, here or in another tab.
 *
 * @tag rapport-funnel-chart
 * @summary How many deals reached each stage of a pipeline, as an accessible funnel.
 *
 * @csspart frame - The outer box, in every state.
 * @csspart status - The message of the initial, loading, empty and error states.
 * @csspart retry - The error state's Try again button.
 * @csspart title - The heading.
 * @csspart toggle - The button that switches between chart and table (`aria-pressed`).
 * @csspart chart - The chart (`<svg role="img">`).
 * @csspart table - The data table.
 *
 * @cssprop --rapport-color-chart-1 - The open stages' steps.
 * @cssprop --rapport-color-chart-3 - The won step.
 */
export class RapportFunnelChart extends RapportReportElement<FunnelChartStrings, FunnelChartResult> {
  /** The shared tokens, reset and chart frame, then the element's own rules. */
  static override styles = [...RapportReportElement.styles, funnelChartStyles];

  /** The pipeline whose stages are the funnel's steps. */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined = undefined;

  /** Deals created from this day (`2026-01-01`); default: from the first. */
  @property({ reflect: true }) accessor from: string | undefined = undefined;

  /** Deals created before this day (`2027-01-01`); default: up to now. */
  @property({ reflect: true }) accessor to: string | undefined = undefined;

  /** Only this owner's deals (the report's `ownerId`). */
  @property({ reflect: true }) accessor owner: string | undefined = undefined;

  protected readonly defaultStrings = funnelChartStrings;

  /** The report's parameters, or `undefined` without a pipeline. */
  private get params(): FunnelParams | undefined {
    if (!this.pipelineId) return undefined;
    return {
      pipelineId: this.pipelineId,
      ...(this.from ? { from: this.from } : {}),
      ...(this.to ? { to: this.to } : {}),
      ...(this.owner ? { ownerId: this.owner } : {}),
    };
  }

  protected reportRequest(): ReportRequest {
    return { crm: this.workspace, params: this.params, collections: ['pipelines', 'deals'] };
  }

  protected async runReport(crm: Crm, signal: AbortSignal): Promise<FunnelChartResult> {
    const params = this.params as FunnelParams;
    try {
      const [pipeline, funnel] = await Promise.all([crm.pipelines.get(params.pipelineId, { signal }), crm.reports.funnel(params, { signal })]);
      return { pipeline, funnel };
    } catch (error) {
      if (isRapportError(error, 'not_found')) return null;
      throw error;
    }
  }

  protected isEmpty(result: FunnelChartResult): boolean {
    return result === null || result.funnel.deals === 0;
  }

  protected override emptyText(result: FunnelChartResult | undefined): string {
    return result === null ? this.t('notFound') : this.t('empty');
  }

  /** A rate as a percentage in the locale, or the "not applicable" mark. */
  private percent(rate: number | null): string {
    return rate === null ? this.t('notApplicable') : new Intl.NumberFormat(this.resolvedLocale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
  }

  private renderChart(steps: readonly FunnelStep[], width: number) {
    const rowHeight = this.density === 'compact' ? 36 : 48;
    const labelWidth = Math.round(Math.min(180, Math.max(64, width * 0.28)));
    const valueWidth = Math.round(Math.min(150, Math.max(72, width * 0.28)));
    const start = labelWidth + 8;
    const end = Math.max(start + 24, width - valueWidth);
    const middle = (start + end) / 2;
    const height = steps.length * rowHeight + 8;
    const y = scaleBand<string>()
      .domain(steps.map((s) => s.stageId))
      .range([4, height - 4])
      .paddingInner(0.08);
    const w = scaleLinear()
      .domain([0, Math.max(1, ...steps.map((s) => s.reached))])
      .range([0, end - start]);
    // Each step narrows from its own width to the next step's; the last keeps its width.
    const segment = area<Edge>()
      .y((edge) => edge.y)
      .x0((edge) => middle - edge.width / 2)
      .x1((edge) => middle + edge.width / 2);
    const number = new Intl.NumberFormat(this.resolvedLocale);
    const chart = svg`${steps.map((step, i) => {
      const top = y(step.stageId) ?? 0;
      const bottom = top + y.bandwidth();
      const next = steps[i + 1];
      const d = segment([
        { y: top, width: w(step.reached) },
        { y: bottom, width: w(next ? next.reached : step.reached) },
      ]);
      return svg`<g>
        <path class=${step.kind === 'won' ? 'step series-3' : 'step series-1'} d=${d ?? ''}></path>
        <text x=${labelWidth} y=${top + y.bandwidth() / 2} dy="0.35em" text-anchor="end">${fitLabel(step.name, labelWidth, fontSize)}</text>
        <text class="value" x=${end + 8} y=${top + y.bandwidth() / 2} dy="0.35em">${i === 0 ? number.format(step.reached) : this.t('stepValue', { reached: number.format(step.reached), conversion: this.percent(step.conversion) })}</text>
      </g>`;
    })}`;
    return { chart, height };
  }

  protected renderReport(result: FunnelChartResult): TemplateResult {
    const { pipeline, funnel } = result as NonNullable<FunnelChartResult>;
    const number = new Intl.NumberFormat(this.resolvedLocale);
    const { chart, height } = this.renderChart(funnel.steps, this.size.width);
    const lines = funnel.steps.map((step, i) =>
      i === 0
        ? this.t('firstStepLine', { step: step.name, reached: this.plural('deals', step.reached) })
        : this.t('stepLine', { step: step.name, reached: this.plural('deals', step.reached), conversion: this.percent(step.conversion), fromStart: this.percent(step.fromStart) }),
    );
    return renderChartFrame({
      view: this.view === 'table' ? 'table' : 'chart',
      heading: this.t('heading', { pipeline: pipeline.name }),
      toggleLabel: this.t('showTable'),
      onToggle: this.handleToggle,
      title: this.t('chartTitle', { pipeline: pipeline.name }),
      description: this.t('description', { deals: this.plural('deals', funnel.deals), steps: lines.join(' ') }),
      width: this.size.width,
      height,
      chart,
      plot: this.size.target,
      table: {
        caption: this.t('caption', { pipeline: pipeline.name }),
        columns: [this.t('colStep'), this.t('colReached'), this.t('colConversion'), this.t('colFromStart')],
        rows: funnel.steps.map((step) => ({ header: step.name, cells: [number.format(step.reached), this.percent(step.conversion), this.percent(step.fromStart)] })),
      },
    });
  }
}
