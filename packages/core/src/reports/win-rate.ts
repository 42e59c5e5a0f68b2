/**
 * The win rate: of the deals closed in a period, the share that was won, overall and optionally
 * per owner or per pipeline.
 */
import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Money } from '../money/money.schema.js';
import { parseInput } from '../validation.js';
import { compareKeys } from './compare-keys.js';
import { conversionSchema, converterFor, MoneyTotals, type CurrencyConverter } from './money-totals.js';
import { checkPeriod, inPeriod, periodShape } from './period.js';
import { checkData, ownerIdParam, pipelineIdParam } from './report-params.schema.js';

const what = 'win rate parameters';

/** What a win rate can be broken down by. */
export const winRateGroupings = ['owner', 'pipeline'] as const;

/** Validates what `crm.reports.winRate` accepts. */
export const winRateParamsSchema = z
  .strictObject({
    /** Deals closed (`closedAt`) in `[from, to)`. */
    ...periodShape,
    pipelineId: pipelineIdParam,
    ownerId: ownerIdParam,
    /** Also break the rate down per owner or per pipeline. */
    groupBy: z.enum(winRateGroupings, { message: `Must be one of ${winRateGroupings.join(', ')}` }).optional(),
    convert: conversionSchema.optional(),
  })
  .superRefine(checkPeriod);

/** What `crm.reports.winRate` accepts. */
export type WinRateParams = z.input<typeof winRateParamsSchema>;

/** The records a win rate is computed from. */
export interface WinRateData {
  readonly deals: readonly Deal[];
}

/** Won and lost deals and the rate between them. */
export interface WinRateLine {
  readonly won: number;
  readonly lost: number;
  /** `won ÷ (won + lost)`; `null` when nothing closed. */
  readonly rate: number | null;
  readonly wonAmounts: Money[];
  readonly lostAmounts: Money[];
}

/** The win rate of one owner or pipeline. */
export interface WinRateGroup extends WinRateLine {
  /** The owner or pipeline id; `null` for deals without an owner. */
  readonly key: string | null;
}

/** What `crm.reports.winRate` answers. */
export interface WinRate extends WinRateLine {
  /** With `groupBy` only: one line per owner or pipeline, sorted by key, `null` last. Their sums add up to the totals. */
  readonly groups?: WinRateGroup[];
}

class Tally {
  won = 0;
  lost = 0;
  readonly wonTotals: MoneyTotals;
  readonly lostTotals: MoneyTotals;
  constructor(converter: CurrencyConverter | undefined) {
    this.wonTotals = new MoneyTotals(converter);
    this.lostTotals = new MoneyTotals(converter);
  }
  line(): WinRateLine {
    const closed = this.won + this.lost;
    return { won: this.won, lost: this.lost, rate: closed ? this.won / closed : null, wonAmounts: this.wonTotals.amounts(), lostAmounts: this.lostTotals.amounts() };
  }
}

/**
 * Computes the win rate of the live deals won or lost in a period. With `groupBy`, each group's
 * amounts are rounded once (when converting) and the overall amounts are their sum, so the groups
 * always add up to the total.
 *
 * @example
 * const { rate, groups } = computeWinRate({ deals }, { from: '2026-01-01', groupBy: 'owner' });
 */
export function computeWinRate(data: WinRateData, params: WinRateParams): WinRate {
  const p = parseInput(winRateParamsSchema, params, what);
  checkData(data, ['deals'], what);
  const converter = converterFor(p.convert, what);
  const { groupBy, pipelineId, ownerId } = p;

  const tallies = new Map<string | null, Tally>();
  for (const deal of data.deals) {
    const { status } = deal;
    if ((status !== 'won' && status !== 'lost') || deal.deletedAt || deal.closedAt === undefined || !inPeriod(deal.closedAt, p)) continue;
    if ((pipelineId !== undefined && deal.pipelineId !== pipelineId) || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    const key = groupBy === 'owner' ? (deal.ownerId ?? null) : groupBy === 'pipeline' ? deal.pipelineId : null;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = new Tally(converter)));
    if (status === 'won') {
      tally.won++;
      tally.wonTotals.add(deal.amount);
    } else {
      tally.lost++;
      tally.lostTotals.add(deal.amount);
    }
  }

  const overall = new Tally(converter);
  for (const tally of tallies.values()) {
    overall.won += tally.won;
    overall.lost += tally.lost;
    overall.wonTotals.addTotals(tally.wonTotals);
    overall.lostTotals.addTotals(tally.lostTotals);
  }
  if (!groupBy) return overall.line();
  const keys = [...tallies.keys()].sort(compareKeys);
  return { ...overall.line(), groups: keys.map((key) => ({ key, ...(tallies.get(key) as Tally).line() })) };
}
