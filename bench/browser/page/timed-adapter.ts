/**
 * For diagnosis, not for the timed runs: a storage adapter that passes every call through to
 * another and adds up, per collection and operation, how long the calls took (wall time from
 * call to settle) and how many records they carried.
 */
import type { CollectionName, Query, StorageAdapter, StorageScope } from '@rapport/core';

/** Totals of one kind of call, such as `contacts.query(emails in)`. */
export interface CallTally {
  calls: number;
  ms: number;
  records: number;
}

/** The kind of call a query is: which condition it filters on, for the tally's key. */
function queryKind(query: Query | undefined): string {
  const fields = Object.entries(query?.where ?? {})
    .filter(([field]) => field !== 'deletedAt')
    .map(([field, condition]) => (condition && typeof condition === 'object' && 'in' in condition ? `${field} in` : field));
  return [...fields, ...(query?.search !== undefined ? ['search'] : [])].join(', ') || 'all';
}

/**
 * Wraps `inner`; `tallies` fills as calls settle, keyed `collection.operation(kind)`, and
 * `transaction` counts the transactions' whole time (the calls inside it included).
 *
 * @example
 * const tallies = new Map<string, CallTally>();
 * const crm = createCrm({ storage: timedAdapter(indexedDbAdapter({ databaseName }), tallies) });
 */
export function timedAdapter(inner: StorageAdapter, tallies: Map<string, CallTally>): StorageAdapter {
  const add = (key: string, ms: number, records: number) => {
    const tally = tallies.get(key) ?? { calls: 0, ms: 0, records: 0 };
    tally.calls++;
    tally.ms += ms;
    tally.records += records;
    tallies.set(key, tally);
  };
  const time = async <T>(key: string, records: number, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      add(key, performance.now() - start, records);
    }
  };
  const wrapScope = (scope: StorageScope): StorageScope => ({
    collection(name) {
      const c = scope.collection(name);
      const key = (operation: string) => `${name as CollectionName}.${operation}`;
      return {
        get: (id, options) => time(key('get'), 1, () => c.get(id, options)),
        getMany: (ids, options) => time(key('getMany'), ids.length, () => c.getMany(ids, options)),
        query: (query, options) => time(key(`query(${queryKind(query)})`), 0, () => c.query(query, options)),
        count: (query, options) => time(key('count'), 0, () => c.count(query, options)),
        put: (record, options) => time(key('put'), 1, () => c.put(record, options)),
        bulkPut: (records) => time(key('bulkPut'), records.length, () => c.bulkPut(records)),
        delete: (id, options) => time(key('delete'), 1, () => c.delete(id, options)),
      } as typeof c;
    },
  });
  const adapter: StorageAdapter = {
    ...inner,
    collection: (name) => wrapScope(inner).collection(name),
    transaction: (names, fn) => time('transaction', 0, () => inner.transaction(names, (scope) => fn(wrapScope(scope)))),
    changes: (listener) => inner.changes(listener),
    close: () => inner.close?.() ?? Promise.resolve(),
  };
  return adapter;
}
