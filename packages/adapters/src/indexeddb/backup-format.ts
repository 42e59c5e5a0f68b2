/**
 * The backup format the IndexedDB adapter writes and reads: NDJSON, a header line, then one line
 * per record. Shared by `backup-export.ts` and `backup-import.ts`.
 *
 * ```text
 * {"format":"rapport-backup","version":1,"exportedAt":"2026-06-01T12:00:00.000Z","schemaVersion":2,"collections":["pipelines",…]}
 * {"collection":"pipelines","record":{"id":"0190…","version":3,…}}
 * {"collection":"contacts","record":{…}}
 * ```
 */
import type { Dexie } from 'dexie'; // named: under node16 resolution Dexie's default export types as a namespace
import {
  companySchema,
  contactSchema,
  dealSchema,
  interactionSchema,
  pipelineSchema,
  type Change,
  type CollectionName,
} from '@rapport/core';

/** The `format` of a backup's header line. */
export const backupFormat = 'rapport-backup';

/** The version of the backup format this code writes, and the newest it reads. */
export const backupFormatVersion = 1;

/**
 * The order collections are written in, and restored in: records referred to come before those
 * that refer to them (a deal names its pipeline, contacts and company).
 */
export const backupOrder: readonly CollectionName[] = ['pipelines', 'companies', 'contacts', 'deals', 'interactions'];

/** The first line of a backup. */
export interface BackupHeader {
  readonly format: typeof backupFormat;
  /** The backup format's version ({@link backupFormatVersion}). */
  readonly version: number;
  /** When the export started (ISO-8601, UTC). */
  readonly exportedAt: string;
  /** The IndexedDB schema version of the database it came from; informational, records are stored as the port returns them. */
  readonly schemaVersion: number;
  /** The collections that follow, in order. */
  readonly collections: readonly CollectionName[];
}

/** Every later line of a backup: one record, as the storage port returns it. */
export interface BackupLine {
  readonly collection: CollectionName;
  readonly record: Record<string, unknown>;
}

/** The stored-record schema each collection's lines are checked with. */
export const recordSchemas = {
  pipelines: pipelineSchema,
  companies: companySchema,
  contacts: contactSchema,
  deals: dealSchema,
  interactions: interactionSchema,
} as const satisfies Record<CollectionName, unknown>;

/** What backup and restore need from the adapter, handed over without exporting its internals. */
export interface BackupContext {
  /** The adapter's Dexie database. */
  readonly db: Dexie;
  /** Waits until the database is open (or fails with `unavailable`). */
  ready(): Promise<void>;
  /** Tells this tab's listeners and other tabs about one committed batch of changes. */
  emit(changes: readonly Change[]): void;
  /** Translates an IndexedDB failure into a Rapport error (`toRapportError` with the database name). */
  fail(error: unknown, collection: CollectionName | undefined, operation: string): unknown;
}
