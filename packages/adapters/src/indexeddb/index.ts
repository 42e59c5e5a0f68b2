/**
 * @rapport/adapters/indexeddb: a whole CRM workspace in the browser, on Dexie.
 *
 * @packageDocumentation
 */
export { indexedDbAdapter, type IndexedDbAdapter, type IndexedDbAdapterOptions, type StorageEstimate } from './indexeddb-adapter.js';
export { currentSchemaVersion, schemaVersions } from './schema.js';
