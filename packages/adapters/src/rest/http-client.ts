/**
 * The REST adapter's one way to talk to the server: ky with the base URL, credentials asked for
 * on every request, a timeout per attempt, the adapter's own retry rules around it, and every
 * failure turned into a Rapport error. ky's own retries and HTTP errors are switched off, so that
 * exactly one place decides what is retried (retry.ts) and what an answer means (error-mapping.ts).
 */
import ky, { type KyInstance } from 'ky';
import { UnauthorizedError, UnavailableError, ValidationError } from '@rapport/core';
import { errorFromFailure, errorFromResponse, type RequestContext } from './error-mapping.js';
import { isRepeatable, retryPolicy, withRetry, type RetryOption, type RetryPolicy } from './retry.js';

/** How to reach the server and how hard to try. */
export interface HttpClientOptions {
  /** The server's address, such as `https://crm.example.com`; requests go to `<baseUrl>/v1/…`. */
  baseUrl: string;
  /** A private API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string | undefined;
  /** Gives the bearer token for each request (called every time, so it may refresh one); wins over `apiKey`. */
  getToken?: (() => string | Promise<string>) | undefined;
  /** Another `fetch`, such as one that adds tracing. */
  fetch?: typeof fetch | undefined;
  /** How long one attempt may wait for the server's answer, in ms (default 10,000). */
  timeout?: number | undefined;
  /** Retry limit, or the retry settings (see retry.ts). */
  retry?: RetryOption | undefined;
}

/** One request, as the adapter describes it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path under `/v1/`, without a leading slash, each segment already encoded: `contacts/42`. */
  readonly path: string;
  /** A JSON body. */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** The collection and record the request is about, for errors that name them. */
  readonly collection?: string | undefined;
  readonly id?: string | undefined;
}

/** A successful answer: its status, headers and parsed JSON body (`undefined` when empty). */
export interface HttpResult<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** What the adapter, the change stream and the conformance CLI use to reach the server. */
export interface HttpClient {
  /** Sends `request`, retrying where that is safe; resolves a 2xx answer, rejects with a Rapport error. */
  request<T>(request: HttpRequest): Promise<HttpResult<T>>;
  /** The absolute URL of a path under `/v1/`. */
  url(path: string): string;
  /** The `Authorization` header for a request, asked for afresh. */
  authorization(): Promise<Record<string, string>>;
  /** The `fetch` the client sends with, for the change stream's long-lived request. */
  readonly fetch: typeof fetch;
  /** How long an attempt may wait for an answer, in ms. */
  readonly timeout: number;
  readonly retry: RetryPolicy;
}

/** The default time an attempt may wait for the server. */
export const defaultTimeoutMs = 10_000;

/** `<baseUrl>/v1/`, accepting a base URL given with or without the trailing `/v1`. */
function apiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new ValidationError('Invalid REST adapter options', [{ path: ['baseUrl'], message: 'Must be an absolute http(s) URL' }], { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError('Invalid REST adapter options', [{ path: ['baseUrl'], message: 'Must be an http or https URL' }]);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ValidationError('Invalid REST adapter options', [{ path: ['baseUrl'], message: 'Must hold no query, fragment or credentials: pass the key as apiKey' }]);
  }
  const root = url.href.replace(/\/+$/, '');
  return root.endsWith('/v1') ? `${root}/` : `${root}/v1/`;
}

/**
 * A client for the Rapport REST API at `options.baseUrl`.
 *
 * @example
 * const client = httpClient({ baseUrl: 'https://crm.example.com', apiKey });
 * const { body } = await client.request<{ count: number }>({ method: 'POST', path: 'contacts/count', json: {} });
 */
export function httpClient(options: HttpClientOptions): HttpClient {
  const prefixUrl = apiRoot(options.baseUrl);
  const timeout = options.timeout ?? defaultTimeoutMs;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new ValidationError('Invalid REST adapter options', [{ path: ['timeout'], message: 'Must be a positive number of milliseconds' }]);
  }
  const policy = retryPolicy(options.retry);
  const given = options.fetch;
  // A browser's fetch throws "Illegal invocation" when called detached from window.
  const send: typeof fetch = given ? (input, init) => given(input, init) : (input, init) => globalThis.fetch(input, init);
  const api: KyInstance = ky.create({ prefixUrl, timeout, retry: 0, throwHttpErrors: false, fetch: send, cache: 'no-store', headers: { accept: 'application/json' } });

  const authorization = async (): Promise<Record<string, string>> => {
    let token = options.apiKey;
    if (options.getToken) {
      try {
        token = await options.getToken();
      } catch (error) {
        throw new UnauthorizedError('The REST adapter could not get a token: getToken() failed', { cause: error });
      }
    }
    return token ? { authorization: `Bearer ${token}` } : {};
  };

  return {
    fetch: send,
    timeout,
    retry: policy,
    url: (path) => prefixUrl + path,
    authorization,
    async request<T>(request: HttpRequest): Promise<HttpResult<T>> {
      const { method, path, json, signal } = request;
      const context: RequestContext = { method, path: `/v1/${path}`, collection: request.collection, id: request.id };
      const hasKey = Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key');
      let response: Response;
      try {
        response = await withRetry(
          async () => api(path, { method, ...(json !== undefined ? { json } : {}), headers: { ...request.headers, ...(await authorization()) }, ...(signal ? { signal } : {}) }),
          { policy, repeatable: isRepeatable(method, path, hasKey), signal, isNetworkError: (error) => error instanceof TypeError },
        );
      } catch (error) {
        throw errorFromFailure(error, context, timeout);
      }
      try {
        if (!response.ok) throw await errorFromResponse(response, context);
        return { status: response.status, headers: response.headers, body: (await readJson(response, context)) as T };
      } catch (error) {
        // An abort while the body streams in surfaces as the stream's own AbortError.
        throw signal?.aborted ? signal.reason : error;
      }
    },
  };
}

/** The JSON body of a success, `undefined` when there is none. */
async function readJson(response: Response, context: RequestContext): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnavailableError(`The server's answer is not JSON: ${context.method} ${context.path}`, { cause: error });
  }
}
