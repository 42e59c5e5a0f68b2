/**
 * @rapport/adapters: storage adapters for Rapport's storage port. Import each from its own entry
 * point, so an app loads only the one it uses: `@rapport/adapters/indexeddb` (Dexie, local-first)
 * or `@rapport/adapters/rest` (ky, a server that speaks the REST contract).
 *
 * @packageDocumentation
 */
export {};
