/**
 * The change feed: committed changes of a workspace, in commit order, one batch per transaction.
 * One LISTEN per {@link Sql} tells which workspaces have new changes; the feed then reads them
 * from `changes` after the cursor of its subscribers, so a notification carries no data and a
 * lost one costs only delay: a slow poll catches up while anyone is subscribed.
 */
import { UnavailableError, ValidationError, reportListenerError } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { changeColumnsSql, changesChannel, parseCursor, toSeqChange, type ChangeRow, type SeqChange } from './change-log.js';
import { toStoreError } from './pg-errors.js';

/** The changes of one committed transaction. */
export interface ChangeBatch {
  /** The seq of the batch's last change: where a subscriber resumes. */
  readonly cursor: string;
  /** Treat as read-only: every subscriber of the workspace gets the same objects. */
  readonly changes: SeqChange[];
}

/** Subscriptions to the committed changes of workspaces. */
export interface ChangeFeed {
  /**
   * Delivers every batch after `since` (undefined = from the current head), in commit order.
   * Resolves once listening, with the head cursor it starts after.
   */
  subscribe(workspaceId: string, since: string | undefined, listener: (batch: ChangeBatch) => void): Promise<{ cursor: string; unsubscribe(): void }>;
  /** Ends every subscription and stops listening. The `Sql` stays open: it is the caller's. */
  close(): Promise<void>;
}

/** Options of {@link changeFeed}. */
export interface ChangeFeedOptions {
  /** How often to look for changes whose notification was lost, while anyone is subscribed (default 2,000 ms). */
  pollIntervalMs?: number;
}

/** Changes read per statement. */
const pageSize = 1000;

interface Subscriber {
  cursor: bigint;
  readonly listener: (batch: ChangeBatch) => void;
  active: boolean;
}

interface WorkspaceFeed {
  readonly subscribers: Set<Subscriber>;
  /** The read in progress, if any. */
  reading: Promise<void> | undefined;
  /** Whether to read again when the current read ends: something arrived meanwhile. */
  again: boolean;
}

/**
 * A change feed over `sql`: one LISTEN for the process, fanned out by workspace.
 *
 * @example
 * const feed = changeFeed(sql);
 * const { cursor, unsubscribe } = await feed.subscribe(workspaceId, undefined, (batch) => send(batch));
 */
export function changeFeed(sql: Sql, options: ChangeFeedOptions = {}): ChangeFeed {
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const workspaces = new Map<string, WorkspaceFeed>();
  let listening: Promise<() => Promise<void>> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const startListening = () => {
    listening ??= sql.listen(changesChannel, (workspaceId) => {
      if (workspaces.has(workspaceId)) read(workspaceId);
    });
    // A failed LISTEN is tried again by the next subscription.
    listening.catch(() => (listening = undefined));
    return listening;
  };

  /** Reads and delivers the workspace's new changes; a call during a read makes it read again. */
  function read(workspaceId: string): void {
    const feed = workspaces.get(workspaceId);
    if (!feed || closed) return;
    if (feed.reading) {
      feed.again = true;
      return;
    }
    feed.reading = (async () => {
      do {
        feed.again = false;
        await drain(workspaceId, feed);
      } while (feed.again && !closed && feed.subscribers.size);
    })()
      // A failed read (the database restarting) is retried by the next notification or poll.
      .catch(() => undefined)
      .finally(() => (feed.reading = undefined));
  }

  /** Delivers, batch by batch, every change after the oldest cursor of the workspace's subscribers. */
  async function drain(workspaceId: string, feed: WorkspaceFeed): Promise<void> {
    let from: bigint | undefined;
    for (const s of feed.subscribers) if (from === undefined || s.cursor < from) from = s.cursor;
    if (from === undefined) return;
    // Rows of a transaction that a page cut in two wait for the next page; `bound` is the seq
    // right before the first row not delivered yet.
    let carried: ChangeRow[] = [];
    let bound = from;
    for (;;) {
      const rows: ChangeRow[] = await sql.query<ChangeRow>(
        `SELECT ${changeColumnsSql} FROM changes WHERE workspace_id = $1::uuid AND seq > $2::bigint ORDER BY changes.seq LIMIT $3::int`,
        [workspaceId, from.toString(), pageSize],
      );
      if (closed) return;
      const all = carried.concat(rows);
      // A full page may end inside a transaction: keep its last one for the next page.
      const complete = rows.length < pageSize ? all.length : lastTransactionStart(all);
      if (complete > 0) {
        bound = deliver(feed, all.slice(0, complete), bound);
        carried = all.slice(complete);
      } else carried = all;
      if (rows.length < pageSize) return;
      from = BigInt((rows[rows.length - 1] as ChangeRow).seq);
    }
  }

  /**
   * Hands each transaction of `rows` to the subscribers that have seen everything up to it
   * (cursor at least `bound`, the seq before its first row) and not yet it. A subscriber further
   * behind, one that joined during this read, is served by the next read, in order. Returns the
   * seq of the last row.
   */
  function deliver(feed: WorkspaceFeed, rows: readonly ChangeRow[], bound: bigint): bigint {
    let start = 0;
    while (start < rows.length) {
      let end = start + 1;
      while (end < rows.length && (rows[end] as ChangeRow).tx === (rows[start] as ChangeRow).tx) end++;
      const changes = rows.slice(start, end).map(toSeqChange);
      const batch: ChangeBatch = { cursor: (changes[changes.length - 1] as SeqChange).seq, changes };
      const last = BigInt(batch.cursor);
      for (const subscriber of [...feed.subscribers]) {
        if (!subscriber.active || subscriber.cursor < bound || subscriber.cursor >= last) continue;
        // A subscriber that resumed from a cursor inside this transaction gets the rest of it.
        const cursor = subscriber.cursor;
        const own = cursor > bound ? { cursor: batch.cursor, changes: changes.filter((c) => BigInt(c.seq) > cursor) } : batch;
        subscriber.cursor = last;
        try {
          subscriber.listener(own);
        } catch (error) {
          reportListenerError(error);
        }
      }
      bound = last;
      start = end;
    }
    return bound;
  }

  const stopPollingIfIdle = () => {
    if (poll && workspaces.size === 0) {
      clearInterval(poll);
      poll = undefined;
    }
  };

  return {
    async subscribe(workspaceId, since, listener) {
      if (closed) throw new UnavailableError('The change feed is closed');
      if (typeof listener !== 'function') throw new ValidationError('Invalid subscription', [{ path: ['listener'], message: 'Must be a function' }]);
      const start = since === undefined ? undefined : parseCursor(since);
      try {
        // Listen first, then read the head: a commit after the head is read is then notified.
        await startListening();
      } catch (error) {
        throw toStoreError(error, { operation: 'listen for changes' });
      }
      const cursor = start ?? (await headCursor(sql, workspaceId));
      if (closed) throw new UnavailableError('The change feed is closed');
      const subscriber: Subscriber = { cursor: BigInt(cursor), listener, active: true };
      let feed = workspaces.get(workspaceId);
      if (!feed) workspaces.set(workspaceId, (feed = { subscribers: new Set(), reading: undefined, again: false }));
      feed.subscribers.add(subscriber);
      poll ??= setInterval(() => {
        for (const id of workspaces.keys()) read(id);
      }, pollIntervalMs);
      // The poll only guards against lost notifications; it must not keep the process alive.
      (poll as { unref?: () => void }).unref?.();
      // Catch up from `since`, and pick up a commit notified between the head read and now.
      read(workspaceId);
      return {
        cursor,
        unsubscribe() {
          subscriber.active = false;
          const current = workspaces.get(workspaceId);
          if (!current) return;
          current.subscribers.delete(subscriber);
          if (!current.subscribers.size) workspaces.delete(workspaceId);
          stopPollingIfIdle();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      const reads = [...workspaces.values()].map((w) => w.reading);
      for (const feed of workspaces.values()) for (const s of feed.subscribers) s.active = false;
      workspaces.clear();
      stopPollingIfIdle();
      const stop = await listening?.catch(() => undefined);
      await Promise.all([stop?.().catch(() => undefined), ...reads]);
    },
  };
}

/** Where the last complete transaction of `rows` ends: the index where the last one starts. */
function lastTransactionStart(rows: readonly ChangeRow[]): number {
  if (!rows.length) return 0;
  const lastTx = (rows[rows.length - 1] as ChangeRow).tx;
  let i = rows.length - 1;
  while (i > 0 && (rows[i - 1] as ChangeRow).tx === lastTx) i--;
  return i;
}

/**
 * A page of a workspace's changes after `since` (undefined = from the start), in commit order,
 * and the cursor to read on from. A page may end inside a transaction.
 *
 * @example
 * let { changes, cursor } = await readChanges(sql, workspaceId, undefined, 1000);
 */
export async function readChanges(sql: Sql, workspaceId: string, since: string | undefined, limit: number): Promise<{ changes: SeqChange[]; cursor: string }> {
  if (!Number.isInteger(limit) || limit < 1 || limit > pageSize) {
    throw new ValidationError('Invalid change query', [{ path: ['limit'], message: `Must be a whole number from 1 to ${pageSize}` }]);
  }
  const from = since === undefined ? '0' : parseCursor(since);
  try {
    const rows = await sql.query<ChangeRow>(
      `SELECT ${changeColumnsSql} FROM changes WHERE workspace_id = $1::uuid AND seq > $2::bigint ORDER BY changes.seq LIMIT $3::int`,
      [workspaceId, from, limit],
    );
    const changes = rows.map(toSeqChange);
    return { changes, cursor: changes.length ? (changes[changes.length - 1] as SeqChange).seq : from };
  } catch (error) {
    throw toStoreError(error, { operation: 'read changes' });
  }
}

/**
 * The cursor of a workspace's latest committed change (`0` when there is none): a subscriber
 * starting there gets every change committed afterwards.
 *
 * @example
 * const cursor = await headCursor(sql, workspaceId); // what `GET /v1/changes?since=now` answers
 */
export async function headCursor(sql: Sql, workspaceId: string): Promise<string> {
  try {
    const rows = await sql.query<{ seq: string }>('SELECT COALESCE(max(seq), 0)::text AS seq FROM changes WHERE workspace_id = $1::uuid', [workspaceId]);
    return rows[0]?.seq ?? '0';
  } catch (error) {
    throw toStoreError(error, { operation: 'read the change cursor' });
  }
}
