/**
 * Records to rows and back. A record is stored as `data jsonb` without its `version`, which has a
 * column of its own; a read puts it back. What a write returns is parsed from the same JSON text
 * that was stored, so it equals what a later read returns (JSON drops `undefined` members and
 * turns `-0` into `0`, for writes and reads alike).
 */
import { ValidationError, type CollectionName, type StoredRecord } from '@rapport/core';
import { searchKeysOf } from './search-keys.js';

/** A record ready to be written. */
export interface RecordRow {
  readonly id: string;
  /** The record without `version`, as JSON text. */
  readonly json: string;
  /** The record's search keys, `null` for collections without search. */
  readonly searchKeys: string[] | null;
}

/**
 * Ids longer than this are refused: an id is part of every index entry of its record, and
 * PostgreSQL refuses an index entry beyond about 2.7 kB. Rapport's ids are UUIDs.
 */
export const maxIdLength = 512;

// JSON.stringify writes a NUL character and a lone surrogate as \u escapes, and jsonb accepts
// neither (PostgreSQL text cannot hold NUL; a lone surrogate is not Unicode). An escape counts
// only after an even number of backslashes, since `\\u0000` is a backslash and then text.
const unstorableEscape = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Turns a record into its row; rejects, as the memory adapter does, a record without a string id. */
export function toRow(collection: CollectionName, record: unknown): RecordRow {
  if (typeof record !== 'object' || record === null || typeof (record as StoredRecord).id !== 'string' || (record as StoredRecord).id.length === 0) {
    throw new ValidationError(`Invalid ${collection} record`, [{ path: ['id'], message: 'A record needs a string id' }]);
  }
  const { version: _ignored, ...data } = record as Record<string, unknown>;
  const id = data.id as string;
  if (id.length > maxIdLength) {
    throw new ValidationError(`Invalid ${collection} record`, [{ path: ['id'], message: `Must be at most ${maxIdLength} characters` }]);
  }
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw new ValidationError(`Invalid ${collection} record`, [{ path: [], message: 'Must be JSON data (no BigInt, no cycles)' }], { cause: error });
  }
  if (unstorableEscape.test(json)) {
    throw new ValidationError(`Invalid ${collection} record`, [
      { path: unstorablePath(data) ?? [], message: 'Text must not contain NUL characters or unpaired surrogates' },
    ]);
  }
  return { id, json, searchKeys: searchKeysOf(collection, data) };
}

/** A record as stored: its data with the version the write gave it. */
export function storedRecord<T>(row: RecordRow, version: number): T {
  const record = JSON.parse(row.json) as Record<string, unknown>;
  record.version = version;
  return record as T;
}

/** A record read back from a row (`data` as the driver parsed it). */
export function fromData<T>(data: unknown, version: number): T {
  const record = data as Record<string, unknown>;
  record.version = version;
  return record as T;
}

/** The path of the first string (key or value) PostgreSQL cannot store, for the error message. */
function unstorablePath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  const bad = (text: string) => /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
  if (typeof value === 'string') return bad(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    if (bad(key)) return [...path, key];
    const found = unstorablePath(member, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
