/**
 * An optimistic transaction of the REST adapter: writes are staged here, reads inside the
 * transaction see them (merged into the server's answers with core's own query evaluation), and
 * the commit sends them all as one `POST /v1/batch`. Every staged write carries the version it was
 * based on as `expectedVersion`, so a record another client changed meanwhile makes the whole
 * batch fail with a conflict instead of being overwritten; nothing is written before the commit,
 * so a transaction that throws leaves nothing behind.
 */
import {
  checkExpectedVersion,
  compareRecords,
  encodeCursor,
  fieldValue,
  isAfterCursor,
  isCollectionName,
  matchesSearch,
  matchesWhere,
  maxLimit,
  pageOf,
  parseQuery,
  searchTokens,
  ValidationError,
  type Collection,
  type CollectionName,
  type CountQuery,
  type NormalizedQuery,
  type Page,
  type Query,
  type ReadOptions,
  type RecordMap,
  type Scalar,
  type StorageScope,
  type StoredRecord,
  type WriteOptions,
  type WriteRecord,
} from '@rapport/core';
import { wireRecord, type BatchOp } from './batch.js';
import { checkId, type RestCollection } from './rest-collection.js';

/** A staged record, or `null` for a staged delete. */
type Staged = StoredRecord | null;

/** The writes of one transaction, and what it read of the server. */
export class TransactionOverlay {
  /** The ops to send at commit, in the order they were made. */
  readonly ops: BatchOp[] = [];
  /** Server records as first read in this transaction (`undefined`: absent); writes are based on them. */
  private readonly base = new Map<CollectionName, Map<string, StoredRecord | undefined>>();
  private readonly staged = new Map<CollectionName, Map<string, Staged>>();
  private ended = false;

  constructor(
    private readonly names: readonly CollectionName[],
    private readonly server: <N extends CollectionName>(name: N) => RestCollection<N>,
  ) {}

  /** The scope handed to the transaction's function. */
  scope(): StorageScope {
    return {
      collection: <N extends CollectionName>(name: N) => {
        if (!isCollectionName(name) || !this.names.includes(name)) {
          const shown = typeof name === 'string' ? name : `(a ${typeof name})`;
          throw new ValidationError('Invalid transaction access', [
            { path: ['collection'], message: `"${shown}" is not one of this transaction's collections (${this.names.join(', ')})` },
          ]);
        }
        return new TransactionCollection(name, this, this.server(name)) as unknown as Collection<RecordMap[N]>;
      },
    };
  }

  /** Closes the scope: calls made through it afterwards fail. */
  end(): void {
    this.ended = true;
  }

  /** @internal Throws once the transaction has ended. */
  checkActive(signal?: AbortSignal): void {
    if (this.ended) throw new ValidationError('A transaction scope was used after its transaction ended', [{ path: [], message: 'Transaction ended' }]);
    signal?.throwIfAborted();
  }

  /** @internal The staged writes of one collection. */
  stagedIn(name: CollectionName): Map<string, Staged> {
    let map = this.staged.get(name);
    if (!map) this.staged.set(name, (map = new Map()));
    return map;
  }

  /** @internal What the server held for these ids when first read. */
  baseIn(name: CollectionName): Map<string, StoredRecord | undefined> {
    let map = this.base.get(name);
    if (!map) this.base.set(name, (map = new Map()));
    return map;
  }
}

/** One collection seen from inside a transaction: the server's records under the staged writes. */
class TransactionCollection<N extends CollectionName> implements Collection<StoredRecord> {
  private readonly staged: Map<string, Staged>;
  private readonly base: Map<string, StoredRecord | undefined>;

  constructor(
    private readonly name: N,
    private readonly overlay: TransactionOverlay,
    private readonly server: RestCollection<N>,
  ) {
    this.staged = overlay.stagedIn(name);
    this.base = overlay.baseIn(name);
  }

  /**
   * The current record of each id: staged, else as the server had it when this transaction first
   * read it (fetched now for ids not read yet, so reads repeat and writes know their base version).
   */
  private async current(ids: readonly string[], options?: ReadOptions): Promise<(StoredRecord | undefined)[]> {
    const missing = [...new Set(ids.filter((id) => !this.staged.has(id) && !this.base.has(id)))];
    if (missing.length > 0) {
      const found = await this.server.getMany(missing, options);
      missing.forEach((id, i) => {
        if (!this.base.has(id)) this.base.set(id, found[i]);
      });
    }
    return ids.map((id) => (this.staged.has(id) ? (this.staged.get(id) ?? undefined) : this.base.get(id)));
  }

  async get(id: string, options?: ReadOptions): Promise<StoredRecord | undefined> {
    this.overlay.checkActive(options?.signal);
    checkId(id);
    const [record] = await this.current([id], options);
    return record && copy(record);
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<(StoredRecord | undefined)[]> {
    this.overlay.checkActive(options?.signal);
    return (await this.current(ids, options)).map((record) => record && copy(record));
  }

  async query(query?: Query, options?: ReadOptions): Promise<Page<StoredRecord>> {
    this.overlay.checkActive(options?.signal);
    if (this.staged.size === 0) return this.server.query(query, options);
    const normalized = parseQuery(this.name, query ?? {});
    // Ask for enough more that the page stays full after dropping the server's copies of staged records.
    const wanted = Math.min(maxLimit, normalized.limit + this.staged.size);
    const page = await this.server.query({ ...query, limit: wanted }, options);
    // With more to come, the server's last record bounds this page: staged records after it belong to a later one.
    const boundary = page.nextCursor !== undefined ? page.items.at(-1) : undefined;
    const items: StoredRecord[] = page.items.filter((record) => !this.staged.has(record.id));
    for (const record of this.staged.values()) {
      if (!record || !this.matches(normalized, record)) continue;
      if (normalized.after && !isAfterCursor(normalized, record, normalized.after)) continue;
      if (boundary && compareRecords(normalized, record, boundary) > 0) continue;
      items.push(copy(record));
    }
    items.sort((a, b) => compareRecords(normalized, a, b));
    const result = pageOf(normalized, items);
    if (result.nextCursor !== undefined || page.nextCursor === undefined) return result;
    // The server has more beyond this page: continue after its last record (or the boundary).
    const last = result.items.at(-1) ?? boundary;
    return last ? { items: result.items, nextCursor: cursorAfter(normalized, last) } : result;
  }

  async count(query?: CountQuery, options?: ReadOptions): Promise<number> {
    this.overlay.checkActive(options?.signal);
    if (this.staged.size === 0) return this.server.count(query, options);
    const normalized = parseQuery(this.name, query ?? {}, { countOnly: true });
    let total = await this.server.count(query, options);
    for (const [id, record] of this.staged) {
      const before = this.base.get(id);
      if (before && this.matches(normalized, before)) total--;
      if (record && this.matches(normalized, record)) total++;
    }
    return total;
  }

  async put(record: WriteRecord<StoredRecord>, options?: WriteOptions): Promise<StoredRecord> {
    const [stored] = await this.stage([record], options?.expectedVersion);
    return stored as StoredRecord;
  }

  async bulkPut(records: readonly WriteRecord<StoredRecord>[]): Promise<StoredRecord[]> {
    if (!Array.isArray(records)) throw new ValidationError('Invalid records', [{ path: ['records'], message: 'Must be a list of records' }]);
    return this.stage(records, undefined);
  }

  async delete(id: string, options?: WriteOptions): Promise<boolean> {
    this.overlay.checkActive();
    checkId(id);
    const [current] = await this.current([id]);
    this.overlay.checkActive();
    checkExpectedVersion(this.name, id, current?.version, options?.expectedVersion);
    if (!current) return false;
    this.staged.set(id, null);
    this.overlay.ops.push({ op: 'delete', collection: this.name, id, expectedVersion: current.version });
    return true;
  }

  /**
   * Stages puts, all or none: every version is checked before any is staged. Each gets the next
   * version of what it replaces, as the server will give it.
   */
  private async stage(records: readonly WriteRecord<StoredRecord>[], expectedVersion: number | undefined): Promise<StoredRecord[]> {
    this.overlay.checkActive();
    for (const record of records) checkId((record as { id?: unknown } | undefined)?.id);
    const currents = await this.current(records.map((r) => r.id));
    this.overlay.checkActive();
    const versions = new Map<string, number>();
    const planned = records.map((record, i) => {
      const base = versions.get(record.id) ?? currents[i]?.version ?? 0;
      if (expectedVersion !== undefined) checkExpectedVersion(this.name, record.id, base === 0 ? undefined : base, expectedVersion);
      versions.set(record.id, base + 1);
      const body = wireRecord(copy(record));
      return { body, stored: { ...body, version: base + 1 } as StoredRecord, base };
    });
    for (const { body, stored, base } of planned) {
      this.staged.set(stored.id, stored);
      this.overlay.ops.push({ op: 'put', collection: this.name, record: body, expectedVersion: base });
    }
    return planned.map(({ stored }) => copy(stored));
  }

  private matches(query: NormalizedQuery, record: StoredRecord): boolean {
    if (!matchesWhere(query.where, record)) return false;
    return query.search.length === 0 || matchesSearch(searchTokens(this.name, record as unknown as RecordMap[N]), query.search);
  }
}

/** The cursor that continues a query after `record`. */
function cursorAfter(query: NormalizedQuery, record: StoredRecord): string {
  const value = fieldValue(record, query.orderBy.field);
  return encodeCursor(query.orderBy, { value: (value ?? null) as Scalar | null, id: record.id });
}

/** A copy as the server would store it: JSON data only, so callers' changes do not reach the stage. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
