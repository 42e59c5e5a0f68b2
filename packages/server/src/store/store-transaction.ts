/**
 * A store bound to one PostgreSQL transaction, for code that writes records and rows of its own
 * together: the server keeps an idempotency record in the same transaction as the write it
 * answers.
 */
import type { StorageAdapter } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { runTransaction } from './postgres-store.js';

/**
 * Runs fn in ONE PostgreSQL transaction with a store bound to it (its own `transaction()` nests as a
 * savepoint); the changes are appended to `changes` and NOTIFY'd right before commit. The server
 * uses it to put an idempotency record in the same transaction as the write.
 *
 * An error thrown by `fn` rolls everything back and is rethrown as it is. Called with a `sql`
 * that is itself a transaction, it runs in a savepoint of it.
 *
 * @example
 * const created = await withStoreTransaction(sql, workspaceId, async (store, tx) => {
 *   const record = await store.collection('contacts').put(contact, { expectedVersion: 0 });
 *   await tx.query('INSERT INTO idempotency_keys (…) VALUES ($1, …)', [key]);
 *   return record;
 * });
 */
export function withStoreTransaction<T>(sql: Sql, workspaceId: string, fn: (store: StorageAdapter, tx: Sql) => Promise<T>): Promise<T> {
  return runTransaction(sql, workspaceId, undefined, undefined, fn);
}
