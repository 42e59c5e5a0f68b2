/**
 * The REST adapter's live change feed: one `GET /v1/changes/stream` (server-sent events, read over
 * `fetch` so it can carry the `Authorization` header) shared by every listener of one adapter. It
 * opens with the first listener and closes with the last; when the connection drops it reconnects
 * with `Last-Event-ID`, so no committed transaction is missed or delivered twice.
 */
import { isRapportError, reportListenerError, UnavailableError, type Change, type ChangeListener, type Unsubscribe } from '@rapport/core';
import { errorFromFailure, errorFromResponse, type RequestContext } from './error-mapping.js';
import type { HttpClient } from './http-client.js';
import { backoffDelay, sleep, type RetryPolicy } from './retry.js';
import { SseParser, type SseEvent } from './sse-parser.js';

/** How the stream behaves; the defaults suit a server that pings every 15 s. */
export interface ChangeStreamOptions {
  /** How long a write waits for a newly opened stream to be ready (default 5,000 ms). */
  readyWaitMs?: number;
  /** Reconnection backoff (default: 250 ms doubling up to 15 s, with full jitter). */
  reconnect?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  /** A connection silent for this long is taken as dead and replaced (default 45,000 ms: three missed pings). */
  idleTimeoutMs?: number;
}

/** One opening of the stream, from the first listener to the last. */
interface Connection {
  readonly controller: AbortController;
  readonly ready: Promise<void>;
  markReady(): void;
  isReady: boolean;
  /** Set once a failure that will not fix itself (such as a revoked key) has been reported. */
  reported: boolean;
  /** Where the next connection resumes: the last event id, or the head reported by `ready`. */
  cursor: string | undefined;
}

const streamPath = 'changes/stream';

/**
 * The shared change stream of one REST adapter.
 *
 * @example
 * const stream = new ChangeStream(client);
 * const stop = stream.subscribe((changes) => console.log(changes.length));
 * await stream.settled(); // writes made now are seen by the listener
 */
export class ChangeStream {
  private readonly entries = new Set<{ readonly listener: ChangeListener }>();
  private connection: Connection | undefined;
  private readonly readyWaitMs: number;
  private readonly reconnect: RetryPolicy;
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly client: HttpClient,
    options: ChangeStreamOptions = {},
  ) {
    this.readyWaitMs = options.readyWaitMs ?? 5000;
    this.reconnect = { limit: Infinity, baseDelayMs: 250, maxDelayMs: 15_000, ...options.reconnect };
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  }

  /** Whether a connection is open (or being opened) for at least one listener. */
  get active(): boolean {
    return this.connection !== undefined;
  }

  /** Adds a listener; the first one opens the stream. */
  subscribe(listener: ChangeListener): Unsubscribe {
    const entry = { listener };
    this.entries.add(entry);
    if (!this.connection) this.open();
    return () => {
      if (!this.entries.delete(entry)) return;
      if (this.entries.size === 0) this.stop();
    };
  }

  /**
   * Resolves once the stream opened by the first listener has said `ready` (the server then
   * reports every later commit), or after `readyWaitMs` if it cannot: a write made after that is
   * seen by the listeners. Resolves at once when no stream is open or it is ready.
   */
  async settled(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isReady) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([connection.ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.readyWaitMs)))]);
    clearTimeout(timer);
  }

  /** Drops every listener and closes the connection. */
  close(): void {
    this.entries.clear();
    this.stop();
  }

  private open(): void {
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const connection: Connection = {
      controller: new AbortController(),
      ready,
      isReady: false,
      reported: false,
      // A new opening starts at the server's head: a later listener does not want old changes.
      cursor: undefined,
      markReady() {
        connection.isReady = true;
        markReady();
      },
    };
    this.connection = connection;
    void this.run(connection);
  }

  private stop(): void {
    this.connection?.controller.abort();
    this.connection = undefined;
  }

  /** Connects, reads until the connection ends, and reconnects with backoff until stopped. */
  private async run(connection: Connection): Promise<void> {
    const { signal } = connection.controller;
    let failures = 0;
    let serverRetryMs: number | undefined;
    while (!signal.aborted) {
      const parser = new SseParser();
      let gotReady = false;
      try {
        await this.connect(connection, parser, () => (gotReady = true));
      } catch (error) {
        if (signal.aborted) return;
        this.report(connection, error);
      }
      if (signal.aborted) return;
      serverRetryMs = parser.retryMs ?? serverRetryMs;
      failures = gotReady ? 0 : failures + 1;
      const wait = Math.max(serverRetryMs ?? 0, backoffDelay(failures, this.reconnect));
      await sleep(wait, signal).catch(() => undefined);
    }
  }

  /** One connection: resolves when the server ends it, rejects when it fails. */
  private async connect(connection: Connection, parser: SseParser, onReady: () => void): Promise<void> {
    const attempt = new AbortController();
    const stopAttempt = () => attempt.abort();
    connection.controller.signal.addEventListener('abort', stopAttempt, { once: true });
    const context: RequestContext = { method: 'GET', path: `/v1/${streamPath}` };
    let idle: ReturnType<typeof setTimeout> | undefined;
    const watchIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(stopAttempt, this.idleTimeoutMs);
    };
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...(await this.client.authorization()) };
      if (connection.cursor !== undefined) headers['last-event-id'] = connection.cursor;
      // Until the headers arrive, the request timeout applies; afterwards, the idle timeout.
      const connectTimer = setTimeout(stopAttempt, this.client.timeout);
      let response: Response;
      try {
        response = await this.client.fetch(this.client.url(streamPath), { headers, signal: attempt.signal, cache: 'no-store' });
      } catch (error) {
        throw errorFromFailure(error, context, this.client.timeout);
      } finally {
        clearTimeout(connectTimer);
      }
      if (!response.ok) throw await errorFromResponse(response, context);
      if (!response.body) throw new UnavailableError(`The change stream answered without a body: ${context.method} ${context.path}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        watchIdle();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          watchIdle();
          for (const event of parser.push(value)) {
            if (connection.controller.signal.aborted) return;
            this.handle(connection, event);
            if (event.event === 'ready') {
              onReady();
              connection.markReady();
            }
          }
        }
      } finally {
        void reader.cancel().catch(() => undefined);
      }
    } finally {
      clearTimeout(idle);
      connection.controller.signal.removeEventListener('abort', stopAttempt);
      attempt.abort();
    }
  }

  /** Acts on one event: remembers where to resume, and delivers changes. */
  private handle(connection: Connection, event: SseEvent): void {
    if (event.event === 'ready') {
      // On a resume the backlog after our cursor is still to come: keep the cursor we have.
      const cursor = parseJson<{ cursor?: unknown }>(event.data)?.cursor;
      if (connection.cursor === undefined && typeof cursor === 'string') connection.cursor = cursor;
    } else if (event.event === 'changes') {
      const changes = parseJson<{ changes?: unknown }>(event.data)?.changes;
      if (Array.isArray(changes) && changes.length > 0) this.deliver(changes.map(withoutSeq));
      if (event.lastEventId) connection.cursor = event.lastEventId;
    }
  }

  private deliver(changes: readonly Change[]): void {
    for (const { listener } of [...this.entries]) {
      try {
        listener(changes);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  /**
   * Network trouble and server hiccups are retried quietly; a refusal that retrying will not fix
   * (a revoked key, a forbidden origin) is reported once, the way a listener's error is.
   */
  private report(connection: Connection, error: unknown): void {
    if (connection.reported || isRapportError(error, 'unavailable') || isRapportError(error, 'rate_limited')) return;
    if (!isRapportError(error)) return; // an aborted read after an idle timeout, a reset connection
    connection.reported = true;
    reportListenerError(error);
  }
}

/** A change as the port reports it: the feed's `seq` is the stream's business only. */
function withoutSeq(change: unknown): Change {
  const { seq: _seq, ...rest } = change as Change & { seq?: unknown };
  return rest as Change;
}

function parseJson<T>(data: string): T | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
