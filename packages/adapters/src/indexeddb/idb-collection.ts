import type { Table } from 'dexie';
import {
  ConflictError,
  ValidationError,
  checkExpectedVersion,
  collections,
  compareRecords,
  fieldValue,
  isAfterCursor,
  matchesSearch,
  matchesWhere,
  pageOf,
  parseQuery,
  type Change,
  type Collection,
  type CollectionName,
  type CountQuery,
  type NormalizedQuery,
  type Page,
  type Query,
  type ReadOptions,
  type RecordMap,
  type WriteOptions,
  type WriteRecord,
} from '@rapport/core';
import { planQuery, type Bound, type Plan, type QueryLimits } from './query-plan.js';
import { fromRow, toRow, type Row } from './row.js';

/** Where a collection's operations run: a table to read, and a way to run a write. */
export interface TableAccess {
  /** The Dexie table for reads (bound to the transaction, inside one). */
  read<T>(name: CollectionName, fn: (table: Table<Row, string>) => Promise<T>): Promise<T>;
  /** Runs `fn` in a read-write transaction on `name` (the enclosing one, inside one); `changes` collects what it wrote. */
  write<T>(name: CollectionName, fn: (table: Table<Row, string>, changes: Change[]) => Promise<T>): Promise<T>;
  /** Translates a failure into a Rapport error. */
  fail(error: unknown, collection: CollectionName, operation: string): unknown;
}

type Rec<N extends CollectionName> = RecordMap[N];

function checkId(collection: CollectionName, record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  if (typeof record !== 'object' || record === null || typeof id !== 'string' || id.length === 0) {
    throw new ValidationError(`Invalid ${collection} record`, [{ path: ['id'], message: 'A record needs a string id' }]);
  }
  return id;
}

/** One collection of the IndexedDB adapter. */
export class IdbCollection<N extends CollectionName> implements Collection<Rec<N>> {
  constructor(
    private readonly name: N,
    private readonly access: TableAccess,
    private readonly limits: QueryLimits,
  ) {}

  private async run<T>(operation: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      throw this.access.fail(error, this.name, operation);
    }
  }

  get(id: string, options?: ReadOptions): Promise<Rec<N> | undefined> {
    return this.run('get', () => this.access.read(this.name, async (t) => {
      const row = await t.get(id);
      return row ? fromRow<Rec<N>>(row) : undefined;
    }), options?.signal);
  }

  getMany(ids: readonly string[], options?: ReadOptions): Promise<(Rec<N> | undefined)[]> {
    return this.run('getMany', () => this.access.read(this.name, async (t) => {
      const rows = await t.bulkGet([...ids]);
      return rows.map((row) => (row ? fromRow<Rec<N>>(row) : undefined));
    }), options?.signal);
  }

  async query(query?: Query, options?: ReadOptions): Promise<Page<Rec<N>>> {
    const q = parseQuery(this.name, query);
    return this.run('query', () => this.access.read(this.name, async (t) => {
      const page = await this.answer(t, q);
      return { ...page, items: page.items.map((row) => fromRow<Rec<N>>(row)) };
    }), options?.signal);
  }

  async count(query?: CountQuery, options?: ReadOptions): Promise<number> {
    const q = parseQuery(this.name, query, { countOnly: true });
    return this.run('count', () => this.access.read(this.name, async (t) => {
      const { first } = planQuery(this.name, q);
      if ((first.kind === 'walk' || first.kind === 'collect') && first.exact && !q.search.length) {
        let n = 0;
        for (const bound of first.kind === 'walk' ? [first.bound] : first.bounds) n += await this.range(t, first.index, bound).count();
        return n;
      }
      const ids = first.kind === 'collect' || first.kind === 'search' ? await this.candidateIds(t, first, false) : undefined;
      const rows = ids ? await this.rowsOf(t, ids) : first.kind === 'walk' ? await this.range(t, first.index, first.bound).toArray() : await t.toArray();
      return rows.filter((row) => this.matches(q, row)).length;
    }), options?.signal);
  }

  put(record: WriteRecord<Rec<N>>, options?: WriteOptions): Promise<Rec<N>> {
    return this.run('put', () => this.access.write(this.name, async (t, changes) => {
      const id = checkId(this.name, record);
      const existing = await t.get(id);
      checkExpectedVersion(this.name, id, existing?.version, options?.expectedVersion);
      const actual = existing?.version ?? 0;
      for (const field of collections[this.name].unique) {
        const value = fieldValue(record, field);
        if (value === undefined || value === null) continue;
        const holders = await t.where(field).equals(value as string).primaryKeys();
        if (holders.some((holder) => holder !== id)) throw new ConflictError({ reason: 'unique', collection: this.name, id, field });
      }
      const stored = { ...record, version: actual + 1 } as unknown as Rec<N>;
      await t.put(toRow(this.name, stored));
      changes.push({ collection: this.name, type: 'put', id, version: stored.version, record: stored });
      return stored;
    }));
  }

  bulkPut(records: readonly WriteRecord<Rec<N>>[]): Promise<Rec<N>[]> {
    return this.run('bulkPut', () => this.access.write(this.name, async (t, changes) => {
      const ids = records.map((record) => checkId(this.name, record));
      const existing = await t.bulkGet(ids);
      const versions = new Map<string, number>();
      ids.forEach((id, i) => versions.has(id) || versions.set(id, existing[i]?.version ?? 0));
      const stored = records.map((record, i) => {
        const id = ids[i] as string;
        const version = (versions.get(id) as number) + 1;
        versions.set(id, version);
        return { ...record, version } as unknown as Rec<N>;
      });
      // A unique clash fails the unique index and, with it, the whole transaction.
      await t.bulkPut(stored.map((record) => toRow(this.name, record)));
      for (const record of stored) changes.push({ collection: this.name, type: 'put', id: record.id, version: record.version, record });
      return stored;
    }));
  }

  delete(id: string, options?: WriteOptions): Promise<boolean> {
    return this.run('delete', () => this.access.write(this.name, async (t, changes) => {
      const existing = await t.get(id);
      checkExpectedVersion(this.name, id, existing?.version, options?.expectedVersion);
      if (!existing) return false;
      await t.delete(id);
      changes.push({ collection: this.name, type: 'delete', id });
      return true;
    }));
  }

  private matches(q: NormalizedQuery, row: Row): boolean {
    return matchesWhere(q.where, row) && (!q.search.length || matchesSearch((row._t as string[] | undefined) ?? [], q.search));
  }

  private range(t: Table<Row, string>, index: string, b: Bound) {
    return t.where(index).between(b.lower as string, b.upper as string, !b.lowerOpen, !b.upperOpen);
  }

  /**
   * The ids a collect or search plan finds, in id order, from index keys alone; `undefined` when
   * more keys than the limits allow would have to be read (the caller then walks instead).
   */
  private async candidateIds(t: Table<Row, string>, plan: Extract<Plan, { kind: 'collect' | 'search' }>, capped: boolean): Promise<string[] | undefined> {
    const cap = capped ? this.limits.keyCap : Infinity;
    // Count the keys read, not the distinct ids: a record can sit under one index several times.
    const within = (keys: string[], limit: number) => (keys.length > limit ? undefined : keys);
    if (plan.kind === 'search') return this.searchIds(t, plan.tokens, capped);
    const exactValues = plan.bounds.every((b) => !b.lowerOpen && !b.upperOpen && b.lower === b.upper);
    // One request per value or range, all at once: IndexedDB serves them in parallel.
    const keys = (
      await Promise.all(
        plan.bounds.map((b) => (exactValues ? t.where(plan.index).equals(b.lower as string) : this.range(t, plan.index, b)).limit(cap + 1).primaryKeys()),
      )
    ).flat();
    return within(keys, cap) && [...new Set(keys)].sort();
  }

  /**
   * The ids of records with words starting with every search word: each word's ids from the
   * token index, intersected. A word with more than `keyCap` entries is common; when every word
   * is, a single word gives up (matches are dense, so a walk finds a page sooner), while several
   * words try again with four times the cap, because their combination is often rare
   * ("Mei Kowalski": thousands of each, dozens of both).
   */
  private async searchIds(t: Table<Row, string>, tokens: readonly string[], capped: boolean): Promise<string[] | undefined> {
    const idsOf = async (limit: number, words: readonly string[]) => {
      const sets: Set<string>[] = [];
      for (const token of words) {
        const keys = await t.where('_t').startsWith(token).limit(limit + 1).primaryKeys();
        if (keys.length <= limit) sets.push(new Set(keys));
      }
      return sets;
    };
    let sets = await idsOf(capped ? this.limits.keyCap : Infinity, tokens);
    // A one-letter word narrows too little to be worth that many keys; the filter checks it.
    const longer = tokens.filter((token) => token.length > 1);
    if (!sets.length && tokens.length > 1 && longer.length) sets = await idsOf(4 * this.limits.keyCap, longer);
    if (!sets.length) return undefined;
    sets.sort((x, y) => x.size - y.size);
    const [smallest, ...others] = sets as [Set<string>, ...Set<string>[]];
    return [...smallest].filter((id) => others.every((set) => set.has(id))).sort();
  }

  /** One page of rows answering `q`. */
  private async answer(t: Table<Row, string>, q: NormalizedQuery): Promise<Page<Row>> {
    const { first, fallback } = planQuery(this.name, q);
    if (first.kind === 'walk') return this.walk(t, q, first);
    if (first.kind === 'scan') return this.sortedPage(q, await t.toArray());
    const ids = await this.candidateIds(t, first, fallback !== undefined);
    if (ids && q.orderBy.field === 'id') return this.pageInIdOrder(t, q, ids);
    if (ids && (ids.length <= this.limits.rowCap || !fallback)) return this.sortedPage(q, await this.rowsOf(t, ids));
    // Too many candidates: matches are common, so walking the sort order finds a page soonest.
    if (fallback?.kind === 'walk') return this.walk(t, q, fallback);
    return this.sortedPage(q, await t.toArray());
  }

  /** Fetches candidates in id order, a growing chunk at a time, until a page (and one more) matches. */
  private async pageInIdOrder(t: Table<Row, string>, q: NormalizedQuery, ids: readonly string[]): Promise<Page<Row>> {
    const after = q.after;
    const ordered = q.orderBy.direction === 'desc' ? [...ids].reverse() : ids;
    const pending = after ? ordered.filter((id) => (q.orderBy.direction === 'desc' ? id < after.id : id > after.id)) : ordered;
    const found: Row[] = [];
    for (let start = 0, size = q.limit + 1; start < pending.length && found.length <= q.limit; start += size, size *= 2) {
      for (const row of await t.bulkGet(pending.slice(start, start + size))) if (row && this.matches(q, row)) found.push(row);
    }
    return pageOf(q, found);
  }

  private async rowsOf(t: Table<Row, string>, ids: readonly string[]): Promise<Row[]> {
    return (await t.bulkGet([...ids])).filter((row): row is Row => row !== undefined);
  }

  /**
   * Reads an ordered index from the cursor on until a page (and one more) matches: in one bulk
   * read when the index answers the query exactly, else in growing bulk chunks, filtered.
   */
  private async walk(t: Table<Row, string>, q: NormalizedQuery, plan: Extract<Plan, { kind: 'walk' }>): Promise<Page<Row>> {
    const read = (bound: Bound, count: number) => {
      const range = this.range(t, plan.index, bound);
      return (plan.reverse ? range.reverse() : range).limit(count).toArray();
    };
    if (plan.exact && !q.search.length) return pageOf(q, await read(plan.bound, q.limit + 1));
    const found: Row[] = [];
    let bound = plan.bound;
    let seen = 0;
    for (let size = q.limit + 1; ; ) {
      const rows = await read(bound, size);
      seen += rows.length;
      for (const row of rows) if (this.matches(q, row)) found.push(row);
      const last = rows[rows.length - 1];
      if (found.length > q.limit || rows.length < size || !last) break;
      // Size the next read by how dense matches have been, with a margin; double while none match.
      const wanted = q.limit + 1 - found.length;
      size = Math.min(2000, Math.max(q.limit + 1, found.length ? Math.ceil((wanted * seen * 1.25) / found.length) : size * 2));
      // Continue strictly after the last entry read.
      const key = plan.keyPaths ? plan.keyPaths.map((path) => last[path]) : last.id;
      bound = plan.reverse ? { ...bound, upper: key, upperOpen: true } : { ...bound, lower: key, lowerOpen: true };
    }
    return pageOf(q, found);
  }

  /** Filters gathered rows, sorts them in the query's order and cuts the page after the cursor. */
  private sortedPage(q: NormalizedQuery, rows: readonly Row[]): Page<Row> {
    const after = q.after;
    const matching = rows.filter((row) => this.matches(q, row) && (!after || isAfterCursor(q, row, after)));
    matching.sort((a, b) => compareRecords(q, a, b));
    return pageOf(q, matching);
  }
}
