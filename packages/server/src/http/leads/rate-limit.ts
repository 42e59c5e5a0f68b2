import { createHash } from 'node:crypto';
import { RateLimitedError } from '@rapport/core';
import type { Sql } from '../../db/sql.js';
import { clientNetwork } from './client-ip.js';

/**
 * Fixed one-minute windows counted in PostgreSQL, so that every replica of the server sees the
 * same counts. The window is cut by the database's clock, not each replica's, so replicas agree
 * on where a minute ends even when their own clocks drift.
 */

/** The counter of one thing being limited, such as one client network or one form key. */
export interface RateLimitBucket {
  /** The counter's name in `rate_limits.bucket`. */
  readonly bucket: string;
  /** Hits allowed per minute; the next one is refused until the minute ends. */
  readonly limit: number;
}

/** What counting one hit found. */
export interface HitCount {
  /** Hits in the current window, this one included. */
  readonly hits: number;
  /** Whether this was the window's first hit (a new minute began for this bucket). */
  readonly firstInWindow: boolean;
}

/**
 * Counts one hit on `bucket` in the current minute: one upsert, so concurrent hits from any
 * number of replicas are all counted.
 *
 * @throws RateLimitedError past the limit, with `retryAfterMs` up to the window's end.
 */
export async function countHit(sql: Sql, { bucket, limit }: RateLimitBucket): Promise<HitCount> {
  const [row] = await sql.query<{ hits: number; seconds_left: number }>(
    `INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, date_trunc('minute', now()), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits, extract(epoch FROM window_start + interval '1 minute' - now())::float8 AS seconds_left`,
    [bucket],
  );
  if (!row) throw new Error('Rate limit: the upsert returned no row');
  if (row.hits > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil(row.seconds_left));
    throw new RateLimitedError('Rate limited: too many submissions, try again later', { retryAfterMs: retryAfterSeconds * 1000 });
  }
  return { hits: row.hits, firstInWindow: row.hits === 1 };
}

/**
 * Deletes the counters of past windows. Called now and then (not on every hit) so the table
 * stays small without a scheduled job.
 */
export async function deleteOldWindows(sql: Sql): Promise<void> {
  await sql.query(`DELETE FROM rate_limits WHERE window_start < date_trunc('minute', now())`);
}

/**
 * The per-client bucket of the lead endpoint. Keyed on a hash of the client's network, so that
 * the table never holds an IP address.
 */
export function leadIpBucket(ip: string, limit: number): RateLimitBucket {
  const digest = createHash('sha256').update(`rapport-lead-ip:${clientNetwork(ip)}`).digest('base64url');
  return { bucket: `lead-ip:${digest}`, limit };
}

/** The per-form-key bucket of the lead endpoint: caps what all clients together send with one key. */
export function leadKeyBucket(formKey: string, limit: number): RateLimitBucket {
  return { bucket: `lead-key:${formKey}`, limit };
}
