import type { StorageAdapter } from '../storage/port.js';

/** The two functions of a test framework the suite uses; node:test and mocha both provide them. */
export interface TestApi {
  describe(name: string, fn: () => void): unknown;
  it(name: string, fn: () => Promise<void>): unknown;
}

/** How the suite gets adapters to test. */
export interface ConformanceOptions {
  /** The adapter's name, shown in test titles. */
  name: string;
  /** Makes a fresh, empty adapter; called once per test. */
  create(): StorageAdapter | Promise<StorageAdapter>;
  /** Releases an adapter after its test (default: `adapter.close()`). */
  dispose?(adapter: StorageAdapter): void | Promise<void>;
  /** How long to wait for change-feed events; remote adapters deliver them later (default 5,000 ms). */
  changeTimeoutMs?: number;
}

/** What each group of conformance tests is given. */
export interface SuiteEnv {
  readonly changeTimeoutMs: number;
  /** Runs `fn` with a fresh adapter and disposes of it afterwards, even when `fn` fails. */
  withAdapter(fn: (adapter: StorageAdapter) => Promise<void>): () => Promise<void>;
}

export function suiteEnv(options: ConformanceOptions): SuiteEnv {
  return {
    changeTimeoutMs: options.changeTimeoutMs ?? 5000,
    withAdapter: (fn) => async () => {
      const adapter = await options.create();
      try {
        await fn(adapter);
      } finally {
        await (options.dispose ? options.dispose(adapter) : adapter.close?.());
      }
    },
  };
}
