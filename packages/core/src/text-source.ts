/**
 * Reading text from what a user or a server hands over: a string, a Blob or File, a web
 * ReadableStream (a fetch body), or any (async) iterable of text or bytes (a Node file stream),
 * a bounded piece at a time. CSV imports and backups read their input through it.
 */
import { ValidationError } from './errors.js';

/**
 * Text input: the text itself, a `Blob` or `File`, a web `ReadableStream`, or any (async)
 * iterable of text or bytes, such as a Node.js file stream. Bytes are read as UTF-8.
 */
export type TextSource =
  | string
  | Blob
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Iterable<string>;

/** Whether `source` is one of the kinds a {@link TextSource} may be. */
export function isTextSource(source: unknown): source is TextSource {
  if (typeof source === 'string') return true;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return true;
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return true;
  return typeof source === 'object' && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source);
}

/**
 * The source as pieces of at most `pieceSize` characters, decoded as UTF-8 where it is bytes
 * (a character split between two chunks is kept whole); a leading byte-order mark is dropped.
 * A source that is none of the {@link TextSource} kinds is a ValidationError at `source`.
 */
export async function* textPieces(source: TextSource, pieceSize: number): AsyncGenerator<string> {
  let first = true;
  const out = (text: string) => {
    if (!first || !text) return text;
    first = false;
    return text.replace(/^\uFEFF/, '');
  };
  if (typeof source === 'string') {
    for (let i = 0; i < source.length; i += pieceSize) yield out(source.slice(i, i + pieceSize));
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for await (const part of parts(source)) {
    if (typeof part !== 'string' && !ArrayBuffer.isView(part)) {
      throw new ValidationError('Invalid source', [{ path: ['source'], message: 'An iterable source must yield text or bytes' }]);
    }
    const text = typeof part === 'string' ? part : decoder.decode(part, { stream: true });
    for (let i = 0; i < text.length; i += pieceSize) yield out(text.slice(i, i + pieceSize));
  }
  const rest = decoder.decode();
  if (rest) yield out(rest);
}

function parts(source: Exclude<TextSource, string>): AsyncIterable<Uint8Array | string> | Iterable<string> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return readStream(source.stream());
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return readStream(source);
  if (isTextSource(source)) return source as AsyncIterable<Uint8Array | string>;
  throw new ValidationError('Invalid source', [
    { path: ['source'], message: 'Must be text, a Blob or File, a ReadableStream, or an iterable of text or bytes' },
  ]);
}

/** Reads a web stream with a reader (async iteration of streams is not in every browser yet). */
async function* readStream<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (a bad row, an abort) cancels the rest instead of reading it for nothing.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
