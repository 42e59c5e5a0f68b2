/**
 * The long-lived responses (SSE streams) that are open, so that shutdown can end them: they never
 * finish on their own, and a server waiting for in-flight requests would wait for ever.
 */

/** Ends one open stream. */
export type EndStream = () => void;

/** The open streams of one server. */
export class StreamRegistry {
  readonly #open = new Set<EndStream>();
  #closed = false;

  /** Whether the server is shutting down: new streams are ended at once. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many streams are open. */
  get size(): number {
    return this.#open.size;
  }

  /** Registers a stream; returns the function that forgets it (call it when the stream ends). */
  add(end: EndStream): () => void {
    this.#open.add(end);
    return () => this.#open.delete(end);
  }

  /** Ends every open stream, and every stream opened from now on. */
  endAll(): void {
    this.#closed = true;
    for (const end of [...this.#open]) end();
    this.#open.clear();
  }
}
