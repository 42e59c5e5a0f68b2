import type { CollectionName } from '../storage/collections.js';
import { parseQuery, type Query } from '../storage/query.js';
import { fieldError, isObject } from '../validation.js';

/** A service's list query: the port's query, plus whether soft-deleted records are included. */
export interface ListQuery extends Query {
  /** Include records that were deleted but not purged (default `false`). */
  includeDeleted?: boolean;
}

/**
 * Validates a list query with the port's own validator (so a lax third-party adapter cannot let
 * bad input through) and, for collections with soft deletes, limits it to records that are not
 * deleted unless `includeDeleted` is set.
 */
export function toStorageQuery(collection: CollectionName, query: unknown = {}, softDeletes: boolean): Query {
  if (!softDeletes || !isObject(query)) {
    parseQuery(collection, query);
    return query as Query;
  }
  const { includeDeleted, ...rest } = query as ListQuery;
  if (includeDeleted !== undefined && typeof includeDeleted !== 'boolean') {
    throw fieldError(`${collection} query`, ['includeDeleted'], 'Must be true or false');
  }
  parseQuery(collection, rest);
  return includeDeleted ? rest : { ...rest, where: { ...rest.where, deletedAt: null } };
}
