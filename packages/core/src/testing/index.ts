/**
 * @rapport/core/testing: the conformance suite every storage adapter (and every server that
 * implements the REST contract, through the REST adapter) must pass.
 *
 * @example
 * // node:test
 * import { describe, it } from 'node:test';
 * import { adapterConformance } from '@rapport/core/testing';
 * adapterConformance({ describe, it }, { name: 'my adapter', create: () => myAdapter() });
 *
 * @example
 * // mocha (browser or Node): use its globals
 * adapterConformance({ describe, it }, { name: 'indexeddb', create: () => indexedDbAdapter({ databaseName: crypto.randomUUID() }) });
 *
 * @packageDocumentation
 */
import { crudConformance } from './crud.conformance.js';
import { queryConformance } from './query.conformance.js';
import { serviceConformance } from './services.conformance.js';
import { suiteEnv, type ConformanceOptions, type TestApi } from './suite-env.js';
import { transactionConformance } from './transactions.conformance.js';

export type { ConformanceOptions, TestApi } from './suite-env.js';
export { ConformanceFailure, assert, assertEqual, assertRejects, eventually, isDeepEqual } from './assert.js';
export { fixtureId } from './fixtures.js';

/**
 * Registers the storage-port conformance suite with a test framework: every port method, paging
 * edge cases, version conflicts, unique fields, transactions that throw, the change feed, the
 * rejection of unknown query fields, and core's services running on the adapter.
 */
export function adapterConformance(test: TestApi, options: ConformanceOptions): void {
  const env = suiteEnv(options);
  test.describe(`${options.name}: storage port conformance`, () => {
    crudConformance(test, env);
    queryConformance(test, env);
    transactionConformance(test, env);
    serviceConformance(test, env);
  });
}
