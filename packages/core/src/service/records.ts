import { ConflictError, NotFoundError, UnavailableError } from '../errors.js';
import type { CollectionName, RecordMap } from '../storage/collections.js';
import type { ReadOptions, StorageScope } from '../storage/port.js';
import type { Query } from '../storage/query.js';

/** Loads a record or throws `NotFoundError`; soft-deleted records count as absent unless asked for. */
export async function requireRecord<N extends CollectionName>(
  scope: StorageScope,
  collection: N,
  id: string,
  options: ReadOptions & { includeDeleted?: boolean } = {},
): Promise<RecordMap[N]> {
  const record = await scope.collection(collection).get(id, options.signal ? { signal: options.signal } : undefined);
  if (!record || (!options.includeDeleted && (record as { deletedAt?: string }).deletedAt)) throw new NotFoundError(collection, id);
  return record;
}

/**
 * Every record matching `query`, page by page, with keyset cursors: records changed on the way are
 * neither skipped nor repeated, as long as the change leaves the sort field alone. The sort is by
 * id unless `orderBy` names a field an adapter can walk in order (a timeline's `occurredAt`).
 */
export async function* allRecords<N extends CollectionName>(
  scope: StorageScope,
  collection: N,
  query: Omit<Query, 'cursor'>,
): AsyncGenerator<RecordMap[N][]> {
  let cursor: string | undefined;
  do {
    const page = await scope.collection(collection).query({ limit: 500, ...query, ...(cursor ? { cursor } : {}) });
    if (page.items.length) yield page.items;
    // A cursor that does not move would loop for ever; only a broken adapter returns one.
    if (page.nextCursor !== undefined && page.nextCursor === cursor) {
      throw new UnavailableError(`The store returned the same ${collection} page twice; its paging is broken`);
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/** Throws a version conflict unless `expected` is absent or matches the record's version. */
export function checkVersion(collection: CollectionName, record: { id: string; version: number }, expected: number | undefined): void {
  if (expected !== undefined && record.version !== expected) {
    throw new ConflictError({ reason: 'version', collection, id: record.id, expectedVersion: expected, actualVersion: record.version });
  }
}

/** Walks interactions in timeline order, which every store indexes per contact, company and deal. */
export const timelineOrder = { field: 'occurredAt', direction: 'asc' } as const;
