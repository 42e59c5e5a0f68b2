import type { Table } from 'dexie';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
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
import { collectCap, planQuery, type Plan } from './query-plan.js';
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
      const { first, fallback } = planQuery(this.name, q);
      if ((first.kind === 'walk' || first.kind === 'collect') && first.exact && !q.search.length) {
        let n = 0;
        for (const bound of first.kind === 'walk' ? [first.bound] : first.bounds) n += await this.range(t, first.index, bound).count();
        return n;
      }
      const rows = (await this.collected(t, first, fallback ? collectCap : Infinity)) ?? (await this.collected(t, fallback ?? { kind: 'scan' }, Infinity)) ?? [];
      return rows.filter((row) => this.matches(q, row)).length;
    }), options?.signal);
  }

  put(record: WriteRecord<Rec<N>>, options?: WriteOptions): Promise<Rec<N>> {
    return this.run('put', () => this.access.write(this.name, async (t, changes) => {
      const id = checkId(this.name, record);
      const existing = await t.get(id);
      const actual = existing?.version ?? 0;
      const expected = options?.expectedVersion;
      if (expected !== undefined && expected !== actual) {
        if (expected > 0 && !existing) throw new NotFoundError(this.name, id);
        throw new ConflictError({ reason: 'version', collection: this.name, id, expectedVersion: expected, actualVersion: actual });
      }
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
      const expected = options?.expectedVersion;
      if (expected !== undefined) {
        if (!existing) throw new NotFoundError(this.name, id);
        if (existing.version !== expected) {
          throw new ConflictError({ reason: 'version', collection: this.name, id, expectedVersion: expected, actualVersion: existing.version });
        }
      }
      if (!existing) return false;
      await t.delete(id);
      changes.push({ collection: this.name, type: 'delete', id });
      return true;
    }));
  }

  private matches(q: NormalizedQuery, row: Row): boolean {
    return matchesWhere(q.where, row) && (!q.search.length || matchesSearch((row._t as string[] | undefined) ?? [], q.search));
  }

  private range(t: Table<Row, string>, index: string, b: { lower: unknown; upper: unknown; lowerOpen: boolean; upperOpen: boolean }) {
    return t.where(index).between(b.lower as string, b.upper as string, !b.lowerOpen, !b.upperOpen);
  }

  /**
   * The rows a collect, search or scan plan gathers, or `undefined` when there are more than
   * `cap` (the caller then walks instead).
   */
  private async collected(t: Table<Row, string>, plan: Plan, cap: number): Promise<Row[] | undefined> {
    if (plan.kind === 'scan') return t.toArray();
    if (plan.kind === 'walk') return this.range(t, plan.index, plan.bound).toArray();
    const ids = new Set<string>();
    if (plan.kind === 'search') {
      for (const id of await t.where('_t').startsWith(plan.token).limit(cap + 1).primaryKeys()) ids.add(id);
    } else {
      for (const bound of plan.bounds) {
        for (const id of await this.range(t, plan.index, bound).limit(cap + 1).primaryKeys()) ids.add(id);
        if (ids.size > cap) break;
      }
    }
    if (ids.size > cap) return undefined;
    return (await t.bulkGet([...ids])).filter((row): row is Row => row !== undefined);
  }

  /** One page of rows answering `q`. */
  private async answer(t: Table<Row, string>, q: NormalizedQuery): Promise<Page<Row>> {
    const { first, fallback } = planQuery(this.name, q);
    if (first.kind === 'walk') return this.walk(t, q, first);
    const rows = await this.collected(t, first, fallback ? collectCap : Infinity);
    if (rows) return this.sortedPage(q, rows);
    // Too many candidates: matches are common, so walking the sort order finds a page soonest.
    if (fallback?.kind === 'walk') return this.walk(t, q, fallback);
    return this.sortedPage(q, await t.toArray());
  }

  /** Reads an ordered index from the cursor on, keeping matches, until one page (and one more) is found. */
  private async walk(t: Table<Row, string>, q: NormalizedQuery, plan: Extract<Plan, { kind: 'walk' }>): Promise<Page<Row>> {
    const range = this.range(t, plan.index, plan.bound);
    const ordered = plan.reverse ? range.reverse() : range;
    const matching = plan.exact && !q.search.length ? ordered : ordered.filter((row) => this.matches(q, row));
    return pageOf(q, await matching.limit(q.limit + 1).toArray());
  }

  /** Filters gathered rows, sorts them in the query's order and cuts the page after the cursor. */
  private sortedPage(q: NormalizedQuery, rows: readonly Row[]): Page<Row> {
    const after = q.after;
    const matching = rows.filter((row) => this.matches(q, row) && (!after || isAfterCursor(q, row, after)));
    matching.sort((a, b) => compareRecords(q, a, b));
    return pageOf(q, matching);
  }
}
