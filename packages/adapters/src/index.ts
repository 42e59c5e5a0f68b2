/**
 * @rapport/adapters: storage adapters for Rapport's storage port. Import each from its own entry
 * point, so an app loads only the one it uses: `@rapport/adapters/indexeddb`. The REST adapter
 * (`@rapport/adapters/rest`) is not built yet.
 *
 * @packageDocumentation
 */
export {};
