/**
 * The storage port: the one seam between Rapport's domain and a store. The in-memory adapter,
 * IndexedDB, the REST client and the server's PostgreSQL store all implement it, and all pass the
 * conformance suite in `@rapport/core/testing`.
 */
import type { CollectionName, RecordMap } from './collections.js';
import type { CountQuery, Page, Query } from './query.js';
import type { ReportName, ReportParamsOutput, ReportResultMap } from '../reports/report-definitions.js';

/** Every stored record has an id and a version that goes up by one on each write. */
export interface StoredRecord {
  readonly id: string;
  readonly version: number;
}

/** A record on its way into the store: the adapter sets `version`, so the caller's value is ignored. */
export type WriteRecord<T extends StoredRecord> = Omit<T, 'version'> & { version?: number };

/** Options of every read. */
export interface ReadOptions {
  /** Cancels the read; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of a single write. */
export interface WriteOptions {
  /**
   * The version the caller last read. The write fails with a `ConflictError` (reason `version`)
   * unless the stored record is at exactly this version; `0` means "must not exist yet".
   * Omitted: the write is unconditional.
   */
  expectedVersion?: number;
}

/** One collection's records, as the port offers them. */
export interface Collection<T extends StoredRecord> {
  /** The record with this id, or `undefined`. */
  get(id: string, options?: ReadOptions): Promise<T | undefined>;
  /** The records with these ids, in the same order, `undefined` where one is missing. */
  getMany(ids: readonly string[], options?: ReadOptions): Promise<(T | undefined)[]>;
  /** One page of the records matching `query`. Unknown fields are rejected with a `ValidationError`. */
  query(query?: Query, options?: ReadOptions): Promise<Page<T>>;
  /** How many records match `query`. */
  count(query?: CountQuery, options?: ReadOptions): Promise<number>;
  /**
   * Inserts or replaces a record and returns it as stored, with its new version (1 for a new record).
   * Rejects with `ConflictError` on a version mismatch (reason `version`) or a taken unique value
   * (reason `unique`), leaving the store unchanged.
   */
  put(record: WriteRecord<T>, options?: WriteOptions): Promise<T>;
  /** Inserts or replaces many records at once, all or none; returns them as stored. */
  bulkPut(records: readonly WriteRecord<T>[]): Promise<T[]>;
  /**
   * Removes a record for good. Resolves `true` when one was removed, `false` when there was none.
   * With `expectedVersion`, rejects with `ConflictError` on a mismatch and `NotFoundError` when absent.
   */
  delete(id: string, options?: WriteOptions): Promise<boolean>;
}

/** What `collection(name)` returns for each collection. */
export type CollectionOf<N extends CollectionName> = Collection<RecordMap[N]>;

/** Read and write access to collections; what a transaction hands its function. */
export interface StorageScope {
  /** The collection called `name`. Inside a transaction, only the collections it named. */
  collection<N extends CollectionName>(name: N): CollectionOf<N>;
}

/** One committed change, as the change feed reports it. Treat `record` as read-only: it may be the stored object itself. */
export type Change =
  | { readonly collection: CollectionName; readonly type: 'put'; readonly id: string; readonly version: number; readonly record: StoredRecord }
  | { readonly collection: CollectionName; readonly type: 'delete'; readonly id: string };

/** Receives each batch of committed changes (one batch per transaction). */
export type ChangeListener = (changes: readonly Change[]) => void;

/** Stops a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A store behind the port.
 *
 * Transactions: services pass `expectedVersion` on every write that follows a read, so an adapter
 * may run `transaction` optimistically (buffer the writes, check the versions when it commits), as
 * the REST adapter does, or under a lock, as the memory and IndexedDB adapters do. Either way a
 * transaction that throws leaves nothing behind.
 */
export interface StorageAdapter extends StorageScope {
  /** A short name for messages and logs, such as `memory` or `indexeddb`. */
  readonly name: string;
  /**
   * Runs `fn` with access to `names`, all or nothing: if `fn` throws (or a write in it conflicts),
   * no write made in it is kept and the error is rethrown. The change feed reports the writes
   * once, after the commit. Do not await anything but the scope's own calls inside `fn`.
   */
  transaction<T>(names: readonly CollectionName[], fn: (scope: StorageScope) => Promise<T>): Promise<T>;
  /** Calls `listener` with every committed change: from this client, other tabs or the server. */
  changes(listener: ChangeListener): Unsubscribe;
  /** Releases connections and timers. The adapter is unusable afterwards. */
  close?(): Promise<void>;
  /**
   * Optional capability: computes a report where the data lives (the REST adapter asks the
   * server, which runs `runReport` over its database) instead of `crm.reports` loading every
   * record and computing it locally. `params` are already validated, with defaults filled and
   * `staleDeals`' `asOf` set. Resolve `undefined` to decline a report, and `crm.reports`
   * computes it locally; a result must equal what `runReport` gives over the same records.
   */
  computeReport?<N extends ReportName>(name: N, params: ReportParamsOutput[N], options?: ReadOptions): Promise<ReportResultMap[N] | undefined>;
}
