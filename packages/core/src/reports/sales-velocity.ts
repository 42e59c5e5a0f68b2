/**
 * Sales velocity: how much revenue the open pipeline is expected to bring in per day,
 * `open deals × win rate × average won amount ÷ days to close`, per currency.
 */
import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Money } from '../money/money.schema.js';
import { parseInput } from '../validation.js';
import { conversionSchema, converterFor } from './money-totals.js';
import { checkPeriod, dayMs, inPeriod, periodShape } from './period.js';
import { checkData, ownerIdParam, pipelineIdParam } from './report-params.schema.js';
import { msToClose } from './sales-cycle.js';

const what = 'sales velocity parameters';

/** Validates what `crm.reports.salesVelocity` accepts. */
export const salesVelocityParamsSchema = z
  .strictObject({
    /** The closed deals (by `closedAt`) that the rate, average and cycle are measured on. Open deals are those open now. */
    ...periodShape,
    pipelineId: pipelineIdParam,
    ownerId: ownerIdParam,
    convert: conversionSchema.optional(),
  })
  .superRefine(checkPeriod);

/** What `crm.reports.salesVelocity` accepts. */
export type SalesVelocityParams = z.input<typeof salesVelocityParamsSchema>;

/** The records a sales velocity is computed from. */
export interface SalesVelocityData {
  readonly deals: readonly Deal[];
}

/** The velocity of one currency's deals (or of all of them, converted). */
export interface SalesVelocityGroup {
  readonly currency: string;
  /** Live deals open now. */
  readonly openDeals: number;
  /** Won ÷ (won + lost) of the deals closed in the period; `null` when none closed. */
  readonly winRate: number | null;
  /** The mean amount of the deals won in the period, rounded; `null` when none was won. */
  readonly averageWon: Money | null;
  /** The mean days from creation to close of the deals won in the period; `null` when none was won. */
  readonly cycleDays: number | null;
  /** `openDeals × winRate × averageWon ÷ cycleDays`, rounded; `null` when a part is missing or the cycle is not positive. */
  readonly perDay: Money | null;
}

/** What `crm.reports.salesVelocity` answers. */
export interface SalesVelocity {
  /** One group per currency, sorted by code; with `convert`, exactly one. */
  readonly groups: SalesVelocityGroup[];
}

interface Tally {
  open: number;
  won: number;
  lost: number;
  /** Σ won amounts in minor units of the group's currency, unrounded when converted. */
  wonMinor: number;
  /** Σ milliseconds to close of the won deals: whole numbers, so the sum is exact in any order. */
  ms: number;
}

/**
 * Computes the sales velocity per currency: the open deals now, against the win rate, average
 * won amount and cycle of the live deals closed in the period. Currencies are never mixed: each
 * has its own group, unless `convert` turns them into one.
 *
 * @example
 * const { groups } = computeSalesVelocity({ deals }, { from: '2026-01-01' });
 * groups.map((g) => `${g.currency}: ${g.perDay?.minor ?? '–'} per day`);
 */
export function computeSalesVelocity(data: SalesVelocityData, params: SalesVelocityParams): SalesVelocity {
  const p = parseInput(salesVelocityParamsSchema, params, what);
  checkData(data, ['deals'], what);
  const converter = converterFor(p.convert, what);
  const { pipelineId, ownerId } = p;

  const tallies = new Map<string, Tally>();
  if (converter) tallies.set(converter.to, { open: 0, won: 0, lost: 0, wonMinor: 0, ms: 0 });
  for (const deal of data.deals) {
    if (deal.deletedAt || (pipelineId !== undefined && deal.pipelineId !== pipelineId) || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    const { status } = deal;
    const closedInPeriod = status !== 'open' && deal.closedAt !== undefined && inPeriod(deal.closedAt, p);
    if (status !== 'open' && !closedInPeriod) continue;
    const factor = converter ? converter.factor(deal.amount.currency) : 1;
    const currency = converter ? converter.to : deal.amount.currency;
    let tally = tallies.get(currency);
    if (!tally) tallies.set(currency, (tally = { open: 0, won: 0, lost: 0, wonMinor: 0, ms: 0 }));
    if (status === 'open') tally.open++;
    else if (status === 'lost') tally.lost++;
    else {
      tally.won++;
      tally.wonMinor += deal.amount.minor * factor;
      tally.ms += msToClose(deal);
    }
  }

  const currencies = [...tallies.keys()].sort();
  return {
    groups: currencies.map((currency): SalesVelocityGroup => {
      const { open, won, lost, wonMinor, ms } = tallies.get(currency) as Tally;
      const winRate = won + lost ? won / (won + lost) : null;
      const averageWon = won ? { minor: Math.round(wonMinor / won), currency } : null;
      const cycleDays = won ? ms / (won * dayMs) : null;
      const perDay =
        winRate !== null && averageWon && cycleDays !== null && cycleDays > 0 ? { minor: Math.round((open * winRate * averageWon.minor) / cycleDays), currency } : null;
      return { currency, openDeals: open, winRate, averageWon, cycleDays, perDay };
    }),
  };
}
