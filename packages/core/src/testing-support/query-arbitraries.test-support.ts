/**
 * Arbitraries for storage queries that are wrong in exactly one part, for the property tests of
 * the port, of `crm.watch` and of CSV export. Test-only, like its siblings.
 */
import fc from 'fast-check';
import { collections, maxInValues, type CollectionName } from '../index.js';
import { badInt, hugeString, notAnObject, notAString, unknownField } from './arbitraries.test-support.js';

/** Whether `value` is a plain object, the only thing a query (and its `where`) may be. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A field of `name` that a query may use, with its declared type. */
function declaredField(name: CollectionName) {
  return fc.constantFrom(...Object.entries(collections[name].fields)).map(([field, spec]) => ({ field, spec }));
}

/** A value of the wrong type for a field of type `type`. */
function wrongScalar(type: 'string' | 'number' | 'boolean'): fc.Arbitrary<unknown> {
  if (type === 'number')
    return fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
      fc.boolean(),
      notAnObject.filter((v) => typeof v !== 'number'),
    );
  if (type === 'boolean') return fc.oneof(fc.string({ maxLength: 5 }), fc.integer());
  return fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant('x'.repeat(2049)),
    hugeString,
    notAString.filter((v) => typeof v !== 'string'),
  );
}

/**
 * A query for `name` with exactly one part wrong, and the path the error must name. Every other
 * part is either absent or valid.
 */
export function queryWithOneWrongPart(name: CollectionName): fc.Arbitrary<{ query: Record<string, unknown>; path: readonly (string | number)[] }> {
  const spec = collections[name];
  const fields = Object.keys(spec.fields);
  const singleValued = fields.filter((f) => !spec.fields[f]?.multi);
  const conditions = declaredField(name).chain(({ field, spec: fieldSpec }) =>
    fc.oneof(
      wrongScalar(fieldSpec.type).map((value) => ({ where: { [field]: value }, path: ['where', field] })),
      wrongScalar(fieldSpec.type).chain((value) =>
        fc.constantFrom('eq', 'gt', 'gte', 'lt', 'lte').map((op) => ({ where: { [field]: { [op]: value } }, path: ['where', field, op] })),
      ),
      fc
        .oneof(
          notAnObject.filter((v) => !Array.isArray(v)),
          fc.constant(Array.from({ length: maxInValues + 1 }, () => 'x')),
        )
        .map((list) => ({ where: { [field]: { in: list } }, path: ['where', field, 'in'] })),
      // A sparse list: the hole is not a value of any type.
      fc.constant({ where: { [field]: { in: fieldSpec.type === 'number' ? [1, , 2] : ['a', , 'b'] } }, path: ['where', field, 'in'] }),
      unknownField(['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix']).map(({ field: op, value }) => ({
        where: { [field]: { [op]: value } },
        path: ['where', field, op],
      })),
      fc.constant({ where: { [field]: {} }, path: ['where', field] }),
      fc.constant(
        fieldSpec.type === 'string'
          ? { where: { [field]: { prefix: 7 } }, path: ['where', field, 'prefix'] }
          : { where: { [field]: { prefix: 'a' } }, path: ['where', field, 'prefix'] },
      ),
    ),
  );
  return fc.oneof(
    notAnObject.filter((v) => !isPlainObject(v)).map((where) => ({ query: { where }, path: ['where'] })),
    unknownField(fields).map(({ field, value }) => ({ query: { where: { [field]: value } }, path: ['where', field] })),
    conditions.map(({ where, path }) => ({ query: { where }, path })),
    fc
      .oneof(notAnObject, fc.constant({}), fc.constant({ field: 'id', direction: 'up' }), fc.constant({ field: 'id', by: 'x' }))
      .map((orderBy) => ({ query: { orderBy }, path: ['orderBy'] })),
    unknownField(fields).map(({ field }) => ({ query: { orderBy: { field } }, path: ['orderBy', 'field'] })),
    ...(fields.some((f) => spec.fields[f]?.multi)
      ? [fc.constantFrom(...fields.filter((f) => spec.fields[f]?.multi)).map((field) => ({ query: { orderBy: { field } }, path: ['orderBy', 'field'] }))]
      : []),
    badInt({ min: 1, max: 1000 }).map((limit) => ({ query: { limit }, path: ['limit'] })),
    fc
      .oneof(fc.string({ maxLength: 40 }), hugeString, notAString, fc.constant(btoa(JSON.stringify(['id', 'desc', null, 'x']))))
      .map((cursor) => ({ query: { cursor }, path: ['cursor'] })),
    // A well-formed cursor, but of the sort by id: refused under any other sort.
    fc.constantFrom(...singleValued.filter((f) => f !== 'id')).map((field) => ({
      query: { orderBy: { field }, cursor: btoa(JSON.stringify(['id', 'asc', null, 'x'])).replace(/=+$/, '') },
      path: ['cursor'],
    })),
    (spec.searchable ? fc.oneof(notAString, fc.constant('a'.repeat(201)), hugeString) : fc.string({ maxLength: 10 })).map((search) => ({
      query: { search },
      path: ['search'],
    })),
  );
}
