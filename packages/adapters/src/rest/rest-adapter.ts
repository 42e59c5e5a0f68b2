import {
  UnavailableError,
  ValidationError,
  collectionNames,
  isCollectionName,
  isRapportError,
  reportNames,
  type ChangeListener,
  type CollectionName,
  type ReadOptions,
  type ReportName,
  type ReportParamsOutput,
  type ReportResultMap,
  type StorageAdapter,
  type StorageScope,
  type Unsubscribe,
} from '@rapport/core';
import { sendBatch } from './batch.js';
import { ChangeStream } from './change-stream.js';
import { httpClient, type HttpClient } from './http-client.js';
import { RestCollection, type RestContext } from './rest-collection.js';
import { TransactionOverlay } from './transaction-overlay.js';

/** What `restAdapter` takes. */
export interface RestAdapterOptions {
  /** The server's address, such as `https://crm.example.com`; requests go to `<baseUrl>/v1/…`. */
  baseUrl: string;
  /** A private API key (`rk_…`), sent as `Authorization: Bearer <key>`. Keep it out of public pages. */
  apiKey?: string;
  /** Gives the bearer token for each request (called every time, so it may refresh one); wins over `apiKey`. */
  getToken?: () => string | Promise<string>;
  /** Another `fetch`, such as one that adds tracing. */
  fetch?: typeof fetch;
  /** How long one attempt may wait for the server's answer, in ms (default 10,000); then `unavailable`. */
  timeout?: number;
  /** How many times to retry what is safe to retry (default 3), or `{ limit, baseDelayMs, maxDelayMs }`. */
  retry?: number | { limit?: number; baseDelayMs?: number; maxDelayMs?: number };
}

/**
 * A {@link StorageAdapter} that keeps the workspace on a Rapport server (or any backend that
 * implements the REST contract), with ky: each port call is an HTTP request, transactions are
 * optimistic and commit as one batch, the change feed arrives over server-sent events, and
 * reports are computed by the server. Works in browsers and in Node.
 *
 * @example
 * import { createCrm } from '@rapport/core';
 * import { restAdapter } from '@rapport/adapters/rest';
 * const crm = createCrm({ storage: restAdapter({ baseUrl: 'https://crm.example.com', getToken: () => session.token() }) });
 */
export function restAdapter(options: RestAdapterOptions): StorageAdapter {
  if (typeof options !== 'object' || options === null || typeof options.baseUrl !== 'string') {
    throw new ValidationError('Invalid REST adapter options', [{ path: ['baseUrl'], message: 'Must be the server URL' }]);
  }
  const client: HttpClient = httpClient(options);
  const stream = new ChangeStream(client, { readyWaitMs: Math.min(client.timeout, 5000) });
  let closed = false;

  const context: RestContext = {
    client,
    checkOpen() {
      if (closed) throw new UnavailableError('The REST adapter was closed: make a new one');
    },
    // The stream starts at the server's head once it is ready: a write sent before then could
    // commit before the server listens, and its change would never reach the new listener.
    beforeWrite: () => stream.settled(),
  };

  const collections = new Map<CollectionName, RestCollection<CollectionName>>();
  const collectionOf = <N extends CollectionName>(name: N): RestCollection<N> => {
    let found = collections.get(name);
    if (!found) collections.set(name, (found = new RestCollection(name, context)));
    return found as unknown as RestCollection<N>;
  };

  const checkName = (name: unknown): CollectionName => {
    if (!isCollectionName(name)) {
      const shown = typeof name === 'string' ? name : `(a ${typeof name})`;
      throw new ValidationError('Invalid collection', [{ path: ['collection'], message: `Unknown collection: ${shown} (one of ${collectionNames.join(', ')})` }]);
    }
    return name;
  };

  return {
    name: 'rest',
    collection(name) {
      return collectionOf(checkName(name)) as never;
    },
    async transaction<T>(names: readonly CollectionName[], fn: (scope: StorageScope) => Promise<T>): Promise<T> {
      context.checkOpen();
      if (!Array.isArray(names) || typeof fn !== 'function') {
        throw new ValidationError('Invalid transaction', [
          { path: [Array.isArray(names) ? 'fn' : 'names'], message: Array.isArray(names) ? 'Must be a function' : 'Must be a list of collection names' },
        ]);
      }
      for (const name of names) checkName(name);
      const overlay = new TransactionOverlay([...new Set(names)], collectionOf);
      let result: T;
      try {
        result = await fn(overlay.scope());
      } finally {
        overlay.end();
      }
      if (overlay.ops.length > 0) {
        context.checkOpen();
        await context.beforeWrite();
        await sendBatch(client, overlay.ops);
      }
      return result;
    },
    changes(listener: ChangeListener): Unsubscribe {
      context.checkOpen();
      if (typeof listener !== 'function') throw new ValidationError('Invalid listener', [{ path: ['listener'], message: 'Must be a function' }]);
      return stream.subscribe(listener);
    },
    async computeReport<N extends ReportName>(name: N, params: ReportParamsOutput[N], readOptions?: ReadOptions): Promise<ReportResultMap[N] | undefined> {
      context.checkOpen();
      readOptions?.signal?.throwIfAborted();
      if (!reportNames.includes(name)) return undefined;
      try {
        const { body } = await client.request<ReportResultMap[N]>({
          method: 'POST',
          path: `reports/${encodeURIComponent(name)}`,
          json: params ?? {},
          ...(readOptions?.signal ? { signal: readOptions.signal } : {}),
        });
        return body;
      } catch (error) {
        // A backend without this report declines it, and crm.reports computes it locally.
        if (isRapportError(error, 'not_found')) return undefined;
        throw error;
      }
    },
    async close() {
      closed = true;
      stream.close();
    },
  };
}
