import type { ImportProgress } from '../events/crm-events.js';
import type { Where } from '../storage/query.js';
import type { TextSource } from '../text-source.js';

/** CSV input: any {@link TextSource}. */
export type CsvSource = TextSource;

/** What to do with a CSV row whose email (or a company's domain) is already stored. */
export type DuplicatePolicy =
  /** Fill the stored record's empty fields and add to its lists (default). */
  | 'merge'
  /** Leave the stored record alone and count the row as skipped. */
  | 'skip'
  /** Create a new record anyway. */
  | 'create';

/** Options of a CSV import. */
export interface ImportOptions {
  /**
   * Which field each CSV column fills, by header (`{ 'E-mail': 'emails', 'Org': 'companyName' }`);
   * `null` ignores a column. Columns not listed are recognised by their header when possible.
   */
  mapping?: Readonly<Record<string, string | null>>;
  /** What to do with rows that match a stored record (default `merge`). */
  onDuplicate?: DuplicatePolicy;
  /** Values every imported record starts from, such as `{ ownerId, tags: ['import-2026'] }`. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Rows written per transaction (default 500, at most 5,000). */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import between batches; batches already written stay. */
  signal?: AbortSignal;
  /** How many row errors the result lists in full (default 1,000); all are counted. */
  maxErrors?: number;
  /** Field delimiter (default: detected from the data). */
  delimiter?: string;
}

/** One row that was not imported, and why. */
export interface RowError {
  /** The row as a spreadsheet numbers it: the header is row 1, the first record row 2. */
  readonly row: number;
  /** The field that was wrong (`emails.0`), when one was. */
  readonly field?: string;
  /** The CSV column that field came from. */
  readonly column?: string;
  readonly message: string;
}

/** What an import did. */
export interface ImportResult extends ImportProgress {
  /** The first `maxErrors` row errors. */
  readonly errors: readonly RowError[];
  /** Columns that filled no field. */
  readonly unmappedColumns: readonly string[];
}

/** Options of a CSV export. */
export interface ExportOptions {
  /** Which records (default: all that are not deleted). */
  where?: Where;
  /** Only records matching this text search. */
  search?: string;
  /** Also export soft-deleted records. */
  includeDeleted?: boolean;
  /** Custom fields to add as `customFields.<name>` columns. */
  customFields?: readonly string[];
  /** Records read per page (default 500). */
  batchSize?: number;
  /** Stops the export between pages. */
  signal?: AbortSignal;
}
