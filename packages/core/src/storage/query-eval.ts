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

type Getter = (record: object) => unknown;
const getters = new Map<string, Getter>();
/** The most field paths whose readers are kept: queries name declared fields, a few dozen in all. */
const maxGetters = 1000;

/**
 * A reader of the field at a dotted path that answers as {@link fieldValue} does, with the path
 * split once rather than at every read: sorting and filtering read a field of every record.
 */
function getterOf(path: string): Getter {
  let get = getters.get(path);
  if (get) return get;
  const keys = path.split('.');
  const key = keys[0] as string;
  get =
    keys.length === 1
      ? (record) => (typeof record === 'object' && record !== null && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined)
      : (record) => fieldValue(record, path);
  if (getters.size < maxGetters) getters.set(path, get);
  return get;
}

/** Compares two records in the query's order, ties broken by id. */
export function compareRecords(query: NormalizedQuery, a: AnyRecord, b: AnyRecord): number {
  const { field, direction } = query.orderBy;
  const get = getterOf(field);
  const byField = compareValues(get(a), get(b));
  const order = byField !== 0 ? byField : compareValues(a.id, b.id);
  return direction === 'asc' ? order : -order;
}

/** Whether `record` comes after the cursor position in the query's order. */
export function isAfterCursor(query: NormalizedQuery, record: AnyRecord, after: CursorPosition): boolean {
  const byField = compareValues(getterOf(query.orderBy.field)(record), after.value);
  const order = byField !== 0 ? byField : compareValues(record.id, after.id);
  return query.orderBy.direction === 'asc' ? order > 0 : order < 0;
}

/** Whether `record` satisfies every condition of the query (search tokens are checked separately). */
export function matchesWhere(conditions: readonly NormalizedCondition[], record: object): boolean {
  for (const condition of conditions) if (!matchesCondition(condition, getterOf(condition.field)(record))) return false;
  return true;
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
  const sortValue = getterOf(query.orderBy.field);
  let kinds = 0;
  for (const record of records) {
    if (query.after && !isAfterCursor(query, record, query.after)) continue;
    if (!matchesWhere(query.where, record)) continue;
    if (query.search.length && !matchesSearch(tokensOf(record), query.search)) continue;
    matches.push(record);
    kinds |= valueKind(sortValue(record)) | (typeof record.id === 'string' ? 0 : unordered);
  }
  const compare = (a: T, b: T) => compareRecords(query, a, b);
  // A page needs only the first `limit` matches and whether one more follows, so the others are
  // never sorted: a page of a large collection costs O(n log limit), not O(n log n), and paging
  // through all of it with cursors stays near linear per page. That selection is exact when the
  // order is total (one kind of sort value, all finite); otherwise, sort them all as before.
  if (kinds & unordered || (kinds & (kinds - 1)) !== 0) matches.sort(compare);
  else return pageOf(query, firstInOrder(matches, query.limit + 1, compare));
  return pageOf(query, matches);
}

/** Kinds of sort value: absent values (kind 0) sort first whatever the others are. */
const stringKind = 1;
const numberKind = 2;
const booleanKind = 4;
/** A value `compareValues` does not order consistently with the others (NaN, ±Infinity, objects). */
const unordered = 8;

function valueKind(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return stringKind;
  if (typeof value === 'number') return Number.isFinite(value) ? numberKind : unordered;
  if (typeof value === 'boolean') return booleanKind;
  return unordered;
}

/**
 * The first `count` of `items` in the order of `compare`, as a stable sort would put them (equal
 * items keep their order in `items`), without sorting the rest: items are gathered into a buffer
 * that is sorted and cut back to `count` whenever it reaches twice that, and an item that does
 * not come before the `count`-th kept so far is passed over with one comparison.
 */
function firstInOrder<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= 2 * count) return items.sort(compare);
  const kept: T[] = [];
  let last: T | undefined;
  for (const item of items) {
    // An item that ties with the last kept one comes after it: it was met later.
    if (last !== undefined && compare(item, last) >= 0) continue;
    kept.push(item);
    if (kept.length === 2 * count) {
      kept.sort(compare);
      kept.length = count;
      last = kept[count - 1];
    }
  }
  kept.sort(compare);
  if (kept.length > count) kept.length = count;
  return kept;
}

/** Cuts the first page from records already filtered and sorted in the query's order. */
export function pageOf<T extends AnyRecord>(query: NormalizedQuery, sorted: readonly T[]): Page<T> {
  const items = sorted.slice(0, query.limit);
  if (sorted.length <= query.limit) return { items };
  const last = items[items.length - 1] as T;
  const value = fieldValue(last, query.orderBy.field);
  return { items, nextCursor: encodeCursor(query.orderBy, { value: (value ?? null) as Scalar | null, id: last.id }) };
}
