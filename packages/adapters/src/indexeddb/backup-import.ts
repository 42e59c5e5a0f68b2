/**
 * Restore of a backup made by `exportDatabase`: NDJSON read a piece at a time, every line checked
 * with core's stored-record schemas, records written as they are (ids and versions kept) in
 * batched transactions. See `backup-format.ts` for the format.
 */
import type { Table } from 'dexie';
import { ValidationError, collections, fieldValue, isCollectionName, isRapportError, type Change, type CollectionName, type StoredRecord, type ValidationIssue } from '@rapport/core';
import { backupFormat, backupFormatVersion, backupOrder, recordSchemas, type BackupContext } from './backup-format.js';
import { isTextSource, type TextSource } from '@rapport/core';
import { readLines, type Line } from './ndjson.js';
import { toRow, type Row } from './row.js';

/** What a backup can be restored from: text, a `Blob` or `File`, a web `ReadableStream`, or an (async) iterable of text or bytes. */
export type BackupSource = TextSource;

/** Options of `importDatabase`. */
export interface ImportDatabaseOptions {
  /**
   * `merge` (default): records are written over those with the same id, others stay.
   * `replace`: the whole backup is checked first, then every collection is emptied and the backup
   * written; needs a source that can be read twice (text, or a `Blob`/`File`).
   */
  mode?: 'merge' | 'replace';
  /** Records written per transaction (default 500, at most 5,000). */
  batchSize?: number;
  /** Called after each batch is written, with how many records have been written so far. */
  onProgress?: (progress: { records: number }) => void;
  /** Stops the import between batches (the promise rejects with the signal's reason); batches already written stay. */
  signal?: AbortSignal;
}

/** What `importDatabase` wrote. */
export interface ImportDatabaseResult {
  /** Records written. */
  readonly records: number;
  /** Records written, by collection. */
  readonly byCollection: Record<CollectionName, number>;
}

/** A checked record line, ready to be written. */
interface Entry {
  readonly line: number;
  readonly collection: CollectionName;
  readonly record: StoredRecord;
}

const optionKeys = new Set(['mode', 'batchSize', 'onProgress', 'signal']);

/**
 * Restores a backup into the adapter's database.
 *
 * Lines are read and checked as they arrive; a bad line (not JSON, an unknown collection, a
 * record its schema refuses) is a `ValidationError` whose issues start with `['line', n]`. In
 * `merge` mode batches before the bad line are already written; `replace` mode reads the whole
 * backup once before it changes anything, so a bad backup clears nothing.
 *
 * Each batch is one transaction, and one batch of changes on the change feed. A restore as a whole
 * is not one transaction (a large one would hold every record in memory): if a write fails midway,
 * for instance when the storage quota runs out (`QuotaError`), the batches before it stay written,
 * so after `replace` the database holds a partial restore. The error's message says how many
 * records were written; restoring the same backup again once the cause is fixed completes it.
 *
 * @example
 * const { records } = await importBackup(ctx, file, { mode: 'replace', onProgress: (p) => bar.set(p.records) });
 */
export async function importBackup(ctx: BackupContext, source: BackupSource, options: ImportDatabaseOptions = {}): Promise<ImportDatabaseResult> {
  const { mode, batchSize, onProgress, signal } = checkOptions(options);
  if (!isTextSource(source)) {
    throw new ValidationError('Invalid backup source', [{ path: ['source'], message: 'Must be text, a Blob or File, a ReadableStream, or an iterable of text or bytes' }]);
  }
  if (mode === 'replace' && typeof source !== 'string' && !(typeof Blob !== 'undefined' && source instanceof Blob)) {
    throw new ValidationError('Invalid backup source', [
      {
        path: ['source'],
        message: "Replace mode reads the backup twice (to check every line before clearing anything): pass a Blob or File, or the text; a stream can be read only once, so use mode 'merge' or collect it into a Blob first",
      },
    ]);
  }
  signal?.throwIfAborted();
  await ctx.ready();

  if (mode === 'replace') {
    // Check every line before anything is cleared, and values that must be unique across lines.
    const holders = new Map<string, { id: string; line: number }>();
    for await (const entry of entries(source, signal)) checkUnique(entry, holders);
  }

  const byCollection = Object.fromEntries(backupOrder.map((name) => [name, 0])) as Record<CollectionName, number>;
  let records = 0;
  let cleared = false;
  let batch: Entry[] = [];
  const flush = async () => {
    signal?.throwIfAborted();
    const changes = await writeBatch(ctx, batch);
    ctx.emit(changes);
    for (const { collection } of batch) byCollection[collection]++;
    records += batch.length;
    batch = [];
    onProgress?.({ records });
  };

  try {
    if (mode === 'replace') {
      signal?.throwIfAborted();
      ctx.emit(await clearAll(ctx));
      cleared = true;
    }
    for await (const entry of entries(source, signal)) {
      batch.push(entry);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length) await flush();
  } catch (error) {
    if (isRapportError(error) && (records > 0 || cleared)) {
      // The error is our own (made by `fail` or a line check): say how far the restore got.
      error.message += cleared
        ? ` (restore stopped after ${records} records were written: the database holds a partial restore; restore the backup again once the cause is fixed)`
        : ` (restore stopped after ${records} records were written; those stay)`;
    }
    throw error;
  }
  return { records, byCollection };
}

/** The backup's record lines, checked; the header is checked first. */
async function* entries(source: BackupSource, signal: AbortSignal | undefined): AsyncGenerator<Entry> {
  let header = false;
  for await (const line of readLines(source, signal)) {
    if (!header) {
      checkHeader(line);
      header = true;
    } else {
      yield checkLine(line);
    }
  }
  if (!header) throw new ValidationError('Invalid backup', [{ path: ['source'], message: 'The backup is empty: it needs a header line' }]);
}

function invalid(line: Line, issues: ValidationIssue[], cause?: unknown): ValidationError {
  return new ValidationError(`Invalid backup at line ${line.number}`, issues, cause === undefined ? undefined : { cause });
}

function parseJson(line: Line): unknown {
  try {
    return JSON.parse(line.text);
  } catch (error) {
    throw invalid(line, [{ path: ['line', line.number], message: `Line ${line.number} is not valid JSON (${(error as Error).message})`, code: 'invalid_json' }], error);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkHeader(line: Line): void {
  const header = parseJson(line);
  const at = (...path: (string | number)[]) => ['line', line.number, ...path];
  if (!isObject(header) || header.format !== backupFormat) {
    throw invalid(line, [{ path: at('format'), message: `Must be "${backupFormat}": this is not a Rapport backup (its first line must be the backup header)` }]);
  }
  const { version } = header;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid(line, [{ path: at('version'), message: 'Must be a whole number of 1 or more' }]);
  }
  if (version > backupFormatVersion) {
    throw new ValidationError(`Unsupported backup version ${version}`, [
      {
        path: at('version'),
        message: `This backup has format version ${version}, made by a newer version of Rapport; this one reads version ${backupFormatVersion}. Update the app to restore it`,
        code: 'unsupported_version',
      },
    ]);
  }
}

function checkLine(line: Line): Entry {
  const value = parseJson(line);
  const at = (...path: (string | number)[]) => ['line', line.number, ...path];
  if (!isObject(value)) throw invalid(line, [{ path: at(), message: 'Must be an object with "collection" and "record"' }]);
  const unknown = Object.keys(value).filter((key) => key !== 'collection' && key !== 'record');
  if (unknown.length) throw invalid(line, unknown.map((key) => ({ path: at(key), message: 'Unknown field', code: 'unknown_field' })));
  const { collection, record } = value;
  if (!isCollectionName(collection)) {
    const shown = typeof collection === 'string' ? `"${collection}"` : `(a ${collection === undefined ? 'missing value' : typeof collection})`;
    throw invalid(line, [{ path: at('collection'), message: `Unknown collection ${shown}: must be one of ${backupOrder.join(', ')}` }]);
  }
  const result = recordSchemas[collection].safeParse(record);
  if (!result.success) {
    const issues: ValidationIssue[] = [];
    for (const issue of result.error.issues) {
      const path = at('record', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p))));
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) issues.push({ path: [...path, key], message: 'Unknown field', code: 'unknown_field' });
      else issues.push({ path, message: issue.message, code: issue.code });
    }
    throw invalid(line, issues, result.error);
  }
  return { line: line.number, collection, record: result.data as StoredRecord };
}

/**
 * Refuses a record whose unique value (a company's domain) an earlier line gave another record:
 * the unique index would refuse it after `replace` had cleared everything. Holds only those values.
 */
function checkUnique(entry: Entry, holders: Map<string, { id: string; line: number }>): void {
  for (const field of collections[entry.collection].unique) {
    const value = fieldValue(entry.record, field);
    if (value === undefined || value === null) continue;
    const key = JSON.stringify([entry.collection, field, value]);
    const holder = holders.get(key);
    if (holder && holder.id !== entry.record.id) {
      throw new ValidationError(`Invalid backup at line ${entry.line}`, [
        { path: ['line', entry.line, 'record', ...field.split('.')], message: `Line ${holder.line} gives this ${field} to another record; it must be unique`, code: 'duplicate' },
      ]);
    }
    holders.set(key, { id: entry.record.id, line: entry.line });
  }
}

/** Writes one batch in one transaction, records as they are; returns its changes for the feed. */
async function writeBatch(ctx: BackupContext, batch: readonly Entry[]): Promise<Change[]> {
  const rows = new Map<CollectionName, Row[]>();
  for (const { collection, record } of batch) {
    let list = rows.get(collection);
    if (!list) rows.set(collection, (list = []));
    list.push(toRow(collection, record));
  }
  let writing: CollectionName | undefined;
  try {
    await ctx.db.transaction('rw', [...rows.keys()], async (tx) => {
      for (const [collection, list] of rows) {
        writing = collection;
        await (tx.table(collection) as Table<Row, string>).bulkPut(list);
      }
      writing = undefined;
    });
  } catch (error) {
    // A failure at commit (the quota, typically) is the batch's, not one table's: `writing` is unset then.
    throw ctx.fail(error, writing, 'importDatabase');
  }
  return batch.map(({ collection, record }) => ({ collection, type: 'put', id: record.id, version: record.version, record }));
}

/** Empties every collection in one transaction; returns a delete change for each record removed. */
async function clearAll(ctx: BackupContext): Promise<Change[]> {
  const changes: Change[] = [];
  try {
    await ctx.db.transaction('rw', backupOrder, async (tx) => {
      for (const collection of backupOrder) {
        const table = tx.table(collection) as Table<Row, string>;
        // Keys only: the feed needs the ids of what goes, not the records.
        for (const id of await table.toCollection().primaryKeys()) changes.push({ collection, type: 'delete', id });
        await table.clear();
      }
    });
  } catch (error) {
    throw ctx.fail(error, undefined, 'importDatabase');
  }
  return changes;
}

function checkOptions(options: ImportDatabaseOptions | undefined): Required<Omit<ImportDatabaseOptions, 'onProgress' | 'signal'>> & Pick<ImportDatabaseOptions, 'onProgress' | 'signal'> {
  const bad = (path: string[], message: string, code?: string) => new ValidationError('Invalid import options', [{ path, message, ...(code ? { code } : {}) }]);
  if (options === undefined) return { mode: 'merge', batchSize: 500 };
  if (!isObject(options as unknown)) throw bad([], 'Must be an object');
  for (const key of Object.keys(options)) if (!optionKeys.has(key)) throw bad([key], 'Unknown field', 'unknown_field');
  const { mode = 'merge', batchSize = 500, onProgress, signal } = options as ImportDatabaseOptions;
  if (mode !== 'merge' && mode !== 'replace') throw bad(['mode'], 'Must be one of merge, replace');
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw bad(['batchSize'], 'Must be a whole number from 1 to 5,000');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw bad(['onProgress'], 'Must be a function');
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) throw bad(['signal'], 'Must be an AbortSignal');
  return { mode, batchSize, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) };
}
