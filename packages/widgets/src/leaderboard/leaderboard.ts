import { interactionTypes, type ActivityLeaderboard, type ActivityLeaderboardParams, type ActivityRow, type Crm, type InteractionType } from '@rapport/core';
import { svg, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { horizontalBarLayout } from '../internal/bar-layout.js';
import { renderChartFrame } from '../internal/chart-frame.js';
import { fitLabel } from '../internal/fit-label.js';
import type { ReportRequest } from '../internal/report-controller.js';
import { RapportReportElement } from '../internal/report-element.js';
import { leaderboardStrings, type LeaderboardStrings } from './leaderboard.strings.js';
import { leaderboardStyles } from './leaderboard.styles.js';

export { leaderboardStrings, type LeaderboardStrings } from './leaderboard.strings.js';

/** Someone interactions are assigned to, and the name to show for them. */
export interface LeaderboardOwner {
  readonly id: string;
  readonly name: string;
}

/** The font size chart text is laid out for (the small font size token's default). */
const fontSize = 12;

/** The key of the row of interactions without an owner (not a valid owner id). */
const noOwnerKey = '\u0000';

/** `types` as an attribute: interaction types separated by spaces or commas; unknown ones are dropped. */
const typesConverter = {
  fromAttribute: (value: string | null): InteractionType[] | undefined => {
    if (value === null) return undefined;
    const named = value.split(/[\s,]+/).filter(Boolean);
    return interactionTypes.filter((type) => named.includes(type));
  },
  toAttribute: (value: readonly InteractionType[] | undefined) => (value === undefined ? null : value.join(' ')),
};

/**
 * Who logged the most activity in a period: owners ranked by the interactions they logged (calls,
 * emails, meetings, notes… — every kind but stage changes unless `types` says otherwise), as
 * horizontal bars with the rank, name and count of each. The table adds the count per kind.
 * Owner ids show as they are, or by the names given in `owners`.
 *
 * The chart is an `<svg role="img">` with a title and a description in words; the toggle button
 * shows the same numbers as a table. It follows its container's width, and runs the report again
 * whenever interactions change, here or in another tab.
 *
 * @tag rapport-leaderboard
 * @summary Owners ranked by the activity they logged, as an accessible bar chart.
 *
 * @csspart frame - The outer box, in every state.
 * @csspart status - The message of the initial, loading, empty and error states.
 * @csspart retry - The error state's Try again button.
 * @csspart title - The heading.
 * @csspart toggle - The button that switches between chart and table (`aria-pressed`).
 * @csspart chart - The chart (`<svg role="img">`).
 * @csspart table - The data table.
 *
 * @cssprop --rapport-color-chart-1 - The bars.
 */
export class RapportLeaderboard extends RapportReportElement<LeaderboardStrings, ActivityLeaderboard> {
  /** The shared tokens, reset and chart frame, then the element's own rules. */
  static override styles = [...RapportReportElement.styles, leaderboardStyles];

  /** Interactions from this day (`2026-05-01`); default: from the first. */
  @property({ reflect: true }) accessor from: string | undefined = undefined;

  /** Interactions before this day (`2026-06-01`); default: up to the last. */
  @property({ reflect: true }) accessor to: string | undefined = undefined;

  /** At most this many owners (1 to 1,000; default: all). */
  @property({ type: Number, reflect: true }) accessor limit: number | undefined = undefined;

  /** The kinds counted, as a list or a space-separated attribute (`types="call meeting"`); default: all but stage changes. */
  @property({ converter: typesConverter, reflect: true }) accessor types: InteractionType[] | undefined = undefined;

  /** Names to show for owner ids; an owner not listed shows by id. */
  @property({ attribute: false }) accessor owners: readonly LeaderboardOwner[] = [];

  protected readonly defaultStrings = leaderboardStrings;

  /** The report's parameters, as the attributes set them. */
  private get params(): ActivityLeaderboardParams {
    return {
      ...(this.from ? { from: this.from } : {}),
      ...(this.to ? { to: this.to } : {}),
      ...(this.limit !== undefined && this.limit !== null ? { limit: this.limit } : {}),
      ...(this.types ? { types: [...this.types] } : {}),
    };
  }

  protected reportRequest(): ReportRequest {
    return { crm: this.workspace, params: this.params, collections: ['interactions'] };
  }

  protected runReport(crm: Crm, signal: AbortSignal): Promise<ActivityLeaderboard> {
    return crm.reports.activityLeaderboard(this.params, { signal });
  }

  protected isEmpty(result: ActivityLeaderboard): boolean {
    return result.rows.length === 0;
  }

  /** The name to show for a row's owner. */
  private ownerName(row: ActivityRow): string {
    if (row.ownerId === null) return this.t('noOwner');
    return this.owners.find((owner) => owner.id === row.ownerId)?.name ?? row.ownerId;
  }

  private renderChart(rows: readonly ActivityRow[], width: number) {
    const number = new Intl.NumberFormat(this.resolvedLocale);
    const rowHeight = this.density === 'compact' ? 28 : 36;
    const keys = rows.map((row) => row.ownerId ?? noOwnerKey);
    const layout = horizontalBarLayout({ width, keys, max: Math.max(0, ...rows.map((r) => r.total)), rowHeight, valueWidth: 56, labelShare: 0.32 });
    const { x, y } = layout;
    const band = y.bandwidth();
    const chart = svg`
      ${layout.ticks
        .filter((tick) => Number.isInteger(tick))
        .map(
          (tick) => svg`<line class="grid" x1=${x(tick)} x2=${x(tick)} y1=${y.range()[0]} y2=${layout.axisY - 12}></line>
            <text class="muted value" x=${x(tick)} y=${layout.axisY} text-anchor="middle">${number.format(tick)}</text>`,
        )}
      ${rows.map((row, i) => {
        const top = y(keys[i] as string) ?? 0;
        const label = this.t('rankLabel', { rank: number.format(i + 1), owner: this.ownerName(row) });
        return svg`<g>
          <text class=${i === 0 ? 'first' : ''} x=${layout.labelWidth} y=${top + band / 2} dy="0.35em" text-anchor="end">${fitLabel(label, layout.labelWidth, fontSize)}</text>
          <rect class="bar series-1" x=${x(0)} y=${top} width=${Math.max(0, x(row.total) - x(0))} height=${band}></rect>
          <text class="value" x=${x(row.total) + 6} y=${top + band / 2} dy="0.35em">${number.format(row.total)}</text>
        </g>`;
      })}
      <line class="baseline" x1=${x(0)} x2=${x(0)} y1=${y.range()[0]} y2=${layout.axisY - 12}></line>`;
    return { chart, height: layout.height };
  }

  protected renderReport(result: ActivityLeaderboard): TemplateResult {
    const { rows, types } = result;
    const number = new Intl.NumberFormat(this.resolvedLocale);
    const { chart, height } = this.renderChart(rows, this.size.width);
    const lines = rows.map((row, i) => this.t('rowLine', { rank: number.format(i + 1), owner: this.ownerName(row), total: this.plural('activities', row.total) }));
    return renderChartFrame({
      view: this.view === 'table' ? 'table' : 'chart',
      heading: this.t('heading'),
      toggleLabel: this.t('showTable'),
      onToggle: this.handleToggle,
      title: this.t('chartTitle'),
      description: this.t('description', { owners: this.plural('owners', rows.length), rows: lines.join(' ') }),
      width: this.size.width,
      height,
      chart,
      plot: this.size.target,
      table: {
        caption: this.t('caption'),
        columns: [this.t('colOwner'), this.t('colRank'), this.t('colTotal'), ...types.map((type) => this.t(`type.${type}`))],
        rows: rows.map((row, i) => ({
          header: this.ownerName(row),
          cells: [number.format(i + 1), number.format(row.total), ...types.map((type) => number.format(row.byType[type] ?? 0))],
        })),
      },
    });
  }
}
