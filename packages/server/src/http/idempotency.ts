/**
 * `Idempotency-Key`: a retried write gives the first response again instead of writing twice.
 * The key is claimed by inserting its row in the SAME transaction as the write, so PostgreSQL's
 * unique index makes a concurrent duplicate wait until the first commits (then it replays) or
 * rolls back (then it runs). A failed write rolls the claim back with it: nothing is remembered
 * of a request that changed nothing, and its retry runs afresh.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { ProblemOverride } from './problem.js';

/** A response worth remembering. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A response, and whether it is a replay of an earlier one. */
export interface IdempotentResult extends IdempotentResponse {
  replayed: boolean;
}

/** The header a replayed response carries. */
export const replayedHeader = 'Idempotent-Replayed';

/** How long a key is remembered. */
export const idempotencyTtlHours = 24;

// Deleting expired rows on every write would cost a scan each time; one write in this many does it.
const sweepEvery = 50;

/**
 * The request's fingerprint: SHA-256 (hex) of method, path and body. A key reused with another
 * fingerprint is refused.
 */
export function requestHash(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method.toUpperCase()}\n${path}\n${body}`, 'utf8').digest('hex');
}

/**
 * The `Idempotency-Key` header's value, or `undefined` when there is none; a 400 when it is not
 * 1–255 printable ASCII characters.
 */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (/^[\x20-\x7e]{1,255}$/.test(header)) return header;
  throw new ValidationError('Invalid Idempotency-Key', [{ path: ['Idempotency-Key'], message: 'Must be 1 to 255 printable ASCII characters', code: 'invalid_format' }]);
}

/**
 * Runs `produce` once per `(scope, key)`: the first call claims the key in `tx` (the write's
 * own transaction) and stores the response; a later call with the same `requestHash` replays
 * it, one with another hash is refused with a 422 whose issue path is `['Idempotency-Key']`.
 *
 * @example
 * await withStoreTransaction(sql, workspaceId, (store, tx) =>
 *   idempotent(tx, `workspace:${workspaceId}`, key, hash, async () => ({ status: 201, body: await store.collection('contacts').put(record) })));
 */
export async function idempotent(tx: Sql, scope: string, key: string, requestHash: string, produce: () => Promise<IdempotentResponse>): Promise<IdempotentResult> {
  if (Math.floor(Math.random() * sweepEvery) === 0) {
    await tx.query(`DELETE FROM idempotency WHERE created_at < now() - interval '${idempotencyTtlHours} hours'`);
  }
  // An expired row of this very key must not be replayed.
  await tx.query(`DELETE FROM idempotency WHERE scope = $1 AND key = $2 AND created_at < now() - interval '${idempotencyTtlHours} hours'`, [scope, key]);
  const claimed = await tx.query('INSERT INTO idempotency (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING RETURNING key', [scope, key, requestHash]);
  if (claimed.length === 0) return replay(tx, scope, key, requestHash);
  const response = await produce();
  await tx.query('UPDATE idempotency SET status = $3, body = $4, headers = $5 WHERE scope = $1 AND key = $2', [
    scope,
    key,
    response.status,
    JSON.stringify(response.body ?? null),
    JSON.stringify(response.headers ?? {}),
  ]);
  return { ...response, replayed: false };
}

/** The stored response of an earlier request with this key. */
async function replay(tx: Sql, scope: string, key: string, hash: string): Promise<IdempotentResult> {
  const [row] = await tx.query<{ request_hash: string; status: number | null; body: unknown; headers: Record<string, string> | null }>(
    'SELECT request_hash, status, body, headers FROM idempotency WHERE scope = $1 AND key = $2',
    [scope, key],
  );
  if (!row || row.request_hash !== hash || row.status === null) {
    const error = new ValidationError('Invalid Idempotency-Key', [
      { path: ['Idempotency-Key'], message: 'Already used for a different request: use a new key for a new request', code: 'idempotency_key_reused' },
    ]);
    throw new ProblemOverride(error, { status: 422 });
  }
  return { status: row.status, body: row.body, headers: row.headers ?? {}, replayed: true };
}
