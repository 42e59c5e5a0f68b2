/**
 * @rapport/adapters: storage adapters for Rapport's storage port. The IndexedDB adapter
 * (`@rapport/adapters/indexeddb`) and the REST adapter (`@rapport/adapters/rest`) are not
 * built yet; until then use `memoryAdapter()` from `@rapport/core`.
 *
 * @packageDocumentation
 */
export {};
