import { UnavailableError, type CollectionName, type CollectionOf, type StorageAdapter } from '@rapport/core';

/** A real store whose reads a test can make fail or wait: to show the error and loading states. */
export interface ControllableStorage {
  readonly storage: StorageAdapter;
  /** `normal` passes reads through; `fail` rejects them as an unreachable store would; `hold` keeps them waiting until `release()`. */
  mode: 'normal' | 'fail' | 'hold';
  /** When true, every write and transaction fails as an unreachable store would. */
  failWrites: boolean;
  /** Lets held reads go on. */
  release(): void;
}

/** Wraps a real adapter (the memory adapter, say): writes, transactions and the change feed pass through untouched. */
export function controllableStorage(inner: StorageAdapter): ControllableStorage {
  let waiting: (() => void)[] = [];
  const control = {
    mode: 'normal' as ControllableStorage['mode'],
    failWrites: false,
    release() {
      const go = waiting;
      waiting = [];
      for (const resume of go) resume();
    },
  };
  const gate = async <T>(read: () => Promise<T>): Promise<T> => {
    if (control.mode === 'fail') throw new UnavailableError('Store unreachable (test)');
    if (control.mode === 'hold') await new Promise<void>((resume) => waiting.push(resume));
    return read();
  };
  const unreachable = () => Promise.reject(new UnavailableError('Store unreachable (test)'));
  const storage: StorageAdapter = {
    name: `controllable-${inner.name}`,
    collection<N extends CollectionName>(name: N): CollectionOf<N> {
      const c = inner.collection(name);
      const wrapped: CollectionOf<N> = {
        get: (id, options) => gate(() => c.get(id, options)),
        getMany: (ids, options) => gate(() => c.getMany(ids, options)),
        query: (query, options) => gate(() => c.query(query, options)),
        count: (query, options) => gate(() => c.count(query, options)),
        put: (record, options) => (control.failWrites ? unreachable() : c.put(record, options)),
        bulkPut: (records) => (control.failWrites ? unreachable() : c.bulkPut(records)),
        delete: (id, options) => (control.failWrites ? unreachable() : c.delete(id, options)),
      };
      return wrapped;
    },
    transaction: (names, fn) => (control.failWrites ? unreachable() : inner.transaction(names, fn)),
    changes: (listener) => inner.changes(listener),
  };
  return Object.assign(control, { storage });
}
