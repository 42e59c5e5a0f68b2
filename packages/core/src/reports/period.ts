/**
 * Report periods: half-open intervals `[from, to)` of UTC time. Either end is a calendar date
 * (`2026-05-01`, meaning its midnight UTC) or a date-time with any offset; both are normalised to
 * the stored form (`2026-05-01T00:00:00.000Z`), so that the reports compare them with stored
 * timestamps as strings, the way the storage port's queries do.
 */
import { z } from '../schema/zod.js';
import { dateSchema, timestampSchema } from '../schema/common.schema.js';

/** One day in milliseconds: what report durations are counted in. */
export const dayMs = 86_400_000;

/**
 * Validates one end of a period: a date (its midnight UTC) or a date-time, normalised to UTC.
 *
 * @example
 * periodBoundSchema.parse('2026-05-01'); // '2026-05-01T00:00:00.000Z'
 */
export const periodBoundSchema = z
  .union([dateSchema.transform((date) => `${date}T00:00:00.000Z`), timestampSchema], {
    error: 'Must be a date such as 2026-05-01 or a date-time such as 2026-05-01T08:00:00Z',
  })
  // A Date far out (year 20000, or before year 0) has a longer ISO form that no longer sorts
  // with four-digit years; stored timestamps never have one.
  .refine((timestamp) => timestamp.length === 24, { message: 'Must be between the years 0000 and 9999' });

/** The `from` and `to` parameters every report with a period takes. */
export const periodShape = {
  /** The first instant counted (inclusive). */
  from: periodBoundSchema.optional(),
  /** The first instant no longer counted (exclusive). */
  to: periodBoundSchema.optional(),
};

/** A parsed period: ISO UTC timestamps; an absent end is open. */
export interface Period {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Refuses a period that ends before it starts; the issue names `to`, where the fix usually is. */
export function checkPeriod(period: Period, ctx: z.core.$RefinementCtx): void {
  if (period.from !== undefined && period.to !== undefined && period.from >= period.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be after from: a period is [from, to)' });
  }
}

/**
 * Whether a stored timestamp falls in `[from, to)`. Stored timestamps are ISO UTC strings, which
 * sort as they compare in time, so no parsing is needed.
 *
 * @example
 * inPeriod(deal.closedAt, { from: '2026-01-01T00:00:00.000Z' });
 */
export function inPeriod(timestamp: string, period: Period): boolean {
  return (period.from === undefined || timestamp >= period.from) && (period.to === undefined || timestamp < period.to);
}

/** The calendar date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * The period as calendar dates: a date `d` (at its midnight) is in the period exactly when
 * `from <= d < to` compare as strings. Lets a report test `expectedCloseDate` without building a
 * timestamp per deal.
 *
 * @example
 * dateBounds({ from: '2026-05-01T12:00:00.000Z' }); // { from: '2026-05-02', to: undefined }
 */
export function dateBounds(period: Period): Period {
  // A date's midnight is at or after `from` when the date is from's date (if from is a midnight)
  // or any later date; likewise it is before `to` when it is before to's date rounded up.
  const ceil = (timestamp: string) => {
    const date = timestamp.slice(0, 10);
    return timestamp.endsWith('T00:00:00.000Z') && timestamp.length === 24 ? date : nextDate(date);
  };
  return { from: period.from === undefined ? undefined : ceil(period.from), to: period.to === undefined ? undefined : ceil(period.to) };
}
