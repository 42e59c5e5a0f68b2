import type { Crm } from '@rapport/core';
import { html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { chartFrameStyles } from './chart-frame.styles.js';
import type { ChartView } from './chart-frame.js';
import { ContainerWidthController } from './container-width-controller.js';
import { RapportElement, type Strings } from './rapport-element.js';
import { ReportController, type ReportRequest } from './report-controller.js';

/** The strings every report view has: one per state, the Retry button and the chart/table toggle. */
export type ReportViewStrings = Strings & Readonly<Record<'initial' | 'loading' | 'empty' | 'error' | 'retry' | 'showTable', string>>;

/**
 * The base of the report views (pipeline summary, forecast, funnel, leaderboard): runs one report
 * live through a {@link ReportController}, renders its five states in one frame, draws the chart
 * at the width of its container ({@link ContainerWidthController}), and switches between the chart
 * and a data table with the same numbers.
 */
export abstract class RapportReportElement<S extends ReportViewStrings, R> extends RapportElement<S> {
  /** The shared tokens and reset, then the chart frame's rules. */
  static override styles = [...RapportElement.styles, chartFrameStyles];

  /** `chart` (default) or `table`: which view shows. The toggle button switches it. */
  @property({ reflect: true }) accessor view: ChartView = 'chart';

  /** The plot area's width, which the chart is drawn at. */
  protected readonly size = new ContainerWidthController(this);

  /** The report's state and result, kept live. */
  protected readonly report = new ReportController<R>(this, {
    request: () => this.reportRequest(),
    run: (crm, signal) => this.runReport(crm, signal),
    isEmpty: (result) => this.isEmpty(result),
  });

  /** What to run: the workspace, the parameters (undefined: nothing to show) and the collections read. */
  protected abstract reportRequest(): ReportRequest;

  /** Runs the report, passing `signal` to every read. */
  protected abstract runReport(crm: Crm, signal: AbortSignal): Promise<R>;

  /** Whether a result has nothing to chart. */
  protected abstract isEmpty(result: R): boolean;

  /** The complete state: the chart frame and whatever goes with it. */
  protected abstract renderReport(result: R): TemplateResult;

  /** The empty state's text (a subclass may tell a missing pipeline from a quiet one). */
  protected emptyText(_result: R | undefined): string {
    return this.t('empty');
  }

  /** `count` in the locale, in the `<key>.one` or `<key>.other` string (`{count}` marks where it goes). */
  protected plural(key: string, count: number): string {
    const locale = this.resolvedLocale;
    const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
    return this.t(`${key}.${form}` as keyof S & string, { count: new Intl.NumberFormat(locale).format(count) });
  }

  /** Whether the table shows instead of the chart. */
  protected get showsTable(): boolean {
    return this.view === 'table';
  }

  protected readonly handleToggle = (): void => {
    this.view = this.view === 'table' ? 'chart' : 'table';
  };

  protected readonly handleRetry = (): void => {
    this.report.retry();
  };

  private renderState(text: string, retry = false) {
    return html`<div class="state">
      <p class=${retry ? 'message error' : 'message'} part="status" role="status">${text}</p>
      ${retry ? html`<button class="button" part="retry" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : ''}
    </div>`;
  }

  protected override render() {
    const { state, result } = this.report;
    let body;
    if (state === 'initial') body = this.renderState(this.t('initial'));
    else if (state === 'loading') body = this.renderState(this.t('loading'));
    else if (state === 'error') body = this.renderState(this.t('error'), true);
    else if (state === 'empty' || result === undefined) body = this.renderState(this.emptyText(result));
    else body = this.renderReport(result);
    return html`<div class="frame" part="frame" aria-busy=${state === 'loading' ? 'true' : 'false'}>${body}</div>`;
  }
}
