/**
 * The sales cycle: how many days won deals took from creation to close.
 */
import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import { parseInput } from '../validation.js';
import { checkPeriod, dayMs, inPeriod, periodShape } from './period.js';
import { checkData, ownerIdParam, pipelineIdParam } from './report-params.schema.js';

const what = 'sales cycle parameters';

/** Validates what `crm.reports.salesCycle` accepts. */
export const salesCycleParamsSchema = z
  .strictObject({
    /** Deals won (`closedAt`) in `[from, to)`. */
    ...periodShape,
    pipelineId: pipelineIdParam,
    ownerId: ownerIdParam,
  })
  .superRefine(checkPeriod);

/** What `crm.reports.salesCycle` accepts. */
export type SalesCycleParams = z.input<typeof salesCycleParamsSchema>;

/** The records a sales cycle is computed from. */
export interface SalesCycleData {
  readonly deals: readonly Deal[];
}

/** What `crm.reports.salesCycle` answers. */
export interface SalesCycle {
  /** Won deals counted. */
  readonly count: number;
  /** The median of their days from `createdAt` to `closedAt` (fractional); `null` when none. */
  readonly medianDays: number | null;
  /** The mean of the same; `null` when none. */
  readonly meanDays: number | null;
}

/**
 * How many milliseconds a closed deal took, from `createdAt` to `closedAt`. Whole numbers, so
 * that sums of them are exact and do not depend on the order the deals come in.
 */
export function msToClose(deal: Deal): number {
  return Date.parse(deal.closedAt as string) - Date.parse(deal.createdAt);
}

/** The middle value of `values` (the mean of the two middle ones for an even count), sorting them in place. */
function medianInPlace(values: Float64Array): number | null {
  if (values.length === 0) return null;
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/**
 * Measures how long won deals took to close: the median and mean days from creation to
 * `closedAt`, over the live deals won in the period. Days are fractional (a deal won 36 hours
 * after it was created took 1.5 days).
 *
 * @example
 * const { medianDays } = computeSalesCycle({ deals }, { from: '2026-01-01', to: '2026-04-01' });
 */
export function computeSalesCycle(data: SalesCycleData, params: SalesCycleParams): SalesCycle {
  const p = parseInput(salesCycleParamsSchema, params, what);
  checkData(data, ['deals'], what);
  const { pipelineId, ownerId } = p;
  const durations = new Float64Array(data.deals.length);
  let count = 0;
  let sumMs = 0;
  for (const deal of data.deals) {
    if (deal.status !== 'won' || deal.deletedAt || deal.closedAt === undefined || !inPeriod(deal.closedAt, p)) continue;
    if ((pipelineId !== undefined && deal.pipelineId !== pipelineId) || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    const ms = msToClose(deal);
    durations[count++] = ms;
    sumMs += ms;
  }
  const medianMs = medianInPlace(durations.subarray(0, count));
  return { count, medianDays: medianMs === null ? null : medianMs / dayMs, meanDays: count ? sumMs / (count * dayMs) : null };
}
