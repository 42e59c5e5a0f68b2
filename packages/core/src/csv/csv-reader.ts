/**
 * Streams CSV rows out of any {@link CsvSource} with papaparse, a bounded piece at a time: the
 * parser is fed one piece of text, the rows it completes are handed on, and only then is the next
 * piece read. So no more than one piece's rows are ever held, however large the input.
 */
import Papa from 'papaparse';
import { ValidationError } from '../errors.js';
import { textPieces } from '../text-source.js';
import type { CsvSource } from './csv-types.js';

/** One parsed record row. */
export interface CsvRow {
  /** Spreadsheet numbering: the header is row 1. */
  readonly row: number;
  readonly cells: readonly string[];
  /** Set when the row is malformed (an unclosed quote, more cells than the header). */
  readonly error?: string;
}

/** The rows parsed from one piece of input, with the header they belong to. */
export interface CsvChunk {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** How much text is parsed at a time. */
export const csvPieceSize = 64 * 1024;

/**
 * A minimal object shaped like a Node.js readable stream, which papaparse's stream parser accepts.
 * `push` hands it one piece; papaparse parses that piece synchronously and calls back with the rows.
 */
class PieceFeed {
  readonly readable = true;
  private readonly listeners = new Map<string, (data?: string) => void>();
  read(): void {}
  pause(): void {}
  resume(): void {}
  on(event: string, listener: (data?: string) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  removeListener(event: string): this {
    this.listeners.delete(event);
    return this;
  }
  push(piece: string): void {
    this.listeners.get('data')?.(piece);
  }
  end(): void {
    this.listeners.get('end')?.();
  }
}

/**
 * The CSV's rows, in chunks; the first non-blank row is the header. Blank rows are skipped.
 *
 * @example
 * for await (const { header, rows } of readCsv(file)) console.log(header, rows.length);
 */
export async function* readCsv(source: CsvSource, options: { delimiter?: string; signal?: AbortSignal } = {}): AsyncGenerator<CsvChunk> {
  const feed = new PieceFeed();
  let header: string[] | undefined;
  let rowNumber = 0;
  let pending: CsvRow[] = [];
  let failure: unknown;

  // papaparse's types name Node's stream type; the feed has the members it uses.
  Papa.parse(feed as never, {
    header: false,
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    chunk(results: Papa.ParseResult<string[]>) {
      const errors = new Map<number, string>();
      for (const e of results.errors) if (e.row !== undefined && e.code !== 'TooFewFields') errors.set(e.row, e.message);
      results.data.forEach((cells, index) => {
        rowNumber++;
        // Blank rows are skipped but still counted, so row numbers match the spreadsheet's.
        if (cells.every((cell) => cell.trim() === '')) return;
        if (!header) {
          header = cells.map((cell) => cell.trim());
          return;
        }
        const error = errors.get(index) ?? (cells.length > header.length ? `Row has ${cells.length} cells but the header has ${header.length}` : undefined);
        pending.push(error ? { row: rowNumber, cells, error } : { row: rowNumber, cells });
      });
    },
    error(error: unknown) {
      failure = error;
    },
  } as never);

  for await (const piece of textPieces(source, csvPieceSize)) {
    options.signal?.throwIfAborted();
    feed.push(piece);
    if (failure) throw failure;
    if (header && pending.length) {
      const rows = pending;
      pending = [];
      yield { header, rows };
    }
  }
  feed.end();
  if (failure) throw failure;
  if (header && pending.length) yield { header, rows: pending };
  if (!header) throw new ValidationError('Invalid CSV', [{ path: ['source'], message: 'The CSV is empty: it needs a header row' }]);
}
