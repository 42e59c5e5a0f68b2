import { nowIso, type ServiceContext } from '../service/context.js';
import { parseInput } from '../validation.js';
import type { ActivityLeaderboard, ActivityLeaderboardParams } from './activity-leaderboard.js';
import type { Forecast, ForecastParams } from './forecast.js';
import type { Funnel, FunnelParams } from './funnel.js';
import type { LeadSources, LeadSourcesParams } from './lead-sources.js';
import type { PipelineSummary, PipelineSummaryParams } from './pipeline-summary.js';
import { reportDefinition, type ReportName, type ReportParamsMap, type ReportParamsOutput, type ReportResultMap } from './report-definitions.js';
import { reportOptionsSchema, runReport, type ReportOptions } from './run-report.js';
import type { SalesCycle, SalesCycleParams } from './sales-cycle.js';
import type { SalesVelocity, SalesVelocityParams } from './sales-velocity.js';
import { staleDealsQuerySchema, type StaleDeals, type StaleDealsQuery } from './stale-deals.js';
import type { WinRate, WinRateParams } from './win-rate.js';

/**
 * Sales reports over the workspace's records: pipeline summary, forecast, funnel, win rate,
 * sales cycle and velocity, activity leaderboard, lead sources and stale deals. Reached as
 * `crm.reports`. A store that offers `computeReport` computes them where the data lives;
 * otherwise the records are loaded and the report is computed here, with the same result.
 * Deleted deals and contacts never count, and amounts in different currencies are never added
 * together: they are listed per currency, or converted with the rates given in `convert`.
 */
export class ReportsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Deals per stage of a pipeline: count, amount and probability-weighted amount.
   *
   * @example
   * const { stages, total } = await crm.reports.pipelineSummary({ pipelineId: sales.id });
   */
  pipelineSummary(params: PipelineSummaryParams, options?: ReportOptions): Promise<PipelineSummary> {
    return this.run('pipelineSummary', params, options);
  }

  /**
   * Open deals per month or quarter of expected close, as pipeline, best case and commit, next
   * to the deals won in each.
   *
   * @example
   * const { buckets } = await crm.reports.forecast({ period: 'quarter', from: '2026-01-01', to: '2027-01-01' });
   */
  forecast(params: ForecastParams = {}, options?: ReportOptions): Promise<Forecast> {
    return this.run('forecast', params, options);
  }

  /**
   * How many of the deals created in a period reached each stage of a pipeline.
   *
   * @example
   * const { steps } = await crm.reports.funnel({ pipelineId: sales.id, from: '2026-01-01' });
   */
  funnel(params: FunnelParams, options?: ReportOptions): Promise<Funnel> {
    return this.run('funnel', params, options);
  }

  /**
   * Won ÷ (won + lost) of the deals closed in a period, optionally per owner or pipeline.
   *
   * @example
   * const { rate, groups } = await crm.reports.winRate({ from: '2026-01-01', groupBy: 'owner' });
   */
  winRate(params: WinRateParams = {}, options?: ReportOptions): Promise<WinRate> {
    return this.run('winRate', params, options);
  }

  /**
   * Median and mean days from creation to close of the deals won in a period.
   *
   * @example
   * const { medianDays } = await crm.reports.salesCycle({ from: '2026-01-01' });
   */
  salesCycle(params: SalesCycleParams = {}, options?: ReportOptions): Promise<SalesCycle> {
    return this.run('salesCycle', params, options);
  }

  /**
   * Expected revenue per day, `open deals × win rate × average won ÷ cycle days`, per currency.
   *
   * @example
   * const { groups } = await crm.reports.salesVelocity({ from: '2026-01-01', convert: { to: 'EUR', rates: { USD: 0.92 } } });
   */
  salesVelocity(params: SalesVelocityParams = {}, options?: ReportOptions): Promise<SalesVelocity> {
    return this.run('salesVelocity', params, options);
  }

  /**
   * Interactions per owner and type in a period, most active first.
   *
   * @example
   * const { rows } = await crm.reports.activityLeaderboard({ from: '2026-05-01', to: '2026-06-01', limit: 10 });
   */
  activityLeaderboard(params: ActivityLeaderboardParams = {}, options?: ReportOptions): Promise<ActivityLeaderboard> {
    return this.run('activityLeaderboard', params, options);
  }

  /**
   * Contacts and won value per source channel or UTM parameter.
   *
   * @example
   * const { rows } = await crm.reports.leadSources({ by: ['channel', 'utmCampaign'], from: '2026-01-01' });
   */
  leadSources(params: LeadSourcesParams = {}, options?: ReportOptions): Promise<LeadSources> {
    return this.run('leadSources', params, options);
  }

  /**
   * Open deals idle longer than their stage's `rottingDays`, as of now (or `asOf`).
   *
   * @example
   * const { deals } = await crm.reports.staleDeals({ ownerId: 'user-7' });
   */
  staleDeals(params: StaleDealsQuery = {}, options?: ReportOptions): Promise<StaleDeals> {
    return this.run('staleDeals', params, options);
  }

  /**
   * Runs the report called `name`: what the methods above call, for code that picks reports by name.
   *
   * @example
   * const result = await crm.reports.run('winRate', { groupBy: 'pipeline' });
   */
  async run<N extends ReportName>(name: N, params: ReportParamsMap[N], options?: ReportOptions): Promise<ReportResultMap[N]> {
    const parsed = this.parse(name, params);
    const signal = parseInput(reportOptionsSchema, options, 'report options')?.signal;
    const { storage } = this.ctx;
    if (typeof storage.computeReport === 'function') {
      const remote = await storage.computeReport(name, parsed, signal ? { signal } : undefined);
      if (remote !== undefined) return remote;
    }
    return runReport(storage, name, parsed, signal ? { signal } : undefined);
  }

  /** Validates a report's parameters once, here; the stale deals' `asOf` comes from the clock when absent. */
  private parse<N extends ReportName>(name: N, params: ReportParamsMap[N]): ReportParamsOutput[N] {
    const definition = reportDefinition(name);
    const what = `${definition.label} parameters`;
    if (name !== 'staleDeals') return parseInput(definition.params, params, what);
    const query = parseInput(staleDealsQuerySchema, params, what);
    return { ...query, asOf: query.asOf ?? nowIso(this.ctx) } as ReportParamsOutput[N];
  }
}
