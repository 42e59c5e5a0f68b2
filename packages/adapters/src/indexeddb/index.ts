/**
 * @rapport/adapters/indexeddb: a whole CRM workspace in the browser, on Dexie.
 *
 * @packageDocumentation
 */
export { indexedDbAdapter, type IndexedDbAdapter, type IndexedDbAdapterOptions, type StorageEstimate } from './indexeddb-adapter.js';
export type { ExportDatabaseOptions } from './backup-export.js';
export type { BackupSource, ImportDatabaseOptions, ImportDatabaseResult } from './backup-import.js';
export { backupFormat, backupFormatVersion, type BackupHeader, type BackupLine } from './backup-format.js';
export { currentSchemaVersion, schemaVersions } from './schema.js';
export { defaultQueryLimits, type QueryLimits } from './query-plan.js';
