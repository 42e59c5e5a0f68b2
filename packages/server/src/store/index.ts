/**
 * The PostgreSQL store of the reference server: the storage port over one workspace, the change
 * feed, and workspaces.
 */
export { postgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { withStoreTransaction } from './store-transaction.js';
export { changeFeed, headCursor, readChanges, type ChangeBatch, type ChangeFeed, type ChangeFeedOptions } from './change-feed.js';
export type { SeqChange } from './change-log.js';
export { createWorkspace } from './workspaces.js';
export { toStoreError, type ErrorContext } from './pg-errors.js';
