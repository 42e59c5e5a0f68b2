/**
 * The change feed over HTTP: `GET /v1/changes` pages through committed changes by cursor, and
 * `GET /v1/changes/stream` pushes each committed transaction as a server-sent event, resumable
 * with `Last-Event-ID`. Cursors are the decimal `seq` of the last change seen.
 */
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { ValidationError, type ValidationIssue } from '@rapport/core';
import { headCursor, readChanges, type ChangeBatch } from '../store/index.js';
import type { AppDeps, AppEnv } from './app-env.js';

/** The most changes one page holds. */
export const maxChangesLimit = 1000;

/** Changes per page when the caller does not say. */
export const defaultChangesLimit = 100;

/** How often an open stream sends a keep-alive comment, so proxies do not time it out. */
export const ssePingMs = 15_000;

const cursorPattern = /^\d{1,19}$/;

/** A cursor from the query string or `Last-Event-ID`, checked; `undefined` when absent. */
function cursorOf(value: string | undefined, path: string, issues: ValidationIssue[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'now' || cursorPattern.test(value)) return value;
  issues.push({ path: [path], message: 'Must be a cursor from an earlier answer, or now', code: 'invalid_format' });
  return undefined;
}

/** The query string of a changes request: only `since` and `limit` (the page route) are known. */
function changesQuery(url: string, allowed: readonly string[]): { since?: string; limit?: number; issues: ValidationIssue[] } {
  const params = new URL(url).searchParams;
  const issues: ValidationIssue[] = [...new Set(params.keys())].filter((name) => !allowed.includes(name)).map((name) => ({ path: [name], message: 'Unknown query parameter', code: 'unknown_field' }));
  const since = cursorOf(params.get('since') ?? undefined, 'since', issues);
  const limitText = params.get('limit');
  let limit: number | undefined;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!/^\d{1,4}$/.test(limitText) || limit < 1 || limit > maxChangesLimit) issues.push({ path: ['limit'], message: `Must be an integer from 1 to ${maxChangesLimit}`, code: 'too_big' });
  }
  return { ...(since !== undefined ? { since } : {}), ...(limit !== undefined ? { limit } : {}), issues };
}

/**
 * The change feed routes.
 *
 * @example
 * app.route('/', changesRoutes(deps));
 */
export function changesRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/v1/changes', async (c) => {
    const { since, limit, issues } = changesQuery(c.req.url, ['since', 'limit']);
    if (issues.length) throw new ValidationError('Invalid changes query', issues);
    const workspaceId = c.get('workspaceId');
    if (since === 'now') return c.json({ changes: [], cursor: await headCursor(deps.sql, workspaceId) });
    return c.json(await readChanges(deps.sql, workspaceId, since, limit ?? defaultChangesLimit));
  });

  routes.get('/v1/changes/stream', async (c) => {
    const query = changesQuery(c.req.url, ['since']);
    const lastEventId = cursorOf(c.req.header('last-event-id'), 'Last-Event-ID', query.issues);
    if (query.issues.length) throw new ValidationError('Invalid changes stream request', query.issues);
    // Last-Event-ID is what a reconnecting EventSource sends: it wins over the URL's `since`.
    const resumeFrom = lastEventId ?? query.since;
    const since = resumeFrom === 'now' ? undefined : resumeFrom;
    const workspaceId = c.get('workspaceId');
    // Subscribed before the response starts, so that a failure is still an ordinary problem response.
    const pending: ChangeBatch[] = [];
    const feed: { deliver: (batch: ChangeBatch) => void } = { deliver: (batch) => pending.push(batch) };
    const subscription = await deps.feed.subscribe(workspaceId, since, (batch) => feed.deliver(batch));
    return streamSSE(c, (stream) => runStream(stream, deps, { cursor: subscription.cursor, unsubscribe: () => subscription.unsubscribe(), pending, feed }));
  });

  return routes;
}

/** A subscription to the change feed, with the batches that came before the stream started. */
interface StreamSubscription {
  cursor: string;
  unsubscribe(): void;
  pending: ChangeBatch[];
  feed: { deliver: (batch: ChangeBatch) => void };
}

/** Feeds one open stream until the client leaves or the server shuts down. */
async function runStream(stream: SSEStreamingApi, deps: AppDeps, subscription: StreamSubscription): Promise<void> {
  // Writes are chained so events leave in commit order, whatever the listener's timing.
  let writing = Promise.resolve();
  const send = (message: { event?: string; id?: string; data: string } | string) => {
    writing = writing.then(() => (typeof message === 'string' ? stream.write(message).then(() => undefined) : stream.writeSSE(message))).catch(() => undefined);
  };
  const sendBatch = (batch: ChangeBatch) => send({ id: batch.cursor, event: 'changes', data: JSON.stringify({ changes: batch.changes }) });

  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const forget = deps.streams.add(ended);
  stream.onAbort(ended);
  if (deps.streams.closed) ended();
  const ping = setInterval(() => send(': ping\n\n'), deps.ssePingMs ?? ssePingMs);
  try {
    // `ready` first, then what arrived while the response was starting, then live batches.
    send({ event: 'ready', data: JSON.stringify({ cursor: subscription.cursor }) });
    for (const batch of subscription.pending.splice(0)) sendBatch(batch);
    subscription.feed.deliver = sendBatch;
    await done;
  } finally {
    clearInterval(ping);
    subscription.unsubscribe();
    forget();
    await writing;
  }
}
