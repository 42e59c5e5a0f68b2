/**
 * The forecast: open deals by the month (or quarter) they are expected to close in, split into
 * pipeline, best case and commit by their probability, next to the deals already won in each.
 */
import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Money } from '../money/money.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';
import { bucketKey, bucketNumber, bucketPeriods, bucketStart, lastBucketBefore, type BucketPeriod } from './buckets.js';
import { conversionSchema, converterFor, MoneyTotals, type CurrencyConverter } from './money-totals.js';
import { checkPeriod, dateBounds, inPeriod, periodShape } from './period.js';
import { checkData, ownerIdParam, pipelineIdParam } from './report-params.schema.js';

const what = 'forecast parameters';

/** The most buckets one forecast returns: 50 years of months. */
export const maxForecastBuckets = 600;

const threshold = (fallback: number) =>
  z
    .number({ message: 'Must be a probability between 0 and 1' })
    .min(0, { message: 'Must be a probability between 0 and 1' })
    .max(1, { message: 'Must be a probability between 0 and 1' })
    .default(fallback);

/** Validates what `crm.reports.forecast` accepts. */
export const forecastParamsSchema = z
  .strictObject({
    /** How long each bucket is (default `month`). */
    period: z.enum(bucketPeriods, { message: `Must be one of ${bucketPeriods.join(', ')}` }).default('month'),
    /** Compared with `expectedCloseDate` for open deals and `closedAt` for won ones. */
    ...periodShape,
    pipelineId: pipelineIdParam,
    ownerId: ownerIdParam,
    /** An open deal at or above this probability is `commit` (default 0.7). */
    commitAt: threshold(0.7),
    /** An open deal at or above this probability, below `commitAt`, is `bestCase` (default 0.4). */
    bestCaseAt: threshold(0.4),
    convert: conversionSchema.optional(),
  })
  .superRefine((params, ctx) => {
    checkPeriod(params, ctx);
    if (params.bestCaseAt > params.commitAt) ctx.addIssue({ code: 'custom', path: ['bestCaseAt'], message: 'Must be at most commitAt' });
  });

/** What `crm.reports.forecast` accepts. */
export type ForecastParams = z.input<typeof forecastParamsSchema>;

/** The records a forecast is computed from. */
export interface ForecastData {
  readonly pipelines: readonly Pipeline[];
  readonly deals: readonly Deal[];
}

/** How many deals, and what they are worth per currency. */
export interface DealTotals {
  readonly count: number;
  readonly amounts: Money[];
}

/** One month or quarter of a forecast. */
export interface ForecastBucket {
  /** `2026-11` or `2026-Q4`. */
  readonly key: string;
  /** The bucket's first day, `2026-10-01`. */
  readonly start: string;
  /** The day after the bucket (exclusive end), `2027-01-01`. */
  readonly end: string;
  /** Open deals below `bestCaseAt`. */
  readonly pipeline: DealTotals;
  /** Open deals from `bestCaseAt` up to `commitAt`. */
  readonly bestCase: DealTotals;
  /** Open deals at or above `commitAt`. */
  readonly commit: DealTotals;
  /** Deals won in the bucket (by `closedAt`). */
  readonly closed: DealTotals;
  /** Σ amount × probability of the bucket's open deals, rounded once per currency. */
  readonly weighted: Money[];
}

/** What `crm.reports.forecast` answers. */
export interface Forecast {
  readonly period: BucketPeriod;
  /** Contiguous buckets, empty ones included, from `from`'s (or the earliest deal's) to `to`'s (or the latest deal's). */
  readonly buckets: ForecastBucket[];
  /** Open deals without an expected close date, which no period can place. */
  readonly undated: Pick<ForecastBucket, 'pipeline' | 'bestCase' | 'commit' | 'weighted'>;
}

type Category = 'pipeline' | 'bestCase' | 'commit';

/** Counts and sums of one category while the deals are walked. */
class Tally {
  count = 0;
  readonly totals: MoneyTotals;
  constructor(converter: CurrencyConverter | undefined) {
    this.totals = new MoneyTotals(converter);
  }
  result(): DealTotals {
    return { count: this.count, amounts: this.totals.amounts() };
  }
}

/** A bucket while the deals are walked. */
class BucketTally {
  readonly pipeline: Tally;
  readonly bestCase: Tally;
  readonly commit: Tally;
  readonly closed: Tally;
  readonly weighted: MoneyTotals;
  constructor(converter: CurrencyConverter | undefined) {
    this.pipeline = new Tally(converter);
    this.bestCase = new Tally(converter);
    this.commit = new Tally(converter);
    this.closed = new Tally(converter);
    this.weighted = new MoneyTotals(converter);
  }
  addOpen(category: Category, amount: Money, probability: number): void {
    const tally = this[category];
    tally.count++;
    tally.totals.add(amount);
    this.weighted.add(amount, probability);
  }
}

/**
 * Forecasts revenue: each live open deal is weighted by its probability (its own, else its
 * stage's) and falls in exactly one category, in the bucket of its `expectedCloseDate`; won deals
 * count as `closed` in the bucket of their `closedAt`. Open deals without an expected close date
 * are reported apart, as `undated`, whatever the period. Open deals whose pipeline or stage is
 * not in `pipelines` are left out, since their probability is unknown.
 *
 * @example
 * const { buckets } = computeForecast({ pipelines, deals }, { period: 'quarter', from: '2026-01-01', to: '2027-01-01' });
 * buckets.map((b) => `${b.key}: ${b.commit.count} committed`);
 */
export function computeForecast(data: ForecastData, params: ForecastParams): Forecast {
  const p = parseInput(forecastParamsSchema, params, what);
  checkData(data, ['pipelines', 'deals'], what);
  const converter = converterFor(p.convert, what);
  const { period, ownerId, pipelineId, commitAt, bestCaseAt } = p;
  const dates = dateBounds(p);
  const stageProbabilities = new Map<string, Map<string, number>>();
  for (const pipeline of data.pipelines) stageProbabilities.set(pipeline.id, new Map(pipeline.stages.map((s) => [s.id, s.probability])));

  const tallies = new Map<number, BucketTally>();
  const tallyAt = (bucket: number) => {
    let tally = tallies.get(bucket);
    if (!tally) tallies.set(bucket, (tally = new BucketTally(converter)));
    return tally;
  };
  const undated = new BucketTally(converter);
  for (const deal of data.deals) {
    if (deal.deletedAt || (pipelineId !== undefined && deal.pipelineId !== pipelineId) || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    if (deal.status === 'open') {
      const stageProbability = stageProbabilities.get(deal.pipelineId)?.get(deal.stageId);
      if (stageProbability === undefined) continue;
      const probability = deal.probability ?? stageProbability;
      const category: Category = probability >= commitAt ? 'commit' : probability >= bestCaseAt ? 'bestCase' : 'pipeline';
      const date = deal.expectedCloseDate;
      if (date === undefined) undated.addOpen(category, deal.amount, probability);
      else if (inPeriod(date, dates)) tallyAt(bucketNumber(date, period)).addOpen(category, deal.amount, probability);
    } else if (deal.status === 'won' && deal.closedAt !== undefined && inPeriod(deal.closedAt, p)) {
      const closed = tallyAt(bucketNumber(deal.closedAt, period)).closed;
      closed.count++;
      closed.totals.add(deal.amount);
    }
  }

  const buckets: ForecastBucket[] = [];
  const range = bucketRange(tallies, p.from, p.to, period);
  for (let bucket = range.first; bucket <= range.last; bucket++) {
    const tally = tallies.get(bucket) ?? new BucketTally(converter);
    buckets.push({
      key: bucketKey(bucket, period),
      start: bucketStart(bucket, period),
      end: bucketStart(bucket + 1, period),
      pipeline: tally.pipeline.result(),
      bestCase: tally.bestCase.result(),
      commit: tally.commit.result(),
      closed: tally.closed.result(),
      weighted: tally.weighted.weighted(),
    });
  }
  return {
    period,
    buckets,
    undated: { pipeline: undated.pipeline.result(), bestCase: undated.bestCase.result(), commit: undated.commit.result(), weighted: undated.weighted.weighted() },
  };
}

/**
 * The first and last bucket to report: `from`'s and `to`'s when given, else the earliest and
 * latest bucket holding a deal. Refuses a span of more than {@link maxForecastBuckets}.
 */
function bucketRange(tallies: ReadonlyMap<number, unknown>, from: string | undefined, to: string | undefined, period: BucketPeriod): { first: number; last: number } {
  let first = from === undefined ? undefined : bucketNumber(from, period);
  let last = to === undefined ? undefined : lastBucketBefore(to, period);
  if (first === undefined || last === undefined) {
    let earliest: number | undefined;
    let latest: number | undefined;
    for (const bucket of tallies.keys()) {
      if (earliest === undefined || bucket < earliest) earliest = bucket;
      if (latest === undefined || bucket > latest) latest = bucket;
    }
    first ??= earliest ?? last;
    last ??= latest ?? first;
  }
  if (first === undefined || last === undefined) return { first: 0, last: -1 };
  const span = last - first + 1;
  if (span > maxForecastBuckets) {
    const message = `The forecast would span ${span} ${period}s, more than ${maxForecastBuckets}: narrow it with from and to`;
    throw new ValidationError(`Invalid ${what}`, [
      { path: ['from'], message, code: 'too_big' },
      { path: ['to'], message, code: 'too_big' },
    ]);
  }
  return { first, last };
}
