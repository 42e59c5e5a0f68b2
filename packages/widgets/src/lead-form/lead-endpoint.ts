/**
 * Delivery of an outbox entry to the lead endpoint (`POST /v1/leads` of the reference server),
 * with plain `fetch`: this module goes into the CDN bundle, so it imports nothing at runtime.
 */
import type { OutboxEntry } from './lead-outbox.js';

/** What the endpoint answered for a stored lead. */
export interface LeadDelivered {
  /** The contact the lead created or was merged into. */
  readonly contactId: string;
  /** Whether the contact is new. */
  readonly created: boolean;
  /** The `formSubmission` interaction logged for it. */
  readonly interactionId: string;
  /** Whether this is the replay of an earlier delivery of the same entry (`Idempotent-Replayed: true`). */
  readonly replayed: boolean;
}

/** Why a lead was not delivered, shaped like the server's problem+json. */
export interface LeadProblem {
  /** The HTTP status; 0 when there was no HTTP answer (network failure, timeout, a crm error). */
  readonly status: number;
  /**
   * Core's error code (`validation`, `unauthorized`, `rate_limited`…) when the answer carried
   * one, `http_<status>` for other HTTP answers, `network` or `timeout` when none came.
   */
  readonly code: string;
  /** The problem's `title`, else its `detail`, else a plain message. */
  readonly title: string;
  /** The offending fields, when the problem names them (`path: ['email']`). */
  readonly issues: readonly {
    /** Where the offending value is, from the body's root. */
    readonly path: readonly (string | number)[];
    /** What is wrong with it, readable by a developer. */
    readonly message: string;
    /** A machine-readable kind, such as `honeypot` or `too_fast`, when one is known. */
    readonly code?: string;
  }[];
}

/**
 * The result of one delivery attempt: `delivered`; `retry` for what may pass later (network
 * failure, timeout, 408, 425, 429, any 5xx); `refused` for what never will (any other non-2xx).
 */
export type SendOutcome =
  | {
      /** Stored: remove the entry. */
      readonly kind: 'delivered';
      /** What the server (or crm) stored. */
      readonly result: LeadDelivered;
    }
  | {
      /** Not now: keep the entry and try again later. */
      readonly kind: 'retry';
      /** How long the server asked to wait, in ms (`Retry-After`). */
      readonly retryAfterMs?: number;
      /** What went wrong, when known. */
      readonly problem?: LeadProblem;
    }
  | {
      /** Never: remove the entry and tell the person why. */
      readonly kind: 'refused';
      /** Why it was refused. */
      readonly problem: LeadProblem;
    };

const leadsPath = '/v1/leads';
const defaultTimeoutMs = 15_000;
// Browsers cap the bodies of all keepalive requests in flight at 64 KiB; above that the fetch fails.
const keepaliveMaxBytes = 60 * 1024;
const retryStatuses = new Set([408, 425, 429]);

/**
 * The lead endpoint's URL for a server's base URL (which may carry a path prefix); a URL that
 * already ends in `/v1/leads` is kept.
 *
 * @throws TypeError when `endpoint` is not an absolute http(s) URL, or carries credentials.
 * @example
 * leadsUrl('https://crm.example.com');        // 'https://crm.example.com/v1/leads'
 * leadsUrl('https://example.com/rapport/');   // 'https://example.com/rapport/v1/leads'
 */
export function leadsUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`Invalid lead endpoint: ${JSON.stringify(endpoint)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Invalid lead endpoint: ${url.protocol} is not http(s)`);
  // fetch refuses a URL with credentials; say so now, where the endpoint is configured.
  if (url.username || url.password) throw new TypeError('Invalid lead endpoint: a URL with credentials');
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(leadsPath) ? path : `${path}${leadsPath}`;
  return url.href;
}

/**
 * Sends one outbox entry to the lead endpoint: its `body` as is, its `id` as the
 * `Idempotency-Key`, so that a retry of a lead already stored is answered with the first answer
 * (`replayed: true`) and stores nothing. Never rejects for a failed delivery; the outcome says
 * whether to retry.
 *
 * @param options.fetch the `fetch` to use (default: the global one).
 * @param options.timeoutMs how long to wait for the whole answer (default 15 s); a timeout is a retry.
 * @throws TypeError (as a rejection) when `endpoint` is not a valid http(s) URL; see {@link leadsUrl}.
 * @example
 * const outcome = await sendToEndpoint(entry, 'https://crm.example.com', 'fk_…');
 * if (outcome.kind === 'refused') showProblem(outcome.problem);
 */
export async function sendToEndpoint(
  entry: Pick<OutboxEntry, 'id' | 'body'>,
  endpoint: string,
  formKey: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<SendOutcome> {
  const url = leadsUrl(endpoint);
  const doFetch = options.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Rapport-Form-Key': formKey, 'Idempotency-Key': entry.id },
      body: entry.body,
      credentials: 'omit',
      mode: 'cors',
      // Lets a submission made just before the page is left still go out.
      keepalive: new Blob([entry.body]).size < keepaliveMaxBytes,
      signal,
    });
    // Read within the same timeout: a connection that stalls mid-answer is a failure like any other.
    text = await response.text();
  } catch (error) {
    // No HTTP answer the page may read. This includes a 403 for an origin the form key does not
    // allow: it carries no CORS headers, so a browser reports it as a network error (TypeError)
    // and it is retried; unavoidably, as the page cannot tell it from a dropped connection.
    const timedOut = signal.aborted;
    return { kind: 'retry', problem: { status: 0, code: timedOut ? 'timeout' : 'network', title: timedOut ? 'The lead endpoint did not answer in time' : messageOf(error), issues: [] } };
  }

  if (response.ok) {
    const result = deliveredOf(text, response.headers.get('idempotent-replayed') === 'true');
    if (result) return { kind: 'delivered', result };
    // A 2xx that is not the endpoint's answer (a captive portal, a site answering every path):
    // the lead may not be stored, and a retry of a stored one is only replayed, so retry.
    return { kind: 'retry', problem: { status: response.status, code: `http_${response.status}`, title: 'The lead endpoint answered with something else than a stored lead', issues: [] } };
  }

  const body = parseJson(text);
  const problem = problemOf(response, isObject(body) ? body : undefined, text);
  if (!retryStatuses.has(response.status) && response.status < 500) return { kind: 'refused', problem };
  const retryAfterMs = retryAfterOf(response.headers.get('retry-after'), isObject(body) ? body : undefined);
  return { kind: 'retry', problem, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'The lead endpoint could not be reached';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deliveredOf(text: string, replayed: boolean): LeadDelivered | undefined {
  const body = parseJson(text);
  if (!isObject(body)) return undefined;
  const { contactId, created, interactionId } = body;
  if (typeof contactId !== 'string' || typeof created !== 'boolean' || typeof interactionId !== 'string') return undefined;
  return { contactId, created, interactionId, replayed };
}

/** The problem of a non-2xx answer: from its problem+json when it has one, else from its status and text. */
function problemOf(response: Response, body: Record<string, unknown> | undefined, text: string): LeadProblem {
  const type = response.headers.get('content-type') ?? '';
  // Plain text is shown as it is (cut short); an HTML error page is not worth showing to anyone.
  const plain = /^text\/plain\b/i.test(type) ? text.trim().slice(0, 200) : '';
  const title = textOf(body?.title) ?? textOf(body?.detail) ?? (plain || response.statusText || `HTTP ${response.status}`);
  return { status: response.status, code: textOf(body?.code) ?? `http_${response.status}`, title, issues: issuesOf(body?.issues) };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The well-formed issues of a problem (or of a thrown core error); anything else in the list is
 * dropped rather than trusted. Shared with `sendToCrm`.
 *
 * @example
 * issuesOf([{ path: ['email'], message: 'Invalid email' }, 'junk']); // [{ path: ['email'], message: 'Invalid email' }]
 */
export function issuesOf(value: unknown): LeadProblem['issues'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((issue: unknown) => {
    if (!isObject(issue) || typeof issue.message !== 'string' || !Array.isArray(issue.path)) return [];
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    return [{ path, message: issue.message, ...(typeof issue.code === 'string' ? { code: issue.code } : {}) }];
  });
}

/** `Retry-After` (delay in seconds, or an HTTP date) in ms, else the problem's `retryAfter` seconds. */
function retryAfterOf(header: string | null, body: Record<string, unknown> | undefined): number | undefined {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  const seconds = body?.retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
