/**
 * The storage port over PostgreSQL (a server, or PGlite in-process): one workspace's records in
 * the `records` table, every committed write in `changes`. Passes core's conformance suite.
 */
import {
  UnavailableError,
  ValidationError,
  isCollectionName,
  reportListenerError,
  type ChangeListener,
  type CollectionName,
  type StorageAdapter,
  type StorageScope,
} from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { changeFeed, type ChangeFeed } from './change-feed.js';
import { withoutSeq } from './change-log.js';
import { PostgresCollection, type StoreBinding } from './postgres-collection.js';
import { toStoreError } from './pg-errors.js';
import { TxContext } from './tx-context.js';

/** What {@link postgresStore} takes. */
export interface PostgresStoreOptions {
  /** The database. The store never closes it: it belongs to the caller. */
  sql: Sql;
  /** The workspace whose records the store reads and writes (see `createWorkspace`). */
  workspaceId: string;
  /** The change feed `changes()` subscribes through; without one the store makes its own on `sql`. */
  feed?: ChangeFeed;
}

/**
 * A StorageAdapter (name 'postgres') over one workspace; passes core's conformance suite.
 *
 * A single write outside a transaction is one autocommitted statement (the write, its change row
 * and the notification), so one round trip. `changes(listener)` reports every write this store
 * starts after the call, and the writes of other stores and processes committed once the
 * subscription is set up (a moment later: it reads the head of the log).
 *
 * @example
 * const sql = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
 * const storage = postgresStore({ sql, workspaceId: await createWorkspace(sql, 'Acme') });
 * const crm = createCrm({ storage });
 */
export function postgresStore(options: PostgresStoreOptions): StorageAdapter {
  const { sql, workspaceId } = options;
  let ownFeed: ChangeFeed | undefined;
  let closed = false;
  // Subscriptions being set up: a write waits for them, so that a listener added before the write
  // starts from a head that does not include it.
  const settingUp = new Set<Promise<void>>();
  const stops = new Set<() => void>();

  const binding: StoreBinding = {
    sql,
    workspaceId,
    guard() {
      if (closed) throw new UnavailableError('The postgres store was closed: create another one to go on');
    },
    async beforeWrite() {
      if (settingUp.size) await Promise.all(settingUp);
    },
  };

  return {
    name: 'postgres',
    collection: (name) => new PostgresCollection(checkName(name), binding),
    async transaction(names, fn) {
      const scopeNames = checkTransaction(names, fn);
      binding.guard();
      await binding.beforeWrite();
      return runTransaction(sql, workspaceId, undefined, scopeNames, fn);
    },
    changes(listener: ChangeListener) {
      if (typeof listener !== 'function') throw new ValidationError('Invalid listener', [{ path: ['listener'], message: 'Must be a function' }]);
      binding.guard();
      const feed = options.feed ?? (ownFeed ??= changeFeed(sql));
      let active = true;
      let unsubscribe: (() => void) | undefined;
      const stop = () => {
        active = false;
        unsubscribe?.();
        stops.delete(stop);
      };
      stops.add(stop);
      const ready = feed
        .subscribe(workspaceId, undefined, (batch) => {
          if (active) listener(batch.changes.map(withoutSeq));
        })
        .then(
          (subscription) => {
            if (active) unsubscribe = subscription.unsubscribe;
            else subscription.unsubscribe();
          },
          // Nobody awaits a subscription (changes() returns at once): say that it failed.
          (error) => reportListenerError(error),
        )
        .finally(() => settingUp.delete(ready));
      settingUp.add(ready);
      return stop;
    },
    async close() {
      closed = true;
      for (const stop of [...stops]) stop();
      await ownFeed?.close();
    },
  };
}

/** The collection names of a transaction, checked as the memory adapter checks them. */
export function checkTransaction(names: unknown, fn: unknown): ReadonlySet<CollectionName> {
  if (!Array.isArray(names) || typeof fn !== 'function') {
    throw new ValidationError('Invalid transaction', [
      { path: [Array.isArray(names) ? 'fn' : 'names'], message: Array.isArray(names) ? 'Must be a function' : 'Must be a list of collection names' },
    ]);
  }
  for (const name of names) {
    if (!isCollectionName(name)) {
      throw new ValidationError('Invalid transaction', [{ path: ['names'], message: `Unknown collection: ${typeof name === 'string' ? name : `(a ${typeof name})`}` }]);
    }
  }
  return new Set(names as CollectionName[]);
}

function checkName<N extends CollectionName>(name: N): N {
  if (!isCollectionName(name)) {
    throw new ValidationError('Invalid collection', [{ path: ['collection'], message: `Unknown collection: ${typeof name === 'string' ? name : `(a ${typeof name})`}` }]);
  }
  return name;
}

/**
 * Runs `fn` in a new SQL transaction, or in a savepoint of `parent`'s, with a scope bound to it
 * that reaches `names` only (all collections when `names` is undefined). At the end of a new
 * transaction its changes are appended and notified, right before the commit.
 */
export async function runTransaction<T>(
  sql: Sql,
  workspaceId: string,
  parent: TxContext | undefined,
  names: ReadonlySet<CollectionName> | undefined,
  fn: (scope: StorageAdapter, tx: Sql) => Promise<T>,
): Promise<T> {
  // An error thrown by `fn` itself is rethrown as it is; the store's own are translated.
  let thrownByFn: { error: unknown } | undefined;
  const body = async (tx: Sql): Promise<T> => {
    const ctx = parent ? parent.child(tx) : new TxContext(tx, workspaceId);
    let open = true;
    const scope = boundStore(ctx, names, () => open);
    try {
      let result: T;
      try {
        result = await fn(scope, tx);
      } catch (error) {
        thrownByFn = { error };
        throw error;
      }
      // Whatever `fn` left running inside the transaction ends before it commits.
      await ctx.run(async () => undefined);
      if (parent) ctx.mergeIntoParent();
      else await ctx.flush();
      return result;
    } finally {
      open = false;
    }
  };
  try {
    return parent ? await parent.run(() => parent.sql.transaction(body)) : await sql.transaction(body);
  } catch (error) {
    if (thrownByFn && thrownByFn.error === error) throw error;
    throw toStoreError(error, { operation: 'transaction' });
  }
}

/** A store whose every call runs in the transaction of `ctx`. */
function boundStore(ctx: TxContext, names: ReadonlySet<CollectionName> | undefined, isOpen: () => boolean): StorageAdapter {
  const binding: StoreBinding = {
    sql: ctx.sql,
    workspaceId: ctx.workspaceId,
    ctx,
    guard() {
      if (!isOpen()) {
        throw new ValidationError('A transaction scope was used after its transaction ended', [{ path: [], message: 'Transaction ended' }]);
      }
    },
    async beforeWrite() {},
  };
  const scope: StorageScope = {
    collection(name) {
      checkName(name);
      if (names && !names.has(name)) {
        throw new ValidationError('Invalid transaction access', [
          { path: ['collection'], message: `"${name}" is not one of this transaction's collections (${[...names].join(', ')})` },
        ]);
      }
      return new PostgresCollection(name, binding);
    },
  };
  return {
    name: 'postgres',
    collection: scope.collection,
    async transaction(innerNames, fn) {
      const inner = checkTransaction(innerNames, fn);
      binding.guard();
      for (const name of inner) scope.collection(name);
      return runTransaction(ctx.sql, ctx.workspaceId, ctx, inner, fn);
    },
    changes() {
      throw new ValidationError('changes() is not offered inside a transaction', [
        { path: [], message: 'Subscribe on the store the transaction was started from (postgresStore)' },
      ]);
    },
    // The transaction ends with its function; there is nothing of its own to release.
    async close() {},
  };
}
