/**
 * A {@link NormalizedQuery} as SQL over `records`, with the semantics of core's query-eval.ts:
 * absent (missing or `null`) values match only `eq: null` and sort first; a list field matches
 * when one element satisfies every operator of a condition, and `eq: null` when it is empty;
 * ties sort by id in the query's direction; strings compare in "C" order (see the migration for
 * where that differs from JavaScript's).
 *
 * Values only ever travel as `$n` parameters. What is spelled into the SQL text comes from core's
 * declared `collections` (field paths, collection names), never from the query.
 *
 * Values are read as the type their field is declared with; a record whose value has another
 * type (which the record schemas do not allow) is compared as text when the field holds
 * strings, and as absent otherwise.
 */
import { ValidationError, collections, type CollectionName, type FieldSpec, type CursorPosition, type NormalizedCondition, type NormalizedQuery, type Scalar } from '@rapport/core';
import { searchLookup } from './search-keys.js';

/** Collects the parameters of one statement and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, cast to `type` so that PostgreSQL never has to guess. */
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** A collection name as an SQL literal: names are checked against core's list, never user text. */
export function collectionLiteral(collection: CollectionName): string {
  if (!Object.hasOwn(collections, collection)) throw new Error(`Unknown collection: ${String(collection)}`);
  return `'${collection}'`;
}

/** A declared field path as the keys of a jsonb path (`a.b` → `->'a'->'b'` minus the last arrow). */
function jsonKeys(field: string): string[] {
  return field.split('.').map((key) => `'${key.replace(/'/g, "''")}'`);
}

/** The JSON value at a declared field path. */
function jsonAt(field: string): string {
  return `data${jsonKeys(field)
    .map((k) => `->${k}`)
    .join('')}`;
}

/** The text at a declared field path (`data->'a'->>'b'`); NULL when absent or JSON null. */
function textAt(field: string): string {
  const keys = jsonKeys(field);
  const last = keys.pop() as string;
  return `data${keys.map((k) => `->${k}`).join('')}->>${last}`;
}

const sqlType: Record<FieldSpec['type'], string> = { string: 'text', number: 'float8', boolean: 'boolean' };

/**
 * The SQL value of a single-valued field, typed as declared. String expressions carry COLLATE "C"
 * and are spelled exactly as in the migration's indexes.
 */
export function fieldExpression(field: string, spec: FieldSpec): string {
  if (field === 'id') return 'id';
  if (field === 'version') return 'version';
  if (spec.type === 'string') return `(${textAt(field)}) COLLATE "C"`;
  return typedJson(jsonAt(field), spec);
}

/** A jsonb value as a number or boolean, or NULL when it is of another JSON type. */
function typedJson(json: string, spec: FieldSpec): string {
  const jsonType = spec.type === 'number' ? 'number' : 'boolean';
  return `(CASE WHEN jsonb_typeof(${json}) = '${jsonType}' THEN (${json})::${sqlType[spec.type]} END)`;
}

/** The `WHERE` clause (without the keyword) of a query or count over one workspace. */
export function whereSql(query: NormalizedQuery, workspaceId: string, params: Params): string {
  const parts = [`workspace_id = ${params.add(workspaceId, 'uuid')}`, `collection = ${collectionLiteral(query.collection)}`];
  for (const condition of query.where) parts.push(conditionSql(condition, params));
  if (query.search.length) {
    const { keys, long } = searchLookup(query.search);
    if (keys.length) parts.push(`search_tokens @> ${params.add(keys, 'text[]')}`);
    for (const { key, token } of long) {
      parts.push(`search_tokens @> ARRAY[${params.add(key, 'text')}]`);
      parts.push(`EXISTS (SELECT 1 FROM unnest(search_tokens) AS k(key) WHERE starts_with(k.key, ${params.add(token, 'text')}))`);
    }
  }
  if (query.after) parts.push(afterSql(query, query.after, params));
  return parts.join(' AND ');
}

function conditionSql(c: NormalizedCondition, params: Params): string {
  return c.spec.multi ? listConditionSql(c, params) : valueConditionSql(fieldExpression(c.field, c.spec), c, params);
}

/** The operators of a condition, all applied to one value `x` (a field, or one list element). */
function valueConditionSql(x: string, c: NormalizedCondition, params: Params): string {
  if (c.eq === null) return `${x} IS NULL`;
  const type = sqlType[c.spec.type];
  const parts: string[] = [];
  if (c.eq !== undefined) parts.push(`${x} = ${params.add(c.eq, type)}`);
  if (c.in !== undefined) parts.push(`${x} = ANY(${params.add(c.in, `${type}[]`)})`);
  if (c.prefix !== undefined) {
    const p = params.add(c.prefix, 'text');
    // The lower bound lets a btree index narrow the scan; starts_with decides.
    parts.push(`${x} >= ${p}`, `starts_with(${x}, ${p})`);
  }
  if (c.gt !== undefined) parts.push(`${x} > ${params.add(c.gt, type)}`);
  if (c.gte !== undefined) parts.push(`${x} >= ${params.add(c.gte, type)}`);
  if (c.lt !== undefined) parts.push(`${x} < ${params.add(c.lt, type)}`);
  if (c.lte !== undefined) parts.push(`${x} <= ${params.add(c.lte, type)}`);
  // A value that is absent matches nothing but `eq: null`; every comparison with NULL is false.
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

/** A condition on a list field: some element satisfies all its operators; `eq: null` means empty. */
function listConditionSql(c: NormalizedCondition, params: Params): string {
  const json = jsonAt(c.field);
  const array = `(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} END)`;
  if (c.eq === null) return `COALESCE(jsonb_array_length(${array}), 0) = 0`;
  const ops = (['eq', 'in', 'prefix', 'gt', 'gte', 'lt', 'lte'] as const).filter((op) => c[op] !== undefined);
  // The common cases (`tags: 'vip'`, `emails: { in: [...] }`) as jsonb's `?` and `?|`, which a GIN
  // index answers; they match string elements only, as `===` does.
  if (c.spec.type === 'string' && ops.length === 1 && ops[0] === 'eq') {
    return `(jsonb_typeof(${json}) = 'array' AND ${json} ? ${params.add(c.eq, 'text')})`;
  }
  if (c.spec.type === 'string' && ops.length === 1 && ops[0] === 'in') {
    return `(jsonb_typeof(${json}) = 'array' AND ${json} ?| ${params.add(c.in, 'text[]')})`;
  }
  const element = c.spec.type === 'string' ? `(e.value #>> '{}') COLLATE "C"` : typedJson('e.value', c.spec);
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(${array}) AS e(value) WHERE ${valueConditionSql(element, c, params)})`;
}

/** Rows after the cursor position in the query's order: absent values first, ties by id. */
function afterSql(query: NormalizedQuery, after: CursorPosition, params: Params): string {
  const { field, direction } = query.orderBy;
  const id = params.add(after.id, 'text');
  const cmp = direction === 'asc' ? '>' : '<';
  if (field === 'id') return `id ${cmp} ${id}`;
  const spec = collections[query.collection].fields[field] as FieldSpec;
  const x = fieldExpression(field, spec);
  if (after.value === null) {
    return direction === 'asc' ? `((${x} IS NULL AND id > ${id}) OR ${x} IS NOT NULL)` : `(${x} IS NULL AND id < ${id})`;
  }
  if (typeof after.value !== spec.type) {
    throw new ValidationError(`Invalid query on ${query.collection}`, [{ path: ['cursor'], message: 'Not a cursor of this query: pass the nextCursor of the previous page unchanged' }]);
  }
  // A row comparison, which a btree index on (…, field, id) turns into a starting point.
  const row = `(${x}, id) ${cmp} (${params.add(after.value as Scalar, sqlType[spec.type])}, ${id})`;
  return direction === 'asc' ? row : `(${row} OR ${x} IS NULL)`;
}

/** `ORDER BY` (without the keyword): the field, absent values first when ascending, then id. */
export function orderSql(query: NormalizedQuery): string {
  const { field, direction } = query.orderBy;
  if (field === 'id') return `id ${direction === 'asc' ? 'ASC' : 'DESC'}`;
  const x = fieldExpression(field, collections[query.collection].fields[field] as FieldSpec);
  return direction === 'asc' ? `${x} ASC NULLS FIRST, id ASC` : `${x} DESC NULLS LAST, id DESC`;
}

/** The statement that reads one page: one row more than the page, to know whether another follows. */
export function pageSql(query: NormalizedQuery, workspaceId: string): { text: string; params: unknown[] } {
  const params = new Params();
  const where = whereSql(query, workspaceId, params);
  const text = `SELECT id, version, data FROM records WHERE ${where} ORDER BY ${orderSql(query)} LIMIT ${params.add(query.limit + 1, 'int')}`;
  return { text, params: params.values };
}

/** The statement that counts what a query matches. */
export function countSql(query: NormalizedQuery, workspaceId: string): { text: string; params: unknown[] } {
  const params = new Params();
  return { text: `SELECT count(*)::int AS n FROM records WHERE ${whereSql(query, workspaceId, params)}`, params: params.values };
}
