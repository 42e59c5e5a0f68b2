import Dexie, { type Table, type Transaction } from 'dexie';
import {
  UnavailableError,
  ValidationError,
  collectionNames,
  isCollectionName,
  reportListenerError,
  type Change,
  type ChangeListener,
  type CollectionName,
  type StorageAdapter,
  type StorageScope,
  type Unsubscribe,
} from '@rapport/core';
import { exportBackup, type ExportDatabaseOptions } from './backup-export.js';
import type { BackupContext } from './backup-format.js';
import { importBackup, type BackupSource, type ImportDatabaseOptions, type ImportDatabaseResult } from './backup-import.js';
import { toRapportError } from './errors.js';
import { IdbCollection, type TableAccess } from './idb-collection.js';
import { defaultQueryLimits, type QueryLimits } from './query-plan.js';
import { readCounter } from './read-counter.js';
import { fromRow, toRow, type Row } from './row.js';
import { currentSchemaVersion, schemaVersions } from './schema.js';

/** What `indexedDbAdapter` takes. */
export interface IndexedDbAdapterOptions {
  /** The IndexedDB database that holds this workspace; one per workspace. */
  databaseName: string;
  /** Ask the browser to keep this site's data under storage pressure (`navigator.storage.persist()`). */
  persist?: boolean;
  /** Another IndexedDB implementation, such as fake-indexeddb in Node (with `IDBKeyRange`). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Tell other tabs of this origin about changes, and hear theirs (default: where BroadcastChannel exists). */
  crossTab?: boolean;
  /** How long a call waits for the database to open (another tab may block an upgrade) before failing with `unavailable`. Default 10 s. */
  openTimeoutMs?: number;
  /** How much a query may gather from an index before it walks the sort order instead (tuning; see the guide). */
  queryLimits?: Partial<QueryLimits>;
}

/** How full this site's storage is. */
export interface StorageEstimate {
  /** Bytes used by this origin, when the browser says. */
  usage?: number;
  /** Bytes this origin may use, when the browser says. */
  quota?: number;
  /** Whether the browser promised to keep this site's data under storage pressure. */
  persisted: boolean;
}

/** The IndexedDB adapter: the storage port plus what only a browser store offers. */
export interface IndexedDbAdapter extends StorageAdapter {
  readonly databaseName: string;
  /** Asks the browser to keep this site's data under storage pressure; resolves whether it will. */
  persist(): Promise<boolean>;
  /** Usage, quota and persistence of this site's storage. */
  storageEstimate(): Promise<StorageEstimate>;
  /** How many records this adapter has read from IndexedDB so far (for diagnostics and tests). */
  recordsRead(): number;
  /** Closes the connection and deletes the database with all its records. */
  deleteDatabase(): Promise<void>;
  /** Streams a backup of the whole workspace: NDJSON text chunks, a header line, then one line per record (see docs/indexeddb.md). */
  exportDatabase(options?: ExportDatabaseOptions): AsyncGenerator<string>;
  /** Restores a backup made by `exportDatabase`, merged into what is stored or replacing it; records keep their ids and versions. */
  importDatabase(source: BackupSource, options?: ImportDatabaseOptions): Promise<ImportDatabaseResult>;
}

/** The message other tabs receive: the changes one transaction committed. */
interface CrossTabMessage {
  readonly changes: readonly Change[];
}

function openDatabase(options: IndexedDbAdapterOptions): Dexie {
  const db = new Dexie(options.databaseName, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    cache: 'disabled',
  });
  for (const { version, stores, rewritesRecords } of schemaVersions) {
    const declared = db.version(version).stores(stores);
    if (rewritesRecords) {
      // Give every record the derived keys and search tokens of the new layout.
      declared.upgrade(async (tx) => {
        for (const name of collectionNames) {
          await tx.table(name).toCollection().modify((row: Row) => {
            Object.assign(row, toRow(name, fromRow(row)));
          });
        }
      });
    }
  }
  return db;
}

/**
 * A {@link StorageAdapter} over IndexedDB, with Dexie: a whole CRM workspace kept in the browser.
 * Every query the services make is answered from an index; a transaction is one IndexedDB
 * transaction; committed changes reach `crm.watch` in every tab of the origin.
 *
 * @example
 * import { createCrm } from '@rapport/core';
 * import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
 * const crm = createCrm({ storage: indexedDbAdapter({ databaseName: 'acme-crm', persist: true }) });
 */
export function indexedDbAdapter(options: IndexedDbAdapterOptions): IndexedDbAdapter {
  if (typeof options?.databaseName !== 'string' || !options.databaseName.trim()) {
    throw new ValidationError('Invalid IndexedDB adapter options', [{ path: ['databaseName'], message: 'Must be a non-empty string' }]);
  }
  const { databaseName } = options;
  const idb = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) {
    throw new UnavailableError('IndexedDB is not available here: pass `indexedDB` (and `IDBKeyRange`), e.g. from fake-indexeddb in Node');
  }
  const db = openDatabase(options);
  const counter = readCounter();
  db.use(counter.middleware);
  const openTimeoutMs = options.openTimeoutMs ?? 10_000;
  const limits: QueryLimits = { ...defaultQueryLimits, ...options.queryLimits };
  const listeners = new Set<ChangeListener>();
  const channel =
    (options.crossTab ?? true) && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(`rapport:indexeddb:${databaseName}`) : undefined;
  let closed = false;
  // Set once a newer version of the app has upgraded the database: this code no longer fits it.
  let upgradedElsewhere = false;
  const upgradedError = () =>
    new UnavailableError(`IndexedDB database "${databaseName}" was upgraded by a newer version of this app (in another tab?), so this page cannot use it any more: reload the page`);

  // Dexie (IDB) versions are ten times Dexie's declared ones.
  const ourVersion = currentSchemaVersion * 10;
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    if (!event.newVersion || event.newVersion <= ourVersion) return undefined;
    // Close at once so the other tab's upgrade is not blocked, and do not reopen: reopening
    // would make Dexie retry without a version and work on a schema this code does not know.
    upgradedElsewhere = true;
    db.close({ disableAutoOpen: true });
    return false;
  });

  const deliver = (changes: readonly Change[]) => {
    for (const listener of [...listeners]) {
      try {
        listener(changes);
      } catch (error) {
        reportListenerError(error);
      }
    }
  };
  if (channel) {
    channel.onmessage = (event: MessageEvent<CrossTabMessage>) => deliver(event.data.changes);
    // In Node an open channel keeps the process alive; a script that never closes the adapter must still end.
    (channel as { unref?: () => void }).unref?.();
  }
  const emit = (changes: readonly Change[]) => {
    if (!changes.length) return;
    deliver(changes);
    channel?.postMessage({ changes } satisfies CrossTabMessage);
  };

  const fail = (error: unknown, collection: CollectionName | undefined, operation: string) =>
    toRapportError(error, { databaseName, operation, ...(collection ? { collection } : {}) });

  /**
   * Waits for the database to be open. Another tab holding an older version open can block an
   * upgrade indefinitely; a caller gets an `unavailable` error instead of a hang.
   */
  const ready = async () => {
    if (closed) throw new UnavailableError(`IndexedDB database "${databaseName}" was closed by this app`);
    if (upgradedElsewhere) throw upgradedError();
    if (db.isOpen()) return;
    // A newer version may already be installed (this page runs older, cached code): refuse
    // before opening, because Dexie would otherwise open it anyway and even patch its schema.
    const installed = (await idb.databases?.())?.find((info) => info.name === databaseName)?.version;
    if (installed !== undefined && installed > ourVersion) {
      upgradedElsewhere = true;
      throw upgradedError();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UnavailableError(`IndexedDB database "${databaseName}" did not open within ${openTimeoutMs} ms: another tab may be blocking it; close other tabs of this app and try again`)),
        openTimeoutMs,
      );
    });
    try {
      await Promise.race([db.open(), timeout]);
    } catch (error) {
      throw fail(error, undefined, 'open');
    } finally {
      clearTimeout(timer);
    }
    if (db.verno > currentSchemaVersion) {
      // Where `databases()` is missing, the check comes after the open.
      upgradedElsewhere = true;
      db.close({ disableAutoOpen: true });
      throw upgradedError();
    }
  };

  /** Table access outside a transaction: each call is a transaction of its own. */
  const standalone: TableAccess = {
    async read(name, fn) {
      await ready();
      return db.transaction('r', name, (tx) => fn(tx.table(name) as Table<Row, string>));
    },
    async write(name, fn) {
      await ready();
      const changes: Change[] = [];
      const result = await db.transaction('rw', name, (tx) => fn(tx.table(name) as Table<Row, string>, changes));
      emit(changes);
      return result;
    },
    fail,
  };

  /** Table access inside a transaction: everything joins `tx`; changes wait for its commit. */
  const scoped = (tx: Transaction, changes: Change[]): TableAccess => ({
    read: (name, fn) => fn(tx.table(name) as Table<Row, string>),
    write: (name, fn) => fn(tx.table(name) as Table<Row, string>, changes),
    fail,
  });

  const checkName = (name: unknown, allowed: readonly CollectionName[] = collectionNames): CollectionName => {
    if (!isCollectionName(name) || !allowed.includes(name)) {
      const shown = typeof name === 'string' ? name : `(a ${typeof name})`;
      throw new ValidationError('Invalid collection', [
        { path: ['collection'], message: isCollectionName(name) ? `"${shown}" is not one of this transaction's collections (${allowed.join(', ')})` : `Unknown collection: ${shown}` },
      ]);
    }
    return name;
  };

  const backup: BackupContext = { db, ready, emit, fail };

  const adapter: IndexedDbAdapter = {
    name: 'indexeddb',
    databaseName,
    collection(name) {
      return new IdbCollection(checkName(name), standalone, limits) as never;
    },
    async transaction(names, fn) {
      if (!Array.isArray(names) || typeof fn !== 'function') {
        throw new ValidationError('Invalid transaction', [{ path: [Array.isArray(names) ? 'fn' : 'names'], message: Array.isArray(names) ? 'Must be a function' : 'Must be a list of collection names' }]);
      }
      for (const name of names) checkName(name);
      await ready();
      const changes: Change[] = [];
      let result;
      try {
        result = await db.transaction('rw', [...new Set(names)], (tx) => {
          const access = scoped(tx, changes);
          const scope: StorageScope = { collection: (name) => new IdbCollection(checkName(name, names), access, limits) as never };
          return fn(scope);
        });
      } catch (error) {
        throw fail(error, undefined, 'transaction');
      }
      emit(changes);
      return result;
    },
    changes(listener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      listeners.clear();
      channel?.close();
      db.close();
    },
    async deleteDatabase() {
      closed = true;
      listeners.clear();
      channel?.close();
      await db.delete();
    },
    async persist() {
      return (await globalThis.navigator?.storage?.persist?.()) ?? false;
    },
    async storageEstimate() {
      const storage = globalThis.navigator?.storage;
      const estimate = await storage?.estimate?.();
      return { ...(estimate?.usage !== undefined ? { usage: estimate.usage } : {}), ...(estimate?.quota !== undefined ? { quota: estimate.quota } : {}), persisted: (await storage?.persisted?.()) ?? false };
    },
    recordsRead: counter.read,
    exportDatabase: (exportOptions) => exportBackup(backup, exportOptions),
    importDatabase: (source, importOptions) => importBackup(backup, source, importOptions),
  };
  if (options.persist) void adapter.persist();
  return adapter;
}
