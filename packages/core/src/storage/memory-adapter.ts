import { ConflictError, ValidationError } from '../errors.js';
import { checkExpectedVersion } from './expected-version.js';
import { collections, fieldValue, isCollectionName, type CollectionName, type RecordMap } from './collections.js';
import { candidateIds, EqualityIndex } from './equality-index.js';
import { parseQuery, type CountQuery, type NormalizedCondition, type NormalizedQuery, type Page, type Query } from './query.js';
import { isAfterCursor, matchesWhere, pageOf, runQuery } from './query-eval.js';
import { matchesSearch, searchTokens } from './search.js';
import { reportListenerError } from './report-listener-error.js';
import type {
  Change,
  ChangeListener,
  Collection,
  ReadOptions,
  StorageAdapter,
  StorageScope,
  StoredRecord,
  Unsubscribe,
  WriteOptions,
  WriteRecord,
} from './port.js';

type Row = StoredRecord & Record<string, unknown>;
/** Pending writes of a transaction: a row, or `null` for a delete. */
type Overlay = Map<string, Row | null>;

/**
 * Committed rows of one collection, with an index per unique field (value → id) and equality
 * indexes (value → ids) built the first time a query filters on a field.
 */
interface Table {
  readonly rows: Map<string, Row>;
  readonly unique: Map<string, Map<unknown, string>>;
  readonly indexes: Map<string, EqualityIndex>;
  /**
   * Every id in ascending order, built the first time a query sorted by id reads the whole
   * collection; kept while new ids come after the last (UUIDv7 ids do), dropped otherwise.
   */
  idOrder: string[] | undefined;
}

/**
 * A {@link StorageAdapter} that keeps everything in memory: the reference implementation of the
 * port, and the store for tests, demos and server-side scripts. Transactions run one at a time
 * and stage their writes, so a transaction that throws leaves nothing behind.
 *
 * @example
 * import { createCrm, memoryAdapter } from '@rapport/core';
 * const crm = createCrm({ storage: memoryAdapter() });
 */
export function memoryAdapter(): StorageAdapter {
  const tables = new Map<CollectionName, Table>();
  for (const name of Object.keys(collections) as CollectionName[]) {
    tables.set(name, { rows: new Map(), unique: new Map(collections[name].unique.map((f) => [f, new Map()])), indexes: new Map(), idOrder: undefined });
  }
  const tokenCache = new WeakMap<Row, readonly string[]>();
  const listeners = new Set<ChangeListener>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const table = (name: CollectionName): Table => tables.get(name) as Table;

  const indexOf = (name: CollectionName) => (condition: NormalizedCondition) => {
    const { rows, indexes } = table(name);
    let index = indexes.get(condition.field);
    if (!index) {
      index = new EqualityIndex(condition.field, condition.spec.multi === true);
      for (const row of rows.values()) index.add(row);
      indexes.set(condition.field, index);
    }
    return index;
  };

  const tokensOf = (name: CollectionName) => (row: Row) => {
    let tokens = tokenCache.get(row);
    if (!tokens) {
      tokens = searchTokens(name, row as unknown as RecordMap[CollectionName]);
      tokenCache.set(row, tokens);
    }
    return tokens;
  };

  /** Runs `fn` after every earlier transaction, so that transactions never interleave. */
  function serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  /** A view of one collection: committed rows, seen through the pending writes of a transaction. */
  class View<N extends CollectionName> implements Collection<RecordMap[N]> {
    constructor(
      private readonly name: N,
      private readonly overlay: Overlay | undefined,
      private readonly isOpen: () => boolean,
    ) {}

    private read(id: string): Row | undefined {
      if (this.overlay?.has(id)) return this.overlay.get(id) ?? undefined;
      return table(this.name).rows.get(id);
    }

    /** Rows that may match `query`: from an index when a condition allows (`ids`), else all of them. */
    private *all(query?: NormalizedQuery, ids = candidateIds(query, indexOf(this.name))): Iterable<Row> {
      const { rows } = table(this.name);
      if (ids) {
        for (const id of ids) {
          const row = rows.get(id) as Row;
          if (!this.overlay?.has(row.id)) yield row;
        }
      } else for (const row of rows.values()) if (!this.overlay?.has(row.id)) yield row;
      if (this.overlay) for (const row of this.overlay.values()) if (row) yield row;
    }

    private guard(signal?: AbortSignal): void {
      if (closed) throw new ValidationError('The memory adapter is closed', [{ path: [], message: 'Closed' }]);
      if (!this.isOpen()) {
        throw new ValidationError('A transaction scope was used after its transaction ended', [{ path: [], message: 'Transaction ended' }]);
      }
      signal?.throwIfAborted();
    }

    async get(id: string, options?: ReadOptions): Promise<RecordMap[N] | undefined> {
      this.guard(options?.signal);
      const row = this.read(id);
      return row ? (copyOf(row) as unknown as RecordMap[N]) : undefined;
    }

    async getMany(ids: readonly string[], options?: ReadOptions): Promise<(RecordMap[N] | undefined)[]> {
      this.guard(options?.signal);
      return ids.map((id) => {
        const row = this.read(id);
        return row ? (copyOf(row) as unknown as RecordMap[N]) : undefined;
      });
    }

    async query(query?: Query, options?: ReadOptions): Promise<Page<RecordMap[N]>> {
      this.guard(options?.signal);
      const normalized = parseQuery(this.name, query);
      const ids = candidateIds(normalized, indexOf(this.name));
      const page =
        !ids && normalized.orderBy.field === 'id' && !this.overlay?.size
          ? this.inIdOrder(normalized)
          : runQuery(normalized, this.all(normalized, ids), tokensOf(this.name));
      return { ...page, items: page.items.map((row) => copyOf(row) as unknown as RecordMap[N]) };
    }

    /**
     * A page of a query sorted by id that no index narrows, over committed rows: read in id order
     * from the cursor on, stopping once the page and one more row are found. Paging through a
     * collection this way reads each row about once, rather than every row for every page.
     */
    private inIdOrder(query: NormalizedQuery): Page<Row> {
      const t = table(this.name);
      const order = (t.idOrder ??= [...t.rows.keys()].sort());
      const row = (i: number) => t.rows.get(order[i] as string) as Row;
      const ascending = query.orderBy.direction === 'asc';
      const { after } = query;
      // Rows after the cursor are a run at the end of `order` (ascending) or at its start
      // (descending): find where it starts or ends.
      let low = 0;
      let high = order.length;
      while (after && low < high) {
        const mid = (low + high) >>> 1;
        if (isAfterCursor(query, row(mid), after) === ascending) high = mid;
        else low = mid + 1;
      }
      const tokens = tokensOf(this.name);
      const found: Row[] = [];
      const step = ascending ? 1 : -1;
      for (let i = ascending ? low : (after ? low : order.length) - 1; i >= 0 && i < order.length && found.length <= query.limit; i += step) {
        const record = row(i);
        if (!matchesWhere(query.where, record)) continue;
        if (query.search.length && !matchesSearch(tokens(record), query.search)) continue;
        found.push(record);
      }
      return pageOf(query, found);
    }

    async count(query?: CountQuery, options?: ReadOptions): Promise<number> {
      this.guard(options?.signal);
      const normalized = parseQuery(this.name, query, { countOnly: true });
      const tokens = tokensOf(this.name);
      let n = 0;
      for (const row of this.all(normalized)) {
        if (matchesWhere(normalized.where, row) && (!normalized.search.length || matchesSearch(tokens(row), normalized.search))) n++;
      }
      return n;
    }

    put(record: WriteRecord<RecordMap[N]>, options?: WriteOptions): Promise<RecordMap[N]> {
      return this.write(async (staged) => this.stage(staged, record as unknown as Row, options?.expectedVersion));
    }

    bulkPut(records: readonly WriteRecord<RecordMap[N]>[]): Promise<RecordMap[N][]> {
      return this.write(async (staged) => {
        // All or none even inside a transaction whose caller catches the error: undo what was staged.
        const undo = new Map<string, Row | null | undefined>();
        try {
          return records.map((record) => {
            const id = (record as Partial<Row> | null)?.id;
            if (typeof id === 'string' && !undo.has(id)) undo.set(id, staged.has(id) ? staged.get(id) : undefined);
            return this.stage(staged, record as unknown as Row, undefined);
          });
        } catch (error) {
          for (const [id, previous] of undo) {
            if (previous === undefined) staged.delete(id);
            else staged.set(id, previous);
          }
          throw error;
        }
      });
    }

    delete(id: string, options?: WriteOptions): Promise<boolean> {
      return this.write(async (staged) => {
        const existing = this.readStaged(staged, id);
        checkExpectedVersion(this.name, id, existing?.version, options?.expectedVersion);
        if (!existing) return false;
        staged.set(id, null);
        return true;
      });
    }

    /** Inside a transaction, stages into its overlay; outside, runs as a transaction of its own. */
    private async write<T>(fn: (staged: Overlay) => Promise<T>): Promise<T> {
      this.guard();
      if (this.overlay) return fn(this.overlay);
      return runTransaction([this.name], (scope) => (scope.collection(this.name) as View<N>).write(fn));
    }

    private readStaged(staged: Overlay, id: string): Row | undefined {
      return staged.has(id) ? (staged.get(id) ?? undefined) : table(this.name).rows.get(id);
    }

    private stage(staged: Overlay, record: Row, expected: number | undefined): RecordMap[N] {
      if (typeof record !== 'object' || record === null || typeof record.id !== 'string' || record.id.length === 0) {
        throw new ValidationError(`Invalid ${this.name} record`, [{ path: ['id'], message: 'A record needs a string id' }]);
      }
      const existing = this.readStaged(staged, record.id);
      checkExpectedVersion(this.name, record.id, existing?.version, expected);
      const actual = existing?.version ?? 0;
      for (const field of collections[this.name].unique) {
        const value = fieldValue(record, field);
        if (value === undefined || value === null) continue;
        const holder = this.uniqueHolder(staged, field, value);
        if (holder !== undefined && holder !== record.id) {
          throw new ConflictError({ reason: 'unique', collection: this.name, id: record.id, field });
        }
      }
      const row = deepFreeze(structuredClone({ ...record, version: actual + 1 }) as Row);
      if (isPlainTree(row, new Set(), 0)) plainRows.add(row);
      staged.set(row.id, row);
      return copyOf(row) as unknown as RecordMap[N];
    }

    /** The id of the record that holds `value` in a unique field, seen through the staged writes. */
    private uniqueHolder(staged: Overlay, field: string, value: unknown): string | undefined {
      for (const [id, row] of staged) if (row && fieldValue(row, field) === value) return id;
      const id = table(this.name).unique.get(field)?.get(value);
      return id !== undefined && !staged.has(id) ? id : undefined;
    }
  }

  function commit(overlays: Map<CollectionName, Overlay>): Change[] {
    const changes: Change[] = [];
    for (const [name, overlay] of overlays) {
      const t = table(name);
      const { rows, unique, indexes } = t;
      for (const [id, row] of overlay) {
        const previous = rows.get(id);
        if (t.idOrder && !previous !== !row) {
          // A new id keeps the order only when it comes last; a deleted one leaves a gap.
          if (row && !previous && (t.idOrder.length === 0 || id > (t.idOrder[t.idOrder.length - 1] as string))) t.idOrder.push(id);
          else t.idOrder = undefined;
        }
        for (const index of indexes.values()) {
          if (previous) index.remove(previous);
          if (row) index.add(row);
        }
        for (const [field, index] of unique) {
          const old = previous && fieldValue(previous, field);
          if (old !== undefined && old !== null && index.get(old) === id) index.delete(old);
          const value = row && fieldValue(row, field);
          if (value !== undefined && value !== null) index.set(value, id);
        }
        if (row) {
          rows.set(id, row);
          // Stored rows are frozen, so the feed can hand them out without another copy.
          changes.push({ collection: name, type: 'put', id, version: row.version, record: row });
        } else if (previous) {
          rows.delete(id);
          changes.push({ collection: name, type: 'delete', id });
        }
      }
    }
    return changes;
  }

  function runTransaction<T>(names: readonly CollectionName[], fn: (scope: StorageScope) => Promise<T>): Promise<T> {
    if (!Array.isArray(names) || typeof fn !== 'function') {
      return Promise.reject(new ValidationError('Invalid transaction', [{ path: [Array.isArray(names) ? 'fn' : 'names'], message: Array.isArray(names) ? 'Must be a function' : 'Must be a list of collection names' }]));
    }
    for (const name of names) {
      if (!isCollectionName(name)) {
        return Promise.reject(new ValidationError('Invalid transaction', [{ path: ['names'], message: `Unknown collection: ${typeof name === 'string' ? name : `(a ${typeof name})`}` }]));
      }
    }
    return serially(async () => {
      const overlays = new Map<CollectionName, Overlay>(names.map((name) => [name, new Map()]));
      let open = true;
      const scope: StorageScope = {
        collection<N extends CollectionName>(name: N) {
          const overlay = overlays.get(name);
          if (!overlay) {
            throw new ValidationError('Invalid transaction access', [
              { path: ['collection'], message: `"${name}" is not one of this transaction's collections (${names.join(', ')})` },
            ]);
          }
          return new View(name, overlay, () => open);
        },
      };
      try {
        const result = await fn(scope);
        const changes = commit(overlays);
        if (changes.length) emit(changes);
        return result;
      } finally {
        open = false;
      }
    });
  }

  function emit(changes: readonly Change[]): void {
    for (const listener of [...listeners]) {
      try {
        listener(changes);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  return {
    name: 'memory',
    collection<N extends CollectionName>(name: N) {
      if (!isCollectionName(name)) {
        throw new ValidationError('Invalid collection', [{ path: ['collection'], message: `Unknown collection: ${typeof name === 'string' ? name : `(a ${typeof name})`}` }]);
      }
      return new View(name, undefined, () => true);
    },
    transaction: runTransaction,
    changes(listener: ChangeListener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}

/**
 * Stored rows made only of plain objects, dense arrays and primitives, none of them reached twice
 * and none deeper than {@link maxPlainDepth}: {@link copyOf} copies these by hand, which gives
 * what `structuredClone` would (same keys in the same order, same values, plain prototypes) in
 * a fraction of the time. Reads copy every row they return, so this is most of a read's cost.
 */
const plainRows = new WeakSet<object>();
const maxPlainDepth = 64;

/** Whether `value` is such a tree; `seen` holds the objects met so far. */
function isPlainTree(value: unknown, seen: Set<object>, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function' && typeof value !== 'symbol';
  // structuredClone keeps an object reached twice as one object; a copy by hand would not.
  if (depth > maxPlainDepth || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    // No holes, and nothing but elements: structuredClone keeps both.
    if (Object.keys(value).length !== value.length) return false;
    for (let i = 0; i < value.length; i++) if (!Object.hasOwn(value, i) || !isPlainTree(value[i], seen, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) {
    // Assigning "__proto__" would set the prototype rather than make a property.
    if (key === '__proto__' || !isPlainTree((value as Record<string, unknown>)[key], seen, depth + 1)) return false;
  }
  return true;
}

/** A copy of a plain tree (see {@link isPlainTree}). */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(copyPlain(value[i]));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out;
}

/** A copy of a stored row for a caller, who may change it freely: the row stays as stored. */
function copyOf(row: Row): Row {
  return plainRows.has(row) ? (copyPlain(row) as Row) : structuredClone(row);
}

/** Freezes a stored row and everything in it: the adapter never changes a row in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
