/**
 * The databases a page benchmark uses: the adapter's own, and a raw Dexie connection declared
 * with exactly the adapter's stores (every schema version), for baselines on the same indexes.
 */
import Dexie, { type Table } from 'dexie';
import type { CollectionName, RecordMap, StoredRecord } from '@rapport/core';
import { indexedDbAdapter, schemaVersions, type IndexedDbAdapter } from '@rapport/adapters/indexeddb';
// Not exported by the package: the exact rows the adapter stores (derived keys `k_*`, tokens `_t`).
import { toRow, type Row } from '../../../packages/adapters/src/indexeddb/row.ts';

let made = 0;

/** A database name no other run uses. */
export function freshName(label: string): string {
  return `rapport-bench-${label}-${Date.now()}-${made++}`;
}

/**
 * A raw Dexie connection to `name` with the adapter's stores (as the adapter opens it:
 * `cache: 'disabled'`, same versions), without the adapter's middleware or upgrade code.
 */
export function rawDatabase(name: string): Dexie {
  const db = new Dexie(name, { cache: 'disabled' });
  for (const { version, stores } of schemaVersions) db.version(version).stores(stores);
  return db;
}

/** A table of a raw connection, typed as the adapter's rows. */
export function rawTable(db: Dexie, collection: CollectionName): Table<Row, string> {
  return db.table(collection);
}

/** The adapter on `name`, opened (opening is not what a benchmark times). */
export async function openAdapter(name: string): Promise<IndexedDbAdapter> {
  const adapter = indexedDbAdapter({ databaseName: name });
  await adapter.collection('pipelines').count();
  return adapter;
}

/**
 * Stores `records` as the adapter would (`toRow`, the same rows its `bulkPut` writes for new
 * records of version 1), straight through Dexie in transactions of `chunk` rows: seeding is not
 * measured, and this is faster than the adapter's bulkPut, which reads every id first.
 */
export async function seed<N extends CollectionName>(db: Dexie, collection: N, records: readonly RecordMap[N][], chunk = 5000): Promise<void> {
  const table = rawTable(db, collection);
  for (let i = 0; i < records.length; i += chunk) {
    await table.bulkAdd(records.slice(i, i + chunk).map((record) => toRow(collection, record as StoredRecord)));
  }
}

/** Deletes a database after its run (not timed). */
export async function dropDatabase(name: string): Promise<void> {
  await Dexie.delete(name);
}

export { toRow, type Row };
