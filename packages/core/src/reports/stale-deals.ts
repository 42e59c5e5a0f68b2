/**
 * Stale deals: open deals nobody has touched for longer than their stage allows (the stage's
 * `rottingDays`), counted from the last activity on the deal, not from its creation.
 */
import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Money } from '../money/money.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';
import { parseInput } from '../validation.js';
import { dayMs, periodBoundSchema } from './period.js';
import { checkData, limitParam, ownerIdParam, pipelineIdParam } from './report-params.schema.js';

const what = 'stale deals parameters';

const filterShape = {
  pipelineId: pipelineIdParam,
  ownerId: ownerIdParam,
  /** How many deals to return at most, most overdue first (default: all). */
  limit: limitParam,
};

/** Validates what `computeStaleDeals` accepts: `asOf`, the moment idleness is measured at, is required. */
export const staleDealsParamsSchema = z.strictObject({
  /** The moment that counts as now: a date-time, or a date (its midnight UTC). */
  asOf: periodBoundSchema,
  ...filterShape,
});

/** Validates what `crm.reports.staleDeals` accepts: `asOf` defaults to the service's clock. */
export const staleDealsQuerySchema = z.strictObject({
  asOf: periodBoundSchema.optional(),
  ...filterShape,
});

/** What `computeStaleDeals` accepts. */
export type StaleDealsParams = z.input<typeof staleDealsParamsSchema>;
/** What `crm.reports.staleDeals` accepts (`asOf` defaults to now). */
export type StaleDealsQuery = z.input<typeof staleDealsQuerySchema>;

/** The records stale deals are found in. */
export interface StaleDealsData {
  readonly pipelines: readonly Pipeline[];
  readonly deals: readonly Deal[];
  /** Interactions with a `dealId`; others are ignored. */
  readonly interactions: readonly Interaction[];
}

/** One stale deal. */
export interface StaleDeal {
  readonly dealId: string;
  readonly title: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly ownerId?: string;
  readonly amount: Money;
  /** The later of when the deal entered its stage and its latest interaction up to `asOf`. */
  readonly lastActivityAt: string;
  /** Days from `lastActivityAt` to `asOf` (fractional). */
  readonly idleDays: number;
  /** The stage's allowance. */
  readonly rottingDays: number;
  /** `idleDays − rottingDays`: how long past the allowance it is. */
  readonly overdueDays: number;
}

/** What `crm.reports.staleDeals` answers. */
export interface StaleDeals {
  readonly asOf: string;
  /** Most overdue first; ties by deal id. */
  readonly deals: StaleDeal[];
}

/**
 * Finds the live open deals idle for longer than their stage's `rottingDays` at `asOf`. A deal's
 * last activity is the later of when it entered its current stage (its last stage-history entry)
 * and its latest interaction that occurred at or before `asOf`. Stages without `rottingDays`
 * never rot; deals whose pipeline or stage is not in `pipelines` are left out.
 *
 * @example
 * const { deals: stale } = computeStaleDeals({ pipelines, deals, interactions }, { asOf: new Date() });
 */
export function computeStaleDeals(data: StaleDealsData, params: StaleDealsParams): StaleDeals {
  const p = parseInput(staleDealsParamsSchema, params, what);
  checkData(data, ['pipelines', 'deals', 'interactions'], what);
  const { asOf, pipelineId, ownerId } = p;
  const rottingDaysOf = new Map<string, Map<string, number>>();
  for (const pipeline of data.pipelines) {
    const stages = new Map<string, number>();
    for (const stage of pipeline.stages) if (stage.rottingDays !== undefined && stage.kind === 'open') stages.set(stage.id, stage.rottingDays);
    if (stages.size) rottingDaysOf.set(pipeline.id, stages);
  }

  // Candidates in parallel arrays, found by deal id: no object per deal.
  const indexOf = new Map<string, number>();
  const candidates: Deal[] = [];
  const allowance: number[] = [];
  const lastActivity: string[] = [];
  for (const deal of data.deals) {
    if (deal.status !== 'open' || deal.deletedAt || (pipelineId !== undefined && deal.pipelineId !== pipelineId) || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    const rottingDays = rottingDaysOf.get(deal.pipelineId)?.get(deal.stageId);
    if (rottingDays === undefined) continue;
    indexOf.set(deal.id, candidates.length);
    candidates.push(deal);
    allowance.push(rottingDays);
    lastActivity.push(deal.stageHistory[deal.stageHistory.length - 1]?.enteredAt ?? deal.createdAt);
  }
  for (const interaction of data.interactions) {
    const dealId = interaction.dealId;
    if (dealId === undefined) continue;
    const index = indexOf.get(dealId);
    if (index === undefined) continue;
    const at = interaction.occurredAt;
    if (at <= asOf && at > (lastActivity[index] as string)) lastActivity[index] = at;
  }

  const asOfMs = Date.parse(asOf);
  const stale: StaleDeal[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const deal = candidates[i] as Deal;
    const lastActivityAt = lastActivity[i] as string;
    const rottingDays = allowance[i] as number;
    const idleDays = (asOfMs - Date.parse(lastActivityAt)) / dayMs;
    if (idleDays <= rottingDays) continue;
    const row: { -readonly [K in keyof StaleDeal]: StaleDeal[K] } = {
      dealId: deal.id,
      title: deal.title,
      pipelineId: deal.pipelineId,
      stageId: deal.stageId,
      amount: { minor: deal.amount.minor, currency: deal.amount.currency },
      lastActivityAt,
      idleDays,
      rottingDays,
      overdueDays: idleDays - rottingDays,
    };
    // Set rather than spread in: a spread makes a throw-away object per stale deal.
    if (deal.ownerId !== undefined) row.ownerId = deal.ownerId;
    stale.push(row);
  }
  stale.sort((a, b) => b.overdueDays - a.overdueDays || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0));
  return { asOf, deals: p.limit === undefined ? stale : stale.slice(0, p.limit) };
}
