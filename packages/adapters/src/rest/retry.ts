/**
 * When and how long the REST adapter waits before sending a request again. Only requests that are
 * safe to repeat are retried, and only for failures that say "try again": no answer at all, 429,
 * 502, 503 and 504. A request the server refused for what it is (any other 4xx) is never retried.
 */

/** The retry settings a client runs with, every one filled in. */
export interface RetryPolicy {
  /** How many times a request is sent again after the first attempt. */
  readonly limit: number;
  /** The first backoff ceiling; each retry doubles it. */
  readonly baseDelayMs: number;
  /** The longest wait: caps the backoff, and a longer `Retry-After` is not waited for at all. */
  readonly maxDelayMs: number;
}

/** What `RestAdapterOptions.retry` takes: a retry limit, or the settings one by one. */
export type RetryOption = number | { limit?: number; baseDelayMs?: number; maxDelayMs?: number };

/** The defaults: three retries, waits of up to 0.3, 0.6 and 1.2 s, nothing over 30 s. */
export const defaultRetryPolicy: RetryPolicy = { limit: 3, baseDelayMs: 300, maxDelayMs: 30_000 };

/** The statuses that mean "the server could not take this now", as opposed to "this is wrong". */
const retryableStatuses = new Set([429, 502, 503, 504]);

/** POSTs that only read: repeating them changes nothing. Paths are relative to `/v1/`. */
const readOnlyPost = /^(?:[a-z]+\/(?:get|query|count)|reports\/[^/]+)$/;

/** The retry settings `option` asks for, over the defaults. */
export function retryPolicy(option: RetryOption | undefined): RetryPolicy {
  const given = typeof option === 'number' ? { limit: option } : (option ?? {});
  const whole = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback);
  return {
    limit: whole(given.limit, defaultRetryPolicy.limit),
    baseDelayMs: whole(given.baseDelayMs, defaultRetryPolicy.baseDelayMs),
    maxDelayMs: whole(given.maxDelayMs, defaultRetryPolicy.maxDelayMs),
  };
}

/**
 * Whether a request may be sent twice without harm: reads, PUT and DELETE (the server applies the
 * same write once more, or answers that it already happened), read-only POSTs, and POSTs that carry
 * an `Idempotency-Key`, which the server answers from its record the second time.
 */
export function isRepeatable(method: string, path: string, hasIdempotencyKey: boolean): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'PUT' || m === 'DELETE') return true;
  return m === 'POST' && (hasIdempotencyKey || readOnlyPost.test(path.replace(/^\/+|\?.*$/g, '')));
}

/** Whether a response with `status` asks to be tried again later. */
export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds or an HTTP date. `undefined`
 * when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0 for the first): "full jitter", a random time between
 * zero and an exponentially growing ceiling, so that many clients that failed together do not
 * come back together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How `withRetry` runs one request. */
export interface RetryRun {
  readonly policy: RetryPolicy;
  /** Whether this request may be sent more than once at all (see {@link isRepeatable}). */
  readonly repeatable: boolean;
  /** Cancels the request and any wait between attempts. */
  readonly signal?: AbortSignal | undefined;
  /** Whether a thrown error means the request never got an answer (and may be retried). */
  readonly isNetworkError: (error: unknown) => boolean;
  /** For tests: the source of jitter. */
  readonly random?: () => number;
}

/**
 * Sends a request with `attempt` until it gets an answer worth keeping: a response whose status
 * is not retryable, a failure that is not a network error, or the last allowed attempt. Waits
 * between attempts as the server's `Retry-After` says, else by {@link backoffDelay}; a
 * `Retry-After` longer than `maxDelayMs` ends the retries at once, so the caller hears how long to
 * wait instead of hanging.
 */
export async function withRetry(attempt: () => Promise<Response>, run: RetryRun): Promise<Response> {
  const { policy, signal } = run;
  for (let retry = 0; ; retry++) {
    signal?.throwIfAborted();
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await attempt();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!run.isNetworkError(error)) throw error;
      failure = error;
    }
    const another = run.repeatable && retry < policy.limit && (response === undefined || isRetryableStatus(response.status));
    let wait = another ? backoffDelay(retry, policy, run.random) : 0;
    if (another && response) {
      const asked = parseRetryAfter(response.headers.get('retry-after'));
      if (asked !== undefined && asked > policy.maxDelayMs) return response;
      if (asked !== undefined) wait = asked;
    }
    if (!another) {
      if (response) return response;
      throw failure;
    }
    // The body of a response that is dropped must be released, or the connection stays busy.
    await response?.body?.cancel().catch(() => undefined);
    await sleep(wait, signal);
  }
}
