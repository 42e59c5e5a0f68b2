/**
 * One collection over HTTP, outside any transaction: each port call is one request (a `getMany`
 * of more than 1,000 ids a few), answered by the server from its database.
 */
import {
  checkExpectedVersion,
  isRapportError,
  newId,
  ValidationError,
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
import { sendBatch, wireRecord } from './batch.js';
import type { HttpClient } from './http-client.js';

/** What a collection needs from its adapter. */
export interface RestContext {
  readonly client: HttpClient;
  /** Throws when the adapter was closed. */
  checkOpen(): void;
  /** Resolves when a write may go out: once a change stream opened just before is listening. */
  beforeWrite(): Promise<void>;
}

/** The most ids one `POST /v1/{collection}/get` takes. */
const maxIdsPerRequest = 1000;

/** A collection of the REST adapter, outside transactions. */
export class RestCollection<N extends CollectionName> implements Collection<RecordMap[N]> {
  constructor(
    readonly name: N,
    private readonly context: RestContext,
  ) {}

  private get client(): HttpClient {
    return this.context.client;
  }

  private read(options: ReadOptions | undefined): { signal?: AbortSignal } {
    this.context.checkOpen();
    options?.signal?.throwIfAborted();
    return options?.signal ? { signal: options.signal } : {};
  }

  async get(id: string, options?: ReadOptions): Promise<RecordMap[N] | undefined> {
    const signal = this.read(options);
    checkId(id);
    try {
      const { body } = await this.client.request<RecordMap[N]>({ method: 'GET', path: `${this.name}/${encodeURIComponent(id)}`, collection: this.name, id, ...signal });
      return body;
    } catch (error) {
      if (isRapportError(error, 'not_found')) return undefined;
      throw error;
    }
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<(RecordMap[N] | undefined)[]> {
    const signal = this.read(options);
    if (!Array.isArray(ids)) throw new ValidationError('Invalid ids', [{ path: ['ids'], message: 'Must be a list of ids' }]);
    const found: (RecordMap[N] | undefined)[] = [];
    for (let start = 0; start < ids.length; start += maxIdsPerRequest) {
      const chunk = ids.slice(start, start + maxIdsPerRequest);
      const { body } = await this.client.request<{ items: (RecordMap[N] | null)[] }>({ method: 'POST', path: `${this.name}/get`, json: { ids: chunk }, collection: this.name, ...signal });
      for (const item of body.items) found.push(item ?? undefined);
    }
    return found;
  }

  async query(query?: Query, options?: ReadOptions): Promise<Page<RecordMap[N]>> {
    const signal = this.read(options);
    const { body } = await this.client.request<{ items: RecordMap[N][]; nextCursor?: string | null }>({
      method: 'POST',
      path: `${this.name}/query`,
      json: query ?? {},
      collection: this.name,
      ...signal,
    });
    return typeof body.nextCursor === 'string' ? { items: body.items, nextCursor: body.nextCursor } : { items: body.items };
  }

  async count(query?: CountQuery, options?: ReadOptions): Promise<number> {
    const signal = this.read(options);
    const { body } = await this.client.request<{ count: number }>({ method: 'POST', path: `${this.name}/count`, json: query ?? {}, collection: this.name, ...signal });
    return body.count;
  }

  async put(record: WriteRecord<RecordMap[N]>, options?: WriteOptions): Promise<RecordMap[N]> {
    this.context.checkOpen();
    const id = (record as { id?: unknown } | undefined)?.id;
    checkId(id);
    await this.context.beforeWrite();
    const expected = options?.expectedVersion;
    if (expected === 0) {
      // "Must not exist yet" is a create: a POST that carries an Idempotency-Key, so that a retry
      // after a lost answer returns the record it made instead of a conflict with itself.
      const { body } = await this.client.request<RecordMap[N]>({
        method: 'POST',
        path: this.name,
        json: wireRecord(record),
        headers: { 'idempotency-key': newId() },
        collection: this.name,
        id,
      });
      return body;
    }
    const { body } = await this.client.request<RecordMap[N]>({
      method: 'PUT',
      path: `${this.name}/${encodeURIComponent(id)}`,
      json: wireRecord(record),
      ...(expected !== undefined ? { headers: { 'if-match': `"${expected}"` } } : {}),
      collection: this.name,
      id,
    });
    return body;
  }

  async bulkPut(records: readonly WriteRecord<RecordMap[N]>[]): Promise<RecordMap[N][]> {
    this.context.checkOpen();
    if (!Array.isArray(records)) throw new ValidationError('Invalid records', [{ path: ['records'], message: 'Must be a list of records' }]);
    if (records.length === 0) return [];
    await this.context.beforeWrite();
    const results = await sendBatch(
      this.client,
      records.map((record) => ({ op: 'put', collection: this.name, record: wireRecord(record) })),
    );
    return results.map((result) => ('record' in result ? result.record : undefined) as RecordMap[N]);
  }

  async delete(id: string, options?: WriteOptions): Promise<boolean> {
    this.context.checkOpen();
    checkId(id);
    const expected = options?.expectedVersion;
    if (expected === 0) {
      // "Delete what must not exist": nothing to send; answer as the port's rule says.
      checkExpectedVersion(this.name, id, (await this.get(id))?.version, 0);
      return false;
    }
    await this.context.beforeWrite();
    try {
      await this.client.request<undefined>({
        method: 'DELETE',
        path: `${this.name}/${encodeURIComponent(id)}`,
        ...(expected !== undefined ? { headers: { 'if-match': `"${expected}"` } } : {}),
        collection: this.name,
        id,
      });
      return true;
    } catch (error) {
      if (expected === undefined && isRapportError(error, 'not_found')) return false;
      throw error;
    }
  }
}

/** Refuses an id that cannot name a record, before it is put in a URL. */
export function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) throw new ValidationError('Invalid id', [{ path: ['id'], message: 'Must be a non-empty string' }]);
}
