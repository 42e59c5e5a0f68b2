/**
 * Chooses how to answer a validated query from IndexedDB's indexes:
 *
 * - **walk**: an ordered index whose leading fields the query fixes by equality and whose next
 *   field is the sort field (or a range on it): read entries in order, keep matches, stop after
 *   one page. A board column, a timeline and an assignee's overdue tasks are walks.
 * - **collect**: gather the ids of a bounded set of candidates from index keys alone (an equality
 *   prefix, an `in`, a multi-entry list field, a unique field; for a search, the ids under each
 *   word, intersected), then fetch records: in id order only until a page is full, otherwise all
 *   of them to sort. When an ordered walk is also possible, a collect past `keyCap` keys (or past
 *   `rowCap` records to sort; see {@link QueryLimits}) gives way to the walk, which finds a page of
 *   such common matches quickly.
 * - **scan**: no index helps; read everything. No query the services make ends here.
 *
 * Whatever the plan, every record read is checked against the whole query again, so a plan only
 * decides how much is read, never what is answered.
 */
import Dexie, { cmp } from 'dexie';
import { collections, type CollectionName, type NormalizedCondition, type NormalizedQuery, type Scalar } from '@rapport/core';
import { absentKey, indexName, keyPathOf, stores, type IndexSpec } from './schema.js';

/** A key range of an index. */
export interface Bound {
  readonly lower: unknown;
  readonly upper: unknown;
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
}

/** How to read a query's candidates. */
export type Plan =
  | {
      readonly kind: 'walk';
      readonly index: string;
      /** The properties an entry's key is made of, to continue after a row; absent for the primary key. */
      readonly keyPaths?: readonly string[];
      readonly bound: Bound;
      readonly reverse: boolean;
      readonly exact: boolean;
    }
  | { readonly kind: 'collect'; readonly index: string; readonly bounds: readonly Bound[]; readonly exact: boolean }
  | { readonly kind: 'search'; readonly tokens: readonly string[] }
  | { readonly kind: 'scan' };

/** How much a collect may gather before a possible walk takes over. */
export interface QueryLimits {
  /**
   * The most index keys a collect reads (keys cost about a tenth of records). Default 8,000:
   * for a page of 50 from 100,000 records, reading more keys than that costs more than walking
   * past the records between the matches.
   */
  readonly keyCap: number;
  /**
   * The most records a collect fetches to sort them in memory, when the query is sorted on a
   * field other than the id (records cost more than keys). Default 2,000.
   */
  readonly rowCap: number;
}

/** The default {@link QueryLimits}. */
export const defaultQueryLimits: QueryLimits = { keyCap: 8_000, rowCap: 2_000 };

const maxKey = Dexie.maxKey;
const primary: IndexSpec = { fields: [] };

interface Range {
  lo?: unknown;
  loOpen: boolean;
  hi?: unknown;
  hiOpen: boolean;
}

/** The index key an equality condition fixes, if it is a plain equality an index can use. */
function eqKey(collection: CollectionName, c: NormalizedCondition | undefined): unknown {
  if (!c || c.eq === undefined) return undefined;
  if (c.eq === null) return stores[collection].derived.includes(c.field) ? absentKey(collection, c.field) : undefined;
  return c.eq;
}

/** The key range a condition's range operators allow; absent values never match a range. */
function rangeOf(collection: CollectionName, c: NormalizedCondition | undefined): Range | undefined {
  if (!c || c.eq !== undefined || c.in !== undefined) return undefined;
  const r: Range = { loOpen: false, hiOpen: false };
  const raise = (value: unknown, open: boolean) => {
    const order = r.lo === undefined ? 1 : cmp(value, r.lo);
    if (order > 0 || (order === 0 && open)) Object.assign(r, { lo: value, loOpen: open });
  };
  const lower = (value: unknown, open: boolean) => {
    const order = r.hi === undefined ? -1 : cmp(value, r.hi);
    if (order < 0 || (order === 0 && open)) Object.assign(r, { hi: value, hiOpen: open });
  };
  if (c.gt !== undefined) raise(c.gt, true);
  if (c.gte !== undefined) raise(c.gte, false);
  if (c.lt !== undefined) lower(c.lt, true);
  if (c.lte !== undefined) lower(c.lte, false);
  if (c.prefix !== undefined) {
    raise(c.prefix, false);
    lower(`${c.prefix}\uffff`, false);
  }
  if (r.lo === undefined && r.hi === undefined) return undefined;
  if (r.lo === undefined) Object.assign(r, { lo: absentKey(collection, c.field), loOpen: true });
  return r;
}

/** Whether a condition is fully expressed by the index bounds (so nothing is left to filter). */
const onlyEq = (c: NormalizedCondition) => c.in === undefined && c.gt === undefined && c.gte === undefined && c.lt === undefined && c.lte === undefined && c.prefix === undefined;
const onlyRange = (c: NormalizedCondition) => c.eq === undefined && c.in === undefined;

/**
 * The bound of an index whose keys are `[...prefix, next, id]` (or `[...prefix, id]` when the
 * next field is the id itself), for a range of `next` and, when walking, the cursor.
 */
function boundFor(
  prefix: readonly unknown[],
  nextIsId: boolean,
  range: Range | undefined,
  cursor: readonly unknown[] | undefined,
  reverse: boolean,
  plain: boolean,
): Bound {
  const key = (parts: readonly unknown[]) => (plain ? parts[0] : [...parts]);
  let lower: unknown;
  let upper: unknown;
  let lowerOpen = false;
  let upperOpen = false;
  if (nextIsId) {
    lower = range?.lo !== undefined ? key([...prefix, range.lo]) : plain ? Dexie.minKey : [...prefix];
    lowerOpen = range?.lo !== undefined && range.loOpen;
    upper = range?.hi !== undefined ? key([...prefix, range.hi]) : plain ? maxKey : [...prefix, maxKey];
    upperOpen = range?.hi !== undefined && range.hiOpen;
  } else {
    lower = range?.lo === undefined ? [...prefix] : range.loOpen ? [...prefix, range.lo, maxKey] : [...prefix, range.lo];
    upper = range?.hi === undefined ? [...prefix, maxKey] : range.hiOpen ? [...prefix, range.hi] : [...prefix, range.hi, maxKey];
  }
  if (cursor) {
    const at = key(cursor);
    if (!reverse && cmp(at, lower) >= 0) {
      lower = at;
      lowerOpen = true;
    }
    if (reverse && cmp(at, upper) <= 0) {
      upper = at;
      upperOpen = true;
    }
  }
  return { lower, upper, lowerOpen, upperOpen };
}

interface Candidate {
  readonly plan: Plan;
  /** How much the index narrows the query: the higher, the fewer records read. */
  readonly score: number;
}

/**
 * What narrowing by a condition is worth. "Absent" (`deletedAt: null`) matches nearly every
 * record, so it counts for little; a specific value of a list or unique field (an email address,
 * a domain) for more than other equalities; ids for the most: each names one record.
 */
const weight = { absent: 0.1, equal: 1, range: 0.5, listOrUnique: 1.5, id: 10 } as const;

/** The best walk and the best collect a query allows. */
function candidates(collection: CollectionName, q: NormalizedQuery): { walk?: Candidate; collect?: Candidate } {
  const byField = new Map(q.where.map((c) => [c.field, c]));
  let walk: Candidate | undefined;
  let collect: Candidate | undefined;
  const consider = (kind: 'walk' | 'collect', candidate: Candidate) => {
    const best = kind === 'walk' ? walk : collect;
    if (!best || candidate.score > best.score) {
      if (kind === 'walk') walk = candidate;
      else collect = candidate;
    }
  };

  for (const spec of [primary, ...stores[collection].indexes]) {
    const plain = spec.fields.length === 0;
    const prefix: unknown[] = [];
    const used: NormalizedCondition[] = [];
    let narrowing = 0;
    for (const field of spec.fields) {
      const c = byField.get(field);
      const key = eqKey(collection, c);
      if (key === undefined || !c) break;
      prefix.push(key);
      used.push(c);
      narrowing += c.eq === null ? weight.absent : weight.equal;
    }
    const next = spec.fields[prefix.length] ?? 'id';
    const nextIsId = prefix.length === spec.fields.length;
    const nextCondition = byField.get(next);
    const range = rangeOf(collection, nextCondition);
    const index = plain ? ':id' : indexName(collection, spec);
    const consumed = [...used.filter(onlyEq), ...(range && nextCondition && onlyRange(nextCondition) ? [nextCondition] : [])];
    const exact = consumed.length === q.where.length && used.every(onlyEq);
    const score = narrowing + (range ? weight.range : 0);

    if (next === q.orderBy.field) {
      const reverse = q.orderBy.direction === 'desc';
      let cursor: unknown[] | undefined;
      if (q.after) {
        const value = q.after.value ?? absentKey(collection, next);
        cursor = nextIsId ? [...prefix, q.after.id] : [...prefix, value, q.after.id];
      }
      const keyPaths = plain ? undefined : [...spec.fields.map((f) => keyPathOf(collection, f)), 'id'];
      const bound = boundFor(prefix, nextIsId, range, cursor, reverse, plain);
      consider('walk', { plan: { kind: 'walk', index, ...(keyPaths ? { keyPaths } : {}), bound, reverse, exact }, score });
    } else if (prefix.length > 0 || range) {
      consider('collect', { plan: { kind: 'collect', index, bounds: [boundFor(prefix, nextIsId, range, undefined, false, plain)], exact }, score });
    }
    // `in` on the next field: one range per value.
    if (nextCondition?.in && !nextIsId && nextCondition.eq === undefined) {
      const bounds = nextCondition.in.map((v) => boundFor([...prefix, v], false, undefined, undefined, false, false));
      consider('collect', { plan: { kind: 'collect', index, bounds, exact: false }, score: narrowing + weight.equal });
    }
  }

  // The primary key, list fields (multi-entry) and unique fields: equality or `in`, one bound per value.
  const spec = collections[collection];
  for (const field of ['id', ...stores[collection].multi.filter((m) => m !== '_t'), ...spec.unique]) {
    const c = byField.get(field);
    const values: readonly Scalar[] | undefined = c?.eq !== undefined && c.eq !== null ? [c.eq] : c?.eq === undefined ? c?.in : undefined;
    if (!values) continue;
    const bounds = values.map((v) => ({ lower: v, upper: v, lowerOpen: false, upperOpen: false }));
    const index = field === 'id' ? ':id' : keyPathOf(collection, field);
    consider('collect', { plan: { kind: 'collect', index, bounds, exact: false }, score: field === 'id' ? weight.id : weight.listOrUnique });
  }
  return { ...(walk ? { walk } : {}), ...(collect ? { collect } : {}) };
}

/**
 * The plans to try, in order: a collect first when it narrows at least as much as the best walk
 * (capped, so that the walk can take over), otherwise the walk; a scan when nothing else applies.
 */
export function planQuery(collection: CollectionName, q: NormalizedQuery): { first: Plan; fallback?: Plan } {
  const { walk, collect } = candidates(collection, q);
  if (q.search.length) return { first: { kind: 'search', tokens: q.search }, fallback: walk?.plan ?? { kind: 'scan' } };
  if (collect && (!walk || collect.score >= walk.score)) return walk ? { first: collect.plan, fallback: walk.plan } : { first: collect.plan };
  if (walk) return { first: walk.plan };
  return { first: { kind: 'scan' } };
}
