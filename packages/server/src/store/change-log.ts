/**
 * The `changes` table: how writers append to it and how readers turn its rows into core's
 * `Change`. Shared by the single-statement writes, the transaction flush and the change feed.
 */
import { ValidationError, type Change, type CollectionName, type StoredRecord } from '@rapport/core';

/** The channel every commit that appended changes notifies, with its workspace id as payload. */
export const changesChannel = 'rapport_changes';

// The first key of the two-key advisory locks that order appends; the second is the workspace's
// hash. Two-key locks never collide with the one-key lock of migrate.ts.
const appendLockClass = 0x72617071;

/**
 * A SELECT that takes the workspace's append lock and queues the notification (delivered at
 * commit). `ws` is the workspace id's placeholder, such as `$1::uuid`. The lock is held until
 * the transaction ends, so appends, and hence commits, of one workspace happen in seq order.
 */
export function lockAndNotifySql(ws: string): string {
  return `SELECT pg_advisory_xact_lock(${appendLockClass}, hashtext(${ws}::text)), pg_notify('${changesChannel}', ${ws}::text)`;
}

/** The id of the current transaction, which groups the changes it appends. */
export const currentTxIdSql = 'pg_current_xact_id()::text::bigint';

/** One change as the feed and `readChanges` report it: core's `Change` and its cursor. */
export type SeqChange = Change & { readonly seq: string };

/** A row of `changes` as read by {@link changeColumnsSql}. */
export interface ChangeRow {
  seq: string;
  tx: string;
  collection: CollectionName;
  id: string;
  type: 'put' | 'delete';
  version: number | null;
  record: Record<string, unknown> | null;
}

/**
 * The columns a reader selects, with bigints as text (JavaScript numbers stop at 2^53). Order by
 * `changes.seq`: a bare `seq` would name this text column and sort '10' before '9'.
 */
export const changeColumnsSql = 'seq::text AS seq, tx_id::text AS tx, collection, id, type, version, record';

/** A row of `changes` as core's `Change` with its seq. */
export function toSeqChange(row: ChangeRow): SeqChange {
  if (row.type === 'delete') return { seq: row.seq, collection: row.collection, type: 'delete', id: row.id };
  const record = (row.record ?? {}) as Record<string, unknown>;
  record.version = row.version;
  return { seq: row.seq, collection: row.collection, type: 'put', id: row.id, version: row.version as number, record: record as unknown as StoredRecord };
}

/** A change without its seq: exactly core's `Change`, for a store's listeners. */
export function withoutSeq(change: SeqChange): Change {
  return change.type === 'put'
    ? { collection: change.collection, type: 'put', id: change.id, version: change.version, record: change.record }
    : { collection: change.collection, type: 'delete', id: change.id };
}

/** Checks a cursor (`since`) given by a caller: the decimal seq of a change, `0` for the start. */
export function parseCursor(cursor: string, path = 'since'): string {
  if (typeof cursor !== 'string' || !/^\d{1,19}$/.test(cursor) || BigInt(cursor) > 9223372036854775807n) {
    throw new ValidationError('Invalid change cursor', [{ path: [path], message: 'Must be a cursor the change feed returned (a decimal number)' }]);
  }
  return BigInt(cursor).toString();
}
