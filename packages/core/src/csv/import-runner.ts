/**
 * The chunked import loop that contacts and companies share: read rows, turn each into input for
 * the entity's schema (row errors name the field and its column), and hand valid rows to the
 * entity's writer one transaction per batch.
 */
import { z } from '../schema/zod.js';
import { isRapportError } from '../errors.js';
import type { ImportProgress } from '../events/crm-events.js';
import type { ServiceContext } from '../service/context.js';
import type { CollectionName } from '../storage/collections.js';
import type { StorageScope } from '../storage/port.js';
import { parseInput, toIssues } from '../validation.js';
import { mapColumns, type ColumnMap, type Synonyms } from './column-mapping.js';
import { readCsv, type CsvRow } from './csv-reader.js';
import type { CsvSource, DuplicatePolicy, ImportOptions, ImportResult, RowError } from './csv-types.js';

/** A row that passed validation, waiting to be written. */
export interface ValidRow<T> {
  readonly row: number;
  readonly input: T;
  /** Cells for fields outside the schema (a contact's company name or domain). */
  readonly extra: Readonly<Record<string, string>>;
}

/** What writing one batch did. */
export interface BatchOutcome {
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

/** What an entity contributes to an import. */
export interface ImportSpec<T> {
  /** The collection, for messages. */
  readonly what: 'contacts' | 'companies';
  /** Fields the CSV may fill, with their known header spellings. */
  readonly synonyms: Synonyms;
  /** Fields that hold lists: a cell may carry several values separated by `;` or `,`. */
  readonly listFields: ReadonlySet<string>;
  /** Fields outside the schema, passed to the writer as they are. */
  readonly extraFields: ReadonlySet<string>;
  /** Adjusts the assembled values before validation (e.g. splits a full name). */
  readonly prepare?: (values: Record<string, unknown>) => Record<string, unknown>;
  readonly schema: z.ZodType<T>;
  /** Collections the batch transaction needs. */
  readonly collections: readonly CollectionName[];
  /** Writes one batch inside its transaction: de-duplicates against the store and within the batch. */
  writeBatch(tx: StorageScope, rows: readonly ValidRow<T>[], policy: DuplicatePolicy, map: ColumnMap): Promise<BatchOutcome>;
  /** Called after a batch commits (to keep caches that must not outlive a failed batch). */
  committed?(): void;
  /** Called when a batch fails, before it is retried. */
  rolledBack?(): void;
}

const optionsSchema = z
  .strictObject({
    mapping: z.record(z.string(), z.string().nullable()).optional(),
    onDuplicate: z.enum(['merge', 'skip', 'create']).optional(),
    // Every row starts from a structuredClone of the defaults: refuse what cannot be cloned now.
    defaults: z.record(z.string(), z.unknown()).refine(isCloneable, { message: 'Must hold plain data: no functions or symbols' }).optional(),
    batchSize: z.int().min(1).max(5000).optional(),
    onProgress: z.custom<(p: ImportProgress) => void>((v) => typeof v === 'function', { message: 'Must be a function' }).optional(),
    signal: z.custom<AbortSignal>((v) => typeof AbortSignal !== 'undefined' && v instanceof AbortSignal, { message: 'Must be an AbortSignal' }).optional(),
    maxErrors: z.int().min(0).optional(),
    delimiter: z.string().min(1).max(4).optional(),
  })
  .optional();

/** Whether `value` survives `structuredClone`. */
function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

const formulaGuard = /^'(?=[=+\-@\t\r])/;

/** Turns the cells of a row into the values the schema sees. */
function assemble<T>(spec: ImportSpec<T>, map: ColumnMap, cells: readonly string[], defaults: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = structuredClone(defaults);
  map.fields.forEach((field, index) => {
    const raw = cells[index];
    if (field === undefined || raw === undefined) return;
    // Undo the quote that exports put before cells that a spreadsheet would run as formulas.
    const cell = raw.trim().replace(formulaGuard, '');
    if (cell === '') return;
    if (spec.listFields.has(field)) {
      const items = cell.split(field === 'phones' ? /;/ : /[;,]/).map((s) => s.trim()).filter(Boolean);
      values[field] = [...((values[field] as unknown[] | undefined) ?? []), ...items];
    } else if (field.includes('.')) {
      const [group, key] = field.split('.', 2) as [string, string];
      values[group] = { ...(values[group] as object | undefined), [key]: cell };
    } else {
      values[field] = cell;
    }
  });
  return spec.prepare ? spec.prepare(values) : values;
}

/** Runs an import to the end and returns what it did. */
export async function runImport<T>(ctx: ServiceContext, spec: ImportSpec<T>, source: CsvSource, options: ImportOptions | undefined): Promise<ImportResult> {
  const opts = parseInput(optionsSchema, options, 'import options') ?? {};
  const batchSize = opts.batchSize ?? 500;
  const maxErrors = opts.maxErrors ?? 1000;
  const policy = opts.onDuplicate ?? 'merge';
  const progress = { rowsRead: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  const errors: RowError[] = [];
  const fail = (error: RowError) => {
    progress.failed++;
    if (errors.length < maxErrors) errors.push(error);
  };
  let map: ColumnMap | undefined;

  const flush = async (batch: ValidRow<T>[]) => {
    if (!batch.length) return;
    const outcome = await writeWithRetry(ctx, spec, batch, policy, map as ColumnMap);
    progress.created += outcome.created;
    progress.updated += outcome.updated;
    progress.skipped += outcome.skipped;
    outcome.errors.forEach(fail);
  };

  let batch: ValidRow<T>[] = [];
  for await (const chunk of readCsv(source, { ...(opts.delimiter ? { delimiter: opts.delimiter } : {}), ...(opts.signal ? { signal: opts.signal } : {}) })) {
    map ??= mapColumns(chunk.header, spec.synonyms, opts.mapping);
    for (const csvRow of chunk.rows) {
      progress.rowsRead++;
      const valid = validateRow(spec, map, csvRow, opts.defaults ?? {}, fail);
      if (valid) batch.push(valid);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
        opts.onProgress?.({ ...progress });
        opts.signal?.throwIfAborted();
      }
    }
  }
  await flush(batch);
  opts.onProgress?.({ ...progress });
  ctx.events.emit(spec.what === 'contacts' ? 'contacts.imported' : 'companies.imported', { ...progress });
  return { ...progress, errors, unmappedColumns: map?.unmapped ?? [] };
}

function validateRow<T>(spec: ImportSpec<T>, map: ColumnMap, csvRow: CsvRow, defaults: Record<string, unknown>, fail: (e: RowError) => void): ValidRow<T> | undefined {
  if (csvRow.error) {
    fail({ row: csvRow.row, message: csvRow.error });
    return undefined;
  }
  const values = assemble(spec, map, csvRow.cells, defaults);
  const extra: Record<string, string> = {};
  for (const field of spec.extraFields) {
    if (typeof values[field] === 'string') extra[field] = values[field] as string;
    delete values[field];
  }
  const result = spec.schema.safeParse(values);
  if (!result.success) {
    for (const issue of toIssues(result.error.issues)) {
      const field = issue.path.join('.');
      const column = map.columnOf(field);
      fail({ row: csvRow.row, ...(field ? { field } : {}), ...(column ? { column } : {}), message: issue.message });
    }
    return undefined;
  }
  return { row: csvRow.row, input: result.data, extra };
}

/**
 * Writes a batch in one transaction. A version conflict (someone edited a record meanwhile) is
 * retried with fresh reads; if it persists, or another error hits the batch, its rows are
 * reported as failed rather than half-written. Losing the store aborts the import.
 */
async function writeWithRetry<T>(ctx: ServiceContext, spec: ImportSpec<T>, batch: readonly ValidRow<T>[], policy: DuplicatePolicy, map: ColumnMap): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await ctx.storage.transaction(spec.collections, (tx) => spec.writeBatch(tx, batch, policy, map));
      spec.committed?.();
      return outcome;
    } catch (error) {
      spec.rolledBack?.();
      if (isRapportError(error, 'conflict') && attempt < 3) continue;
      if (isRapportError(error, 'unavailable') || isRapportError(error, 'quota') || isRapportError(error, 'unauthorized') || !isRapportError(error)) throw error;
      const message = `Not imported: ${(error as Error).message}`;
      return { created: 0, updated: 0, skipped: 0, errors: batch.map((r) => ({ row: r.row, message })) };
    }
  }
}
