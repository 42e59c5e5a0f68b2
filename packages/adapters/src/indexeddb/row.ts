import { collections, fieldValue, searchTokens, type CollectionName, type RecordMap, type StoredRecord } from '@rapport/core';
import { absentKey, derivedKey, stores } from './schema.js';

/** A record as stored: the record itself plus its derived index keys (`k_…`) and search tokens (`_t`). */
export type Row = StoredRecord & Record<string, unknown>;

/** The record with the keys its indexes need. */
export function toRow(collection: CollectionName, record: StoredRecord): Row {
  const row: Row = { ...record };
  for (const field of stores[collection].derived) row[derivedKey(field)] = fieldValue(record, field) ?? absentKey(collection, field);
  if (collections[collection].searchable) row._t = searchTokens(collection, record as RecordMap[typeof collection]);
  return row;
}

/** The record without what only the indexes need. */
export function fromRow<T>(row: Row): T {
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (!key.startsWith('k_') && key !== '_t') record[key] = row[key];
  return record as T;
}
