/**
 * Reading NDJSON (JSON Lines) a bounded piece at a time: any text or byte source becomes text
 * pieces, and {@link LineSplitter} cuts them into lines. Only one piece and the line being
 * completed are held, however large the input.
 */
import { ValidationError, textPieces, type TextSource } from '@rapport/core';

/** How much text is handed on at a time. */
export const textPieceSize = 64 * 1024;

/**
 * The longest line accepted, in UTF-16 code units. A stored record is bounded by its schema
 * (100 custom fields of 10,000 characters is the largest part); this leaves room for JSON escapes
 * while refusing a file without line breaks before it fills memory.
 */
export const maxLineLength = 16 * 1024 * 1024;

/** Cuts text pieces into lines (`\n` or `\r\n`), carrying an unfinished line over to the next piece. */
export class LineSplitter {
  // The unfinished line in parts: joining on every piece would copy a long line over and over.
  private parts: string[] = [];
  private partsLength = 0;

  constructor(private readonly maxLength = maxLineLength) {}

  /** The lines `piece` completes. */
  push(piece: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = piece.indexOf('\n'); end !== -1; end = piece.indexOf('\n', start)) {
      this.take(piece.slice(start, end));
      lines.push(this.finish());
      start = end + 1;
    }
    if (start < piece.length) this.take(piece.slice(start));
    return lines;
  }

  /** The last line, when the text does not end with a line break. */
  end(): string | undefined {
    return this.parts.length ? this.finish() : undefined;
  }

  private take(part: string): void {
    this.partsLength += part.length;
    if (this.partsLength > this.maxLength) {
      throw new ValidationError('Invalid NDJSON', [{ path: ['source'], message: `A line is longer than ${this.maxLength} characters: this is not line-delimited JSON` }]);
    }
    this.parts.push(part);
  }

  private finish(): string {
    const line = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}

/** One line of the source, numbered from 1 as an editor shows it. */
export interface Line {
  readonly number: number;
  readonly text: string;
}

/**
 * The source's lines, numbered; blank lines are counted but not yielded.
 *
 * @example
 * for await (const { number, text } of readLines(file)) console.log(number, JSON.parse(text));
 */
export async function* readLines(source: TextSource, signal?: AbortSignal): AsyncGenerator<Line> {
  const splitter = new LineSplitter();
  let number = 0;
  for await (const piece of textPieces(source, textPieceSize)) {
    signal?.throwIfAborted();
    for (const text of splitter.push(piece)) {
      number++;
      if (text.trim()) yield { number, text };
    }
  }
  const last = splitter.end();
  number++;
  if (last?.trim()) yield { number, text: last };
}
