/**
 * A parser for `text/event-stream`, as the HTML standard defines it, for reading the change feed
 * over `fetch`: `EventSource` cannot send an `Authorization` header. Text arrives in chunks that
 * may split a line (or a CRLF pair) anywhere; events come out whole.
 */

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, `message` when there was none. */
  readonly event: string;
  /** The `data:` lines, joined with `\n`. */
  readonly data: string;
  /** The last `id:` seen so far in the stream (ids persist across events), `''` when none. */
  readonly lastEventId: string;
}

/**
 * Parses an event stream pushed to it in chunks of text.
 *
 * @example
 * const parser = new SseParser();
 * for (const event of parser.push('event: ready\ndata: {"cursor":"7"}\n\n')) console.log(event.event, event.data);
 */
export class SseParser {
  /** The id of the last event that set one; the `Last-Event-ID` to resume from. */
  lastEventId = '';
  /** The reconnection time the server last asked for with `retry:`, in ms. */
  retryMs: number | undefined;
  private buffer = '';
  private started = false;
  /** The previous chunk ended in CR: an LF at the start of this one belongs to it. */
  private pendingCr = false;
  private eventType = '';
  private data: string[] = [];

  /** Takes the next chunk of text and returns the events it completed. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (ch === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else this.pendingCr = true;
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Handles one line; returns the event a blank line dispatches. */
  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // a comment, such as the server's `: ping`
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default: // unknown fields are ignored
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const { eventType, data } = this;
    this.eventType = '';
    this.data = [];
    // A block without data dispatches nothing (its id still counts).
    if (data.length === 0) return undefined;
    return { event: eventType || 'message', data: data.join('\n'), lastEventId: this.lastEventId };
  }
}
