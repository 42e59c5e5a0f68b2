/**
 * The query language of the storage port: plain JSON that every adapter (memory, IndexedDB, REST,
 * SQL) understands the same way. {@link parseQuery} validates it against the collection's declared
 * fields and turns it into a {@link NormalizedQuery}; adapters work from that form only.
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { collectionNames, collections, isCollectionName, type CollectionName, type FieldSpec } from './collections.js';
import { maxSearchTokens, tokenize } from './search.js';

/** A value a condition compares with. */
export type Scalar = string | number | boolean;

/** Comparison operators of one condition; all given operators must hold. */
export interface ConditionOps {
  /** Equal to (for list fields: contains). `null` means the field is absent. */
  eq?: Scalar | null;
  /** Equal to one of (for list fields: contains one of). At most 1,000 values. */
  in?: readonly Scalar[];
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
  /** Starts with (strings only). */
  prefix?: string;
}

/** A condition on a field: a bare value means `eq`; `null` means absent. */
export type Condition = Scalar | null | ConditionOps;

/** Conditions by field path, all of which must hold. */
export type Where = Readonly<Record<string, Condition>>;

/** Sort order: one declared, single-valued field; ties are broken by `id` in the same direction. */
export interface OrderBy {
  field: string;
  direction?: 'asc' | 'desc';
}

/**
 * A query over one collection.
 *
 * @example
 * const page = await storage.collection('deals').query({
 *   where: { pipelineId, stageId, deletedAt: null },
 *   orderBy: { field: 'position' },
 *   limit: 50,
 * });
 */
export interface Query {
  where?: Where;
  orderBy?: OrderBy;
  /** Page size, 1–1,000 (default 50). */
  limit?: number;
  /** The `nextCursor` of the previous page of the same query. */
  cursor?: string;
  /** Words that must each start a word of the record (contacts and companies only). */
  search?: string;
}

/** A `count` takes the filtering part of a query only. */
export type CountQuery = Pick<Query, 'where' | 'search'>;

/** One page of results; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** A validated condition with its operators spelled out. */
export interface NormalizedCondition {
  readonly field: string;
  readonly spec: FieldSpec;
  readonly eq?: Scalar | null;
  readonly in?: readonly Scalar[];
  readonly gt?: string | number;
  readonly gte?: string | number;
  readonly lt?: string | number;
  readonly lte?: string | number;
  readonly prefix?: string;
}

/** Where a page ends: the sort value and id of its last record. */
export interface CursorPosition {
  readonly value: Scalar | null;
  readonly id: string;
}

/** A query after validation: what adapters execute. */
export interface NormalizedQuery {
  readonly collection: CollectionName;
  readonly where: readonly NormalizedCondition[];
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' };
  readonly limit: number;
  readonly after?: CursorPosition;
  /** Lower-case search tokens; empty when there is no search. */
  readonly search: readonly string[];
}

/** The default page size. */
export const defaultLimit = 50;
/** The largest page size. */
export const maxLimit = 1000;
/** The most values an `in` condition takes. */
export const maxInValues = 1000;
const maxValueLength = 2048;
const maxSearchLength = 200;

const queryKeys = new Set(['where', 'orderBy', 'limit', 'cursor', 'search']);
const opKeys = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix']);

/**
 * Validates a query for `collection` and normalises it. Rejects, with a {@link ValidationError}
 * naming the path, every unknown key, undeclared field, value of the wrong type and bad cursor.
 */
export function parseQuery(collection: CollectionName, query: unknown = {}, options: { countOnly?: boolean } = {}): NormalizedQuery {
  const issues: ValidationIssue[] = [];
  const add = (path: (string | number)[], message: string, code = 'invalid') => issues.push({ path, message, code });
  if (!isCollectionName(collection)) {
    throw new ValidationError('Invalid query', [{ path: ['collection'], message: `Must be one of ${collectionNames.join(', ')}`, code: 'invalid' }]);
  }
  const spec = collections[collection];

  if (!isPlainObject(query)) {
    throw new ValidationError(`Invalid query on ${collection}`, [{ path: [], message: 'A query must be an object', code: 'invalid_type' }]);
  }
  for (const key of Object.keys(query)) {
    const allowed = options?.countOnly ? key === 'where' || key === 'search' : queryKeys.has(key);
    if (!allowed) add([key], 'Unknown query field', 'unknown_field');
  }

  const where: NormalizedCondition[] = [];
  if (query.where !== undefined) {
    if (!isPlainObject(query.where)) add(['where'], 'Must be an object of conditions by field');
    else {
      for (const [field, condition] of Object.entries(query.where)) {
        const fieldSpec = Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
        if (!fieldSpec) {
          add(['where', field], `Unknown field: ${collection} cannot be queried by "${field}"`, 'unknown_field');
          continue;
        }
        const normalized = parseCondition(field, fieldSpec, condition, ['where', field], add);
        if (normalized) where.push(normalized);
      }
    }
  }

  let orderBy: NormalizedQuery['orderBy'] = { field: 'id', direction: 'asc' };
  if (query.orderBy !== undefined) {
    const o = query.orderBy;
    if (!isPlainObject(o) || typeof o.field !== 'string') add(['orderBy'], 'Must be { field, direction? }');
    else {
      for (const key of Object.keys(o)) if (key !== 'field' && key !== 'direction') add(['orderBy', key], 'Unknown field', 'unknown_field');
      const fieldSpec = Object.hasOwn(spec.fields, o.field) ? spec.fields[o.field] : undefined;
      if (!fieldSpec) add(['orderBy', 'field'], `Unknown field: ${collection} cannot be sorted by "${o.field}"`, 'unknown_field');
      else if (fieldSpec.multi) add(['orderBy', 'field'], `"${o.field}" holds a list and cannot be sorted on`);
      if (o.direction !== undefined && o.direction !== 'asc' && o.direction !== 'desc') add(['orderBy', 'direction'], 'Must be asc or desc');
      orderBy = { field: o.field, direction: o.direction === 'desc' ? 'desc' : 'asc' };
    }
  }

  let limit = defaultLimit;
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'number' || !Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxLimit) {
      add(['limit'], `Must be a whole number from 1 to ${maxLimit}`);
    } else limit = query.limit;
  }

  let search: string[] = [];
  if (query.search !== undefined) {
    if (!spec.searchable) add(['search'], `${collection} cannot be searched by text`);
    else if (typeof query.search !== 'string') add(['search'], 'Must be a string');
    else if (query.search.length > maxSearchLength) add(['search'], `Must be at most ${maxSearchLength} characters`);
    else search = [...new Set(tokenize(query.search))].slice(0, maxSearchTokens);
  }

  let after: CursorPosition | undefined;
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor, orderBy);
    if (!after) add(['cursor'], 'Not a cursor of this query: pass the nextCursor of the previous page unchanged');
  }

  if (issues.length) throw new ValidationError(`Invalid query on ${collection}`, issues);
  return { collection, where, orderBy, limit, search, ...(after ? { after } : {}) };
}

function parseCondition(
  field: string,
  spec: FieldSpec,
  condition: unknown,
  path: (string | number)[],
  add: (path: (string | number)[], message: string, code?: string) => void,
): NormalizedCondition | undefined {
  if (!isPlainObject(condition)) {
    if (condition === null) return { field, spec, eq: null };
    return checkScalar(spec, condition, path, add) ? { field, spec, eq: condition as Scalar } : undefined;
  }
  const out: { -readonly [K in keyof NormalizedCondition]?: NormalizedCondition[K] } = { field, spec };
  let ok = true;
  const keys = Object.keys(condition);
  if (keys.length === 0) add(path, 'A condition needs at least one operator');
  for (const key of keys) {
    const value = condition[key];
    const at = [...path, key];
    if (!opKeys.has(key)) {
      add(at, 'Unknown operator: use eq, in, gt, gte, lt, lte or prefix', 'unknown_field');
      ok = false;
    } else if (key === 'eq') {
      if (value === null || checkScalar(spec, value, at, add)) out.eq = value as Scalar | null;
      else ok = false;
    } else if (key === 'in') {
      if (!Array.isArray(value) || value.length > maxInValues) {
        add(at, `Must be a list of at most ${maxInValues} values`);
        ok = false;
      } else if (Array.from(value).every((v, i) => checkScalar(spec, v, [...at, i], add))) out.in = value as Scalar[]; // Array.from: a hole is checked too
      else ok = false;
    } else if (key === 'prefix') {
      if (spec.type !== 'string') {
        add(at, 'Only text fields take prefix');
        ok = false;
      } else if (checkScalar(spec, value, at, add)) out.prefix = value as string;
      else ok = false;
    } else {
      if (spec.type === 'boolean') {
        add(at, 'Booleans cannot be compared by range');
        ok = false;
      } else if (checkScalar(spec, value, at, add)) out[key as 'gt'] = value as string | number;
      else ok = false;
    }
  }
  return ok && keys.length > 0 ? (out as NormalizedCondition) : undefined;
}

function checkScalar(
  spec: FieldSpec,
  value: unknown,
  path: (string | number)[],
  add: (path: (string | number)[], message: string, code?: string) => void,
): boolean {
  if (spec.type === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    add(path, 'Must be a finite number', 'invalid_type');
  } else if (spec.type === 'boolean') {
    if (typeof value === 'boolean') return true;
    add(path, 'Must be true or false', 'invalid_type');
  } else {
    if (typeof value === 'string' && value.length <= maxValueLength) return true;
    add(path, typeof value === 'string' ? `Must be at most ${maxValueLength} characters` : 'Must be a string', 'invalid_type');
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Encodes where a page ended, bound to the query's sort so it cannot be reused with another. */
export function encodeCursor(orderBy: NormalizedQuery['orderBy'], position: CursorPosition): string {
  const json = JSON.stringify([orderBy.field, orderBy.direction, position.value, position.id]);
  return base64UrlEncode(json);
}

/** The position a cursor encodes, or `undefined` when it is malformed or from another sort order. */
export function decodeCursor(cursor: unknown, orderBy: NormalizedQuery['orderBy']): CursorPosition | undefined {
  if (typeof cursor !== 'string' || cursor.length > 4 * maxValueLength) return undefined;
  try {
    const parsed: unknown = JSON.parse(base64UrlDecode(cursor));
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
    const [field, direction, value, id] = parsed as unknown[];
    if (field !== orderBy.field || direction !== orderBy.direction || typeof id !== 'string') return undefined;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    return { value, id };
  } catch {
    return undefined;
  }
}

function base64UrlEncode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('not base64url');
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
