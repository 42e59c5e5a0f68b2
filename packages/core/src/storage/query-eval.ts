/**
 * Evaluates a {@link NormalizedQuery} over records in memory. The memory adapter runs queries with
 * it; other adapters use it for whatever their indexes leave to filter, so every adapter answers a
 * query the same way.
 */
import { fieldValue } from './collections.js';
import { encodeCursor, type CursorPosition, type NormalizedCondition, type NormalizedQuery, type Page, type Scalar } from './query.js';
import { matchesSearch } from './search.js';

/** What query evaluation needs of a record: an id to break ties by. */
export type AnyRecord = { id: string };

/**
 * Orders two field values: absent (`undefined`/`null`) first, then by value. Strings compare by
 * UTF-16 code unit, as IndexedDB and PostgreSQL's "C" collation do.
 */
export function compareValues(a: unknown, b: unknown): number {
  const aAbsent = a === undefined || a === null;
  const bAbsent = b === undefined || b === null;
  if (aAbsent || bAbsent) return aAbsent === bAbsent ? 0 : aAbsent ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Compares two records in the query's order, ties broken by id. */
export function compareRecords(query: NormalizedQuery, a: AnyRecord, b: AnyRecord): number {
  const { field, direction } = query.orderBy;
  const byField = compareValues(fieldValue(a, field), fieldValue(b, field));
  const order = byField !== 0 ? byField : compareValues(a.id, b.id);
  return direction === 'asc' ? order : -order;
}

/** Whether `record` comes after the cursor position in the query's order. */
export function isAfterCursor(query: NormalizedQuery, record: AnyRecord, after: CursorPosition): boolean {
  const byField = compareValues(fieldValue(record, query.orderBy.field), after.value);
  const order = byField !== 0 ? byField : compareValues(record.id, after.id);
  return query.orderBy.direction === 'asc' ? order > 0 : order < 0;
}

/** Whether `record` satisfies every condition of the query (search tokens are checked separately). */
export function matchesWhere(conditions: readonly NormalizedCondition[], record: object): boolean {
  return conditions.every((condition) => matchesCondition(condition, fieldValue(record, condition.field)));
}

function matchesCondition(c: NormalizedCondition, raw: unknown): boolean {
  const values: unknown[] = c.spec.multi ? (Array.isArray(raw) ? raw : []) : [raw];
  if (c.eq === null) return c.spec.multi ? values.length === 0 : raw === undefined || raw === null;
  if (c.spec.multi && values.length === 0) return false;
  return values.some((value) => matchesValue(c, value));
}

// `in` lists hold up to 1,000 values and are tested against every record: look them up in a set.
const inSets = new WeakMap<readonly Scalar[], ReadonlySet<unknown>>();
function inSet(values: readonly Scalar[]): ReadonlySet<unknown> {
  let set = inSets.get(values);
  if (!set) inSets.set(values, (set = new Set(values)));
  return set;
}

function matchesValue(c: NormalizedCondition, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (c.eq !== undefined && value !== c.eq) return false;
  if (c.in !== undefined && !inSet(c.in).has(value)) return false;
  if (c.prefix !== undefined && !(typeof value === 'string' && value.startsWith(c.prefix))) return false;
  if (c.gt !== undefined && !(compareValues(value, c.gt) > 0)) return false;
  if (c.gte !== undefined && !(compareValues(value, c.gte) >= 0)) return false;
  if (c.lt !== undefined && !(compareValues(value, c.lt) < 0)) return false;
  if (c.lte !== undefined && !(compareValues(value, c.lte) <= 0)) return false;
  return true;
}

/**
 * Answers a query over `records`: filters, sorts, continues after the cursor and cuts one page.
 * `tokensOf` gives a record's search tokens (only called when the query searches).
 */
export function runQuery<T extends AnyRecord>(
  query: NormalizedQuery,
  records: Iterable<T>,
  tokensOf: (record: T) => readonly string[],
): Page<T> {
  const matches: T[] = [];
  for (const record of records) {
    if (query.after && !isAfterCursor(query, record, query.after)) continue;
    if (!matchesWhere(query.where, record)) continue;
    if (query.search.length && !matchesSearch(tokensOf(record), query.search)) continue;
    matches.push(record);
  }
  matches.sort((a, b) => compareRecords(query, a, b));
  return pageOf(query, matches);
}

/** Cuts the first page from records already filtered and sorted in the query's order. */
export function pageOf<T extends AnyRecord>(query: NormalizedQuery, sorted: readonly T[]): Page<T> {
  const items = sorted.slice(0, query.limit);
  if (sorted.length <= query.limit) return { items };
  const last = items[items.length - 1] as T;
  const value = fieldValue(last, query.orderBy.field);
  return { items, nextCursor: encodeCursor(query.orderBy, { value: (value ?? null) as Scalar | null, id: last.id }) };
}
