/**
 * Export of a whole workspace as NDJSON text, read page by page so memory stays bounded at any
 * size. See `backup-format.ts` for the format.
 */
import type { Table } from 'dexie';
import { ValidationError } from '@rapport/core';
import { backupFormat, backupFormatVersion, backupOrder, type BackupContext, type BackupHeader } from './backup-format.js';
import { fromRow, type Row } from './row.js';
import { currentSchemaVersion } from './schema.js';

/** Options of `exportDatabase`. */
export interface ExportDatabaseOptions {
  /** Stops the export between pages; the generator then throws the signal's reason. */
  signal?: AbortSignal;
}

/** Records read per page, and per yielded chunk. */
export const exportPageSize = 500;

/**
 * The workspace as NDJSON text chunks: the header line first, then one chunk per page of at most
 * {@link exportPageSize} records, collection by collection in {@link backupOrder}. Each page is
 * read in a short read transaction of its own, by primary key after the last id seen, so at most
 * one page is held and writes elsewhere are not blocked for the length of the export.
 *
 * The export is therefore not a snapshot: a record written while it runs is in the backup or not,
 * depending on whether its page was already read (a record is never split or repeated). Export
 * while nothing else writes for a consistent backup.
 *
 * @example
 * const chunks: string[] = [];
 * for await (const chunk of exportBackup(ctx)) chunks.push(chunk);
 * const file = new File(chunks, 'crm.ndjson', { type: 'application/x-ndjson' });
 */
export async function* exportBackup(ctx: BackupContext, options: ExportDatabaseOptions = {}): AsyncGenerator<string> {
  const signal = checkOptions(options);
  signal?.throwIfAborted();
  await ctx.ready();
  const header: BackupHeader = {
    format: backupFormat,
    version: backupFormatVersion,
    exportedAt: new Date().toISOString(),
    schemaVersion: currentSchemaVersion,
    collections: backupOrder,
  };
  yield `${JSON.stringify(header)}\n`;
  for (const collection of backupOrder) {
    let lastId: string | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const after = lastId;
      let rows: Row[];
      try {
        rows = await ctx.db.transaction('r', collection, (tx) => {
          const table = tx.table(collection) as Table<Row, string>;
          return (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(exportPageSize).toArray();
        });
      } catch (error) {
        throw ctx.fail(error, collection, 'exportDatabase');
      }
      if (!rows.length) break;
      let chunk = '';
      for (const row of rows) chunk += `${JSON.stringify({ collection, record: fromRow(row) })}\n`;
      lastId = (rows[rows.length - 1] as Row).id;
      yield chunk;
      if (rows.length < exportPageSize) break;
    }
  }
}

function checkOptions(options: ExportDatabaseOptions): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('Invalid export options', [{ path: [], message: 'Must be an object' }]);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'signal') throw new ValidationError('Invalid export options', [{ path: [key], message: 'Unknown field', code: 'unknown_field' }]);
  }
  const { signal } = options;
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) {
    throw new ValidationError('Invalid export options', [{ path: ['signal'], message: 'Must be an AbortSignal' }]);
  }
  return signal;
}
