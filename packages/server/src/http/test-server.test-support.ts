/**
 * What the server's tests share: a real server on 127.0.0.1 (PGlite in memory unless told
 * otherwise) with one workspace and its key, a fetch that speaks to it, record fixtures, and a
 * reader of server-sent events.
 */
import { createServer, type RapportServer, type ServerOptions } from '../server.js';

/** A running test server with one workspace. */
export interface TestServer {
  readonly server: RapportServer;
  readonly url: string;
  readonly workspaceId: string;
  readonly key: string;
  /** Every request-log line so far. */
  readonly logs: Record<string, unknown>[];
  /** `fetch` on the server, authenticated with `key` unless `auth: false` or an `Authorization` header is given. */
  request(path: string, init?: RequestInit & { json?: unknown; auth?: boolean | string }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a server on a free port of 127.0.0.1, makes a workspace and an API key. */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const logs: Record<string, unknown>[] = [];
  const server = await createServer({ log: (line) => logs.push(line), ...options });
  const { url } = await server.listen(0, '127.0.0.1');
  const workspaceId = await server.admin.createWorkspace('Test');
  const key = await server.admin.createApiKey(workspaceId, 'test');
  return {
    server,
    url,
    workspaceId,
    key,
    logs,
    request(path, init = {}) {
      const { json, auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth !== false && !headers.has('authorization')) headers.set('Authorization', `Bearer ${typeof auth === 'string' ? auth : key}`);
      if (json !== undefined) {
        if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
        return fetch(`${url}${path}`, { ...rest, headers, body: JSON.stringify(json) });
      }
      return fetch(`${url}${path}`, { ...rest, headers });
    },
    close: () => server.close(),
  };
}

/** A UUID whose order follows `n`, as core's fixtures make them. */
export function id(n: number): string {
  return `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

const at = '2026-01-01T00:00:00.000Z';

/** A valid contact record body. */
export function contact(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: id(n), firstName: `First${n}`, emails: [], phones: [], lifecycleStage: 'lead', tags: [], consent: [], customFields: {}, createdAt: at, updatedAt: at, ...fields };
}

/** A valid company record body. */
export function company(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: id(n), name: `Company ${n}`, tags: [], customFields: {}, createdAt: at, updatedAt: at, ...fields };
}

/** A valid interaction record body. */
export function interaction(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: id(n), type: 'note', contactId: id(1), occurredAt: at, createdAt: at, updatedAt: at, ...fields };
}

/** The JSON body of a response, after checking its status. */
export async function jsonOf<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** How many records of `collection` the workspace holds, read straight from the database. */
export async function recordCount(server: TestServer, collection?: string): Promise<number> {
  const [row] = await server.server.sql.query<{ n: number }>(
    collection ? 'SELECT count(*)::int AS n FROM records WHERE collection = $1' : 'SELECT count(*)::int AS n FROM records',
    collection ? [collection] : [],
  );
  return row!.n;
}

/** One server-sent event. */
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** Reads server-sent events (and comments) from a streaming response. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';
  /** Comment lines seen (`: ping`), without the colon. */
  readonly comments: string[] = [];

  constructor(response: Response) {
    if (!response.body) throw new Error('The response has no body');
    this.#reader = response.body.getReader();
  }

  /** The next event, or `undefined` when the stream ended; rejects after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<SseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = this.#parse(block);
        if (event) return event;
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('No server-sent event in time');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        this.#reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('No server-sent event in time')), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) return undefined;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
    }
  }

  #parse(block: string): SseEvent | undefined {
    const event: SseEvent = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) event.event = line.slice(7);
      else if (line.startsWith('id: ')) event.id = line.slice(4);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0 && event.event === undefined) return undefined;
    event.data = data.join('\n');
    return event;
  }

  /** Stops reading; the server sees the client leave. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
  }
}
