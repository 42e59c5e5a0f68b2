/**
 * Every report by name: its parameters, the records it reads (with the `where` that narrows
 * them, so a store loads only what the report needs) and the pure function that computes it.
 * `runReport`, `crm.reports` and adapters that compute reports where the data lives all work
 * from this table, so they agree on what each report means.
 */
import type { z } from '../schema/zod.js';
import type { Contact } from '../contacts/contact.schema.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';
import type { ConditionOps, Where } from '../storage/query.js';
import { ValidationError } from '../errors.js';
import {
  activityLeaderboardParamsSchema,
  computeActivityLeaderboard,
  type ActivityLeaderboard,
  type ActivityLeaderboardParams,
} from './activity-leaderboard.js';
import { computeForecast, forecastParamsSchema, type Forecast, type ForecastParams } from './forecast.js';
import { computeFunnel, funnelParamsSchema, type Funnel, type FunnelParams } from './funnel.js';
import { computeLeadSources, leadSourcesParamsSchema, type LeadSources, type LeadSourcesParams } from './lead-sources.js';
import type { Period } from './period.js';
import { computePipelineSummary, pipelineSummaryParamsSchema, type PipelineSummary, type PipelineSummaryParams } from './pipeline-summary.js';
import { computeSalesCycle, salesCycleParamsSchema, type SalesCycle, type SalesCycleParams } from './sales-cycle.js';
import { computeSalesVelocity, salesVelocityParamsSchema, type SalesVelocity, type SalesVelocityParams } from './sales-velocity.js';
import { computeStaleDeals, staleDealsParamsSchema, type StaleDeals, type StaleDealsParams, type StaleDealsQuery } from './stale-deals.js';
import { computeWinRate, winRateParamsSchema, type WinRate, type WinRateParams } from './win-rate.js';

/** The name of every report, as `crm.reports.run(name, params)` and `computeReport` take it. */
export const reportNames = [
  'pipelineSummary',
  'forecast',
  'funnel',
  'winRate',
  'salesCycle',
  'salesVelocity',
  'activityLeaderboard',
  'leadSources',
  'staleDeals',
] as const;

/** One of {@link reportNames}. */
export type ReportName = (typeof reportNames)[number];

/** What each report's method on `crm.reports` accepts (`staleDeals` fills `asOf` from the clock). */
export interface ReportParamsMap {
  pipelineSummary: PipelineSummaryParams;
  forecast: ForecastParams;
  funnel: FunnelParams;
  winRate: WinRateParams;
  salesCycle: SalesCycleParams;
  salesVelocity: SalesVelocityParams;
  activityLeaderboard: ActivityLeaderboardParams;
  leadSources: LeadSourcesParams;
  staleDeals: StaleDealsQuery;
}

/** What each pure function and `runReport` accept: as {@link ReportParamsMap}, but `staleDeals` needs its `asOf`. */
export interface ReportComputeParamsMap extends Omit<ReportParamsMap, 'staleDeals'> {
  staleDeals: StaleDealsParams;
}

/**
 * Each report's parameters once validated: defaults filled, periods as UTC timestamps, `asOf`
 * set. What a store's `computeReport` receives.
 */
export interface ReportParamsOutput {
  pipelineSummary: z.output<typeof pipelineSummaryParamsSchema>;
  forecast: z.output<typeof forecastParamsSchema>;
  funnel: z.output<typeof funnelParamsSchema>;
  winRate: z.output<typeof winRateParamsSchema>;
  salesCycle: z.output<typeof salesCycleParamsSchema>;
  salesVelocity: z.output<typeof salesVelocityParamsSchema>;
  activityLeaderboard: z.output<typeof activityLeaderboardParamsSchema>;
  leadSources: z.output<typeof leadSourcesParamsSchema>;
  staleDeals: z.output<typeof staleDealsParamsSchema>;
}

/** What each report answers. */
export interface ReportResultMap {
  pipelineSummary: PipelineSummary;
  forecast: Forecast;
  funnel: Funnel;
  winRate: WinRate;
  salesCycle: SalesCycle;
  salesVelocity: SalesVelocity;
  activityLeaderboard: ActivityLeaderboard;
  leadSources: LeadSources;
  staleDeals: StaleDeals;
}

/** The collections reports read. */
export type ReportCollection = 'pipelines' | 'deals' | 'contacts' | 'interactions';

/** The records a report is computed from; a collection the report does not read is empty. */
export interface ReportData {
  readonly pipelines: readonly Pipeline[];
  readonly deals: readonly Deal[];
  readonly contacts: readonly Contact[];
  readonly interactions: readonly Interaction[];
}

/** How one report is run. */
export interface ReportDefinition<N extends ReportName> {
  /** Words for messages: "Invalid <label> parameters". */
  readonly label: string;
  /** Validates the parameters of the pure function. */
  readonly params: z.ZodType<ReportParamsOutput[N], ReportComputeParamsMap[N]>;
  /**
   * The collections the report reads, each with a `where` that narrows it for these parameters.
   * Only a narrowing: the pure function filters again, so it is right whatever was loaded.
   */
  load(params: ReportParamsOutput[N]): Partial<Record<ReportCollection, Where>>;
  /** The pure function. */
  compute(data: ReportData, params: ReportParamsOutput[N]): ReportResultMap[N];
}

/** `{ [field]: value }`, or nothing when the value is absent: for optional filters. */
function when(field: string, value: string | undefined): Where {
  return value === undefined ? {} : { [field]: value };
}

/** A period as a condition on a timestamp field, or nothing when the period is open at both ends. */
function during(field: string, period: Period): Where {
  const ops: ConditionOps = { ...(period.from !== undefined ? { gte: period.from } : {}), ...(period.to !== undefined ? { lt: period.to } : {}) };
  return Object.keys(ops).length ? { [field]: ops } : {};
}

/** Live deals, optionally of one pipeline and one owner. */
function liveDeals(params: { pipelineId?: string | undefined; ownerId?: string | undefined }): Where {
  return { deletedAt: null, ...when('pipelineId', params.pipelineId), ...when('ownerId', params.ownerId) };
}

/** Every report's definition, by name. */
export const reportDefinitions: { readonly [N in ReportName]: ReportDefinition<N> } = {
  pipelineSummary: {
    label: 'pipeline summary',
    params: pipelineSummaryParamsSchema,
    load: (p) => ({ pipelines: { id: p.pipelineId }, deals: liveDeals(p) }),
    compute: computePipelineSummary,
  },
  forecast: {
    label: 'forecast',
    params: forecastParamsSchema,
    // Open deals are placed by expectedCloseDate and won ones by closedAt: one query cannot narrow both by date.
    load: (p) => ({ pipelines: when('id', p.pipelineId), deals: { ...liveDeals(p), status: { in: ['open', 'won'] } } }),
    compute: computeForecast,
  },
  funnel: {
    label: 'funnel',
    params: funnelParamsSchema,
    load: (p) => ({ pipelines: { id: p.pipelineId }, deals: { ...liveDeals(p), ...during('createdAt', p) } }),
    compute: computeFunnel,
  },
  winRate: {
    label: 'win rate',
    params: winRateParamsSchema,
    load: (p) => ({ deals: { ...liveDeals(p), status: { in: ['won', 'lost'] }, ...during('closedAt', p) } }),
    compute: computeWinRate,
  },
  salesCycle: {
    label: 'sales cycle',
    params: salesCycleParamsSchema,
    load: (p) => ({ deals: { ...liveDeals(p), status: 'won', ...during('closedAt', p) } }),
    compute: computeSalesCycle,
  },
  salesVelocity: {
    label: 'sales velocity',
    params: salesVelocityParamsSchema,
    // Open deals count whenever they were created; closed ones by the period, filtered in memory.
    load: (p) => ({ deals: liveDeals(p) }),
    compute: computeSalesVelocity,
  },
  activityLeaderboard: {
    label: 'activity leaderboard',
    params: activityLeaderboardParamsSchema,
    load: (p) => ({ interactions: { type: { in: p.types }, ...during('occurredAt', p) } }),
    compute: computeActivityLeaderboard,
  },
  leadSources: {
    label: 'lead sources',
    params: leadSourcesParamsSchema,
    // Won deals count whenever they were won: the period selects contacts.
    load: (p) => ({ contacts: { deletedAt: null, ...during('createdAt', p) }, deals: { deletedAt: null, status: 'won' } }),
    compute: computeLeadSources,
  },
  staleDeals: {
    label: 'stale deals',
    params: staleDealsParamsSchema,
    load: (p) => ({
      pipelines: when('id', p.pipelineId),
      deals: { ...liveDeals(p), status: 'open' },
      // Only entries about a deal, up to asOf: `gt ''` is "has a dealId" in the port's query language.
      interactions: { dealId: { gt: '' }, occurredAt: { lte: p.asOf } },
    }),
    compute: computeStaleDeals,
  },
};

/**
 * The definition of the report called `name`; a ValidationError naming `name` when there is none.
 *
 * @example
 * const { label } = reportDefinition('funnel');
 */
export function reportDefinition<N extends ReportName>(name: N): ReportDefinition<N> {
  if (typeof name !== 'string' || !Object.hasOwn(reportDefinitions, name)) {
    throw new ValidationError('Invalid report', [{ path: ['name'], message: `Unknown report: use one of ${reportNames.join(', ')}`, code: 'invalid_value' }]);
  }
  return reportDefinitions[name] as unknown as ReportDefinition<N>;
}
