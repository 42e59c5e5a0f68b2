/**
 * Calendar buckets for time series: UTC months and quarters, numbered so that consecutive buckets
 * have consecutive numbers (month: `year × 12 + month − 1`; quarter: `year × 4 + quarter − 1`).
 * Reading a bucket's number off a date needs no Date object, which keeps a pass over 100,000
 * deals cheap.
 */

/** How long a forecast's buckets are. */
export const bucketPeriods = ['month', 'quarter'] as const;

/** One of {@link bucketPeriods}. */
export type BucketPeriod = (typeof bucketPeriods)[number];

/** Which month the string starts with, as `year × 12 + month − 1`: works on dates and ISO timestamps. */
function monthNumber(text: string): number {
  // Digit by digit, with no helper closure: this runs once per deal.
  const year = (text.charCodeAt(0) - 48) * 1000 + (text.charCodeAt(1) - 48) * 100 + (text.charCodeAt(2) - 48) * 10 + (text.charCodeAt(3) - 48);
  return year * 12 + (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48) - 1;
}

/**
 * The number of the bucket a date (`YYYY-MM-DD`) or stored timestamp falls in.
 *
 * @example
 * bucketNumber('2026-11-15', 'quarter') === bucketNumber('2026-10-01T00:00:00.000Z', 'quarter'); // true
 */
export function bucketNumber(text: string, period: BucketPeriod): number {
  const month = monthNumber(text);
  return period === 'month' ? month : Math.floor(month / 3);
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The first month (`year × 12 + month − 1`) of a bucket. */
function firstMonth(bucket: number, period: BucketPeriod): number {
  return period === 'month' ? bucket : bucket * 3;
}

/** A bucket's first day, `YYYY-MM-01`. */
export function bucketStart(bucket: number, period: BucketPeriod): string {
  const month = firstMonth(bucket, period);
  return `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1, 2)}-01`;
}

/** A bucket's name: `2026-11` for a month, `2026-Q4` for a quarter. */
export function bucketKey(bucket: number, period: BucketPeriod): string {
  if (period === 'month') return bucketStart(bucket, period).slice(0, 7);
  return `${pad(Math.floor(bucket / 4), 4)}-Q${(bucket % 4) + 1}`;
}

/**
 * The last bucket a period ending (exclusively) at `to` reaches: `to`'s own bucket, or the one
 * before when `to` is the very first instant of its bucket.
 */
export function lastBucketBefore(to: string, period: BucketPeriod): number {
  const bucket = bucketNumber(to, period);
  return `${bucketStart(bucket, period)}T00:00:00.000Z` === to ? bucket - 1 : bucket;
}
