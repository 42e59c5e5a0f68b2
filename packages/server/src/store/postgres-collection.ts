/**
 * One collection of a workspace, as the storage port offers it, outside a transaction (each write
 * one autocommitted statement that also appends its change) or inside one (writes run in its SQL
 * transaction and note their changes for the commit).
 */
import {
  ConflictError,
  ValidationError,
  checkExpectedVersion,
  collections,
  fieldValue,
  pageOf,
  parseQuery,
  type Collection,
  type CollectionName,
  type CountQuery,
  type Page,
  type Query,
  type ReadOptions,
  type RecordMap,
  type WriteOptions,
  type WriteRecord,
} from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { isRetryable, toStoreError } from './pg-errors.js';
import { countSql, collectionLiteral, pageSql } from './query-sql.js';
import { fromData, storedRecord, toRow, type RecordRow } from './record-rows.js';
import { deleteRecord, putRecord, putRecords, storedVersion, type WriteTarget } from './record-writes.js';
import { TxContext } from './tx-context.js';

/** What a collection needs of the store it belongs to. */
export interface StoreBinding {
  /** The database, or the transaction when {@link ctx} is set. */
  readonly sql: Sql;
  readonly workspaceId: string;
  /** The transaction every call runs in; outside a transaction, none. */
  readonly ctx?: TxContext;
  /** Throws when the store (or the transaction) can no longer be used. */
  guard(): void;
  /** Resolves when a write may start (after change subscriptions being set up). */
  beforeWrite(): Promise<void>;
}

/** Records per multi-row statement of a bulkPut. */
const bulkChunkSize = 500;
/** Attempts of an autocommitted write that PostgreSQL chose as a deadlock victim. */
const maxAttempts = 3;
/** Conditional writes that lost a race to a write that was then undone, tried again. */
const maxRaceRetries = 5;
/** The largest version an `integer` column holds. */
const maxVersion = 2_147_483_647;

type Row = { id: string; version: number; data: unknown };

/** A collection of a PostgreSQL store; see {@link StoreBinding}. */
export class PostgresCollection<N extends CollectionName> implements Collection<RecordMap[N]> {
  constructor(
    private readonly name: N,
    private readonly binding: StoreBinding,
  ) {}

  async get(id: string, options?: ReadOptions): Promise<RecordMap[N] | undefined> {
    const [record] = await this.getMany([id], options);
    return record;
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<(RecordMap[N] | undefined)[]> {
    if (!Array.isArray(ids)) throw new ValidationError('Invalid ids', [{ path: ['ids'], message: 'Must be a list of ids' }]);
    // A non-string id names no record, as in the memory adapter.
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    const rows = await this.read('get', options, (sql) =>
      wanted.length
        ? sql.query<Row>(
            `SELECT id, version, data FROM records WHERE workspace_id = $1::uuid AND collection = ${collectionLiteral(this.name)} AND id = ANY($2::text[])`,
            [this.binding.workspaceId, wanted],
          )
        : Promise.resolve([]),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const handedOut = new Set<string>();
    return ids.map((id) => {
      const row = typeof id === 'string' ? byId.get(id) : undefined;
      if (!row) return undefined;
      // An id asked for twice gets two copies: a caller may change one freely.
      const data = handedOut.has(row.id) ? structuredClone(row.data) : row.data;
      handedOut.add(row.id);
      return fromData<RecordMap[N]>(data, row.version);
    });
  }

  async query(query?: Query, options?: ReadOptions): Promise<Page<RecordMap[N]>> {
    const normalized = parseQuery(this.name, query);
    const { text, params } = pageSql(normalized, this.binding.workspaceId);
    const rows = await this.read('query', options, (sql) => sql.query<Row>(text, params));
    return pageOf(normalized, rows.map((row) => fromData<RecordMap[N] & { id: string }>(row.data, row.version)));
  }

  async count(query?: CountQuery, options?: ReadOptions): Promise<number> {
    const normalized = parseQuery(this.name, query, { countOnly: true });
    const { text, params } = countSql(normalized, this.binding.workspaceId);
    const rows = await this.read('count', options, (sql) => sql.query<{ n: number }>(text, params));
    return rows[0]?.n ?? 0;
  }

  async put(record: WriteRecord<RecordMap[N]>, options?: WriteOptions): Promise<RecordMap[N]> {
    this.binding.guard();
    const row = toRow(this.name, record);
    const expected = options?.expectedVersion;
    const version = await this.write('put', row.id, this.mayConflict([record]), false, (target) => this.putOne(target, row, expected), (ctx, v) => ctx.notePut(this.name, row.id, v));
    return storedRecord<RecordMap[N]>(row, version);
  }

  async bulkPut(records: readonly WriteRecord<RecordMap[N]>[]): Promise<RecordMap[N][]> {
    this.binding.guard();
    if (!Array.isArray(records)) throw new ValidationError(`Invalid ${this.name} records`, [{ path: [], message: 'Must be a list of records' }]);
    // Every record is checked before anything is written: one bad record stores none.
    const rows = records.map((record) => toRow(this.name, record));
    if (!rows.length) return [];
    const chunks = chunksOf(rows);
    const versions = await this.write(
      'bulkPut',
      undefined,
      this.mayConflict(records),
      chunks.length > 1,
      async (target) => {
        const out: number[] = [];
        for (const chunk of chunks) {
          const written = await putRecords(target, this.name, chunk);
          for (const row of chunk) out.push(written.get(row.id) as number);
        }
        return out;
      },
      (ctx, written) => rows.forEach((row, i) => ctx.notePut(this.name, row.id, written[i] as number)),
    );
    return rows.map((row, i) => storedRecord<RecordMap[N]>(row, versions[i] as number));
  }

  async delete(id: string, options?: WriteOptions): Promise<boolean> {
    this.binding.guard();
    const expected = options?.expectedVersion;
    return this.write(
      'delete',
      id,
      false,
      false,
      async (target) => {
        for (let attempt = 1; ; attempt++) {
          const removed = typeof id === 'string' && (expected === undefined || isVersion(expected)) ? await deleteRecord(target, this.name, id, expected) : undefined;
          if (removed !== undefined) return true;
          if (expected === undefined) return false;
          this.checkAfterRace(await this.versionOf(target.sql, id), id, expected, attempt);
        }
      },
      (ctx, removed) => {
        if (removed) ctx.noteDelete(this.name, id);
      },
    );
  }

  /** One put, its condition checked in the statement itself; on a failed condition, the reason. */
  private async putOne(target: WriteTarget, row: RecordRow, expected: number | undefined): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const version = expected === undefined || isVersion(expected) ? await putRecord(target, this.name, row, expected) : undefined;
      if (version !== undefined) return version;
      this.checkAfterRace(await this.versionOf(target.sql, row.id), row.id, expected, attempt);
    }
  }

  /**
   * After a conditional write changed nothing: throws the port's error for the version now
   * stored. When that version is the expected one after all, a concurrent write got in the way
   * and was undone; the caller tries again, a few times.
   */
  private checkAfterRace(actual: number | undefined, id: string, expected: number | undefined, attempt: number): void {
    checkExpectedVersion(this.name, id, actual, expected);
    if (attempt >= maxRaceRetries) {
      throw new ConflictError({ reason: 'version', collection: this.name, id, ...(expected !== undefined ? { expectedVersion: expected } : {}), ...(actual !== undefined ? { actualVersion: actual } : {}) });
    }
  }

  private versionOf(sql: Sql, id: string): Promise<number | undefined> {
    return typeof id === 'string' ? storedVersion(sql, this.binding.workspaceId, this.name, id) : Promise.resolve(undefined);
  }

  /** Whether writing these records may break a unique field: then, inside a transaction, it runs in a savepoint. */
  private mayConflict(records: readonly unknown[]): boolean {
    const unique = collections[this.name].unique;
    return unique.length > 0 && records.some((r) => unique.some((field) => fieldValue(r as object, field) != null));
  }

  private async read<T>(operation: string, options: ReadOptions | undefined, fn: (sql: Sql) => Promise<T>): Promise<T> {
    this.binding.guard();
    const signal = options?.signal;
    signal?.throwIfAborted();
    const { ctx, sql } = this.binding;
    try {
      return await abortable(ctx ? ctx.run(() => fn(sql)) : fn(sql), signal);
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      throw toStoreError(error, { operation, collection: this.name });
    }
  }

  /**
   * Runs a write. Outside a transaction: its statement appends the change itself, and one that
   * needs several statements (`multiStatement`) gets a transaction of its own. Inside one: in
   * the transaction's order, in a savepoint when it may fail (`mayFail`), so that a caught
   * failure leaves the transaction usable; `note` records the change for the commit.
   */
  private async write<T>(
    operation: string,
    id: string | undefined,
    mayFail: boolean,
    multiStatement: boolean,
    body: (target: WriteTarget) => Promise<T>,
    note: (ctx: TxContext, result: T) => void,
  ): Promise<T> {
    const { ctx, sql, workspaceId } = this.binding;
    const context = { operation, collection: this.name, ...(typeof id === 'string' ? { id } : {}) };
    try {
      if (ctx) {
        return await ctx.run(async () => {
          const result = mayFail
            ? await ctx.sql.transaction((savepoint) => body({ sql: savepoint, workspaceId, appendChange: false }))
            : await body({ sql: ctx.sql, workspaceId, appendChange: false });
          note(ctx, result);
          return result;
        });
      }
      await this.binding.beforeWrite();
      if (!multiStatement) return await retrying(() => body({ sql, workspaceId, appendChange: true }));
      return await sql.transaction(async (tx) => {
        const own = new TxContext(tx, workspaceId);
        const result = await body({ sql: tx, workspaceId, appendChange: false });
        note(own, result);
        await own.flush();
        return result;
      });
    } catch (error) {
      throw toStoreError(error, context);
    }
  }
}

/** Whether `value` can be a stored version, so that a statement may compare it. */
function isVersion(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= maxVersion;
}

/** Splits rows into statements: at most {@link bulkChunkSize} each, and no id twice in one. */
function chunksOf(rows: readonly RecordRow[]): RecordRow[][] {
  const chunks: RecordRow[][] = [];
  let chunk: RecordRow[] = [];
  let ids = new Set<string>();
  for (const row of rows) {
    if (chunk.length === bulkChunkSize || ids.has(row.id)) {
      chunks.push(chunk);
      chunk = [];
      ids = new Set();
    }
    chunk.push(row);
    ids.add(row.id);
  }
  chunks.push(chunk);
  return chunks;
}

/** Runs an autocommitted statement again when PostgreSQL picked it as a deadlock victim. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
    }
  }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
