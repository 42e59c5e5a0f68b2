/**
 * Turns what the server (or the network) said into the same Rapport error a local adapter throws:
 * an `application/problem+json` body carries core's error `code` and the details to rebuild it
 * (issues, versions, the unique field, how long to wait). Anything else — an HTML error page from
 * a proxy, a dropped connection, a timeout — is an `UnavailableError`. The failed exchange is kept
 * as `cause`.
 */
import { TimeoutError } from 'ky';
import {
  ConflictError,
  NotFoundError,
  QuotaError,
  RateLimitedError,
  type RapportError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  isRapportError,
  type ConflictReason,
  type ValidationIssue,
} from '@rapport/core';
import { HttpResponseError } from './http-response-error.js';
import { parseRetryAfter } from './retry.js';

/** The request a failure belongs to, for messages and for errors that name a record. */
export interface RequestContext {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The path under the base URL, such as `/v1/contacts/query`; never a query string. */
  readonly path: string;
  /** The collection the request was about, when there is one. */
  readonly collection?: string | undefined;
  /** The record id the request was about, when there is one. */
  readonly id?: string | undefined;
}

/** The members of a problem body the adapter reads. */
export type Problem = Readonly<Record<string, unknown>>;

const conflictReasons = new Set<string>(['version', 'unique', 'in_use']);

/** Whether a response's media type is `application/problem+json`. */
export function isProblemResponse(response: Response): boolean {
  return /^application\/problem\+json\s*(?:;|$)/i.test(response.headers.get('content-type') ?? '');
}

/**
 * The Rapport error for a response that is not a success. Reads (and so consumes) the body.
 *
 * @example
 * if (!response.ok) throw await errorFromResponse(response, { method: 'GET', path: '/v1/contacts/42' });
 */
export async function errorFromResponse(response: Response, context: RequestContext): Promise<RapportError> {
  let problem: Problem | undefined;
  if (isProblemResponse(response)) {
    const body: unknown = await response.json().catch(() => undefined);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) problem = body as Problem;
  } else {
    await response.body?.cancel().catch(() => undefined);
  }
  return errorFromProblem(problem, response.status, response.headers.get('retry-after'), context);
}

/**
 * The Rapport error a problem body describes; `problem` undefined (the server sent no problem
 * report) gives an `UnavailableError` naming the status.
 */
export function errorFromProblem(problem: Problem | undefined, status: number, retryAfterHeader: string | null, context: RequestContext): RapportError {
  const cause = new HttpResponseError({ status, method: context.method, path: context.path, problem });
  const where = `${context.method} ${context.path}`;
  const code = problem?.code;
  const detail = text(problem?.detail) ?? text(problem?.title) ?? `HTTP ${status}`;
  switch (code) {
    case 'validation': {
      const issues = issuesOf(problem?.issues);
      return new ValidationError(withoutIssues(detail, issues), issues, { cause });
    }
    case 'not_found':
      return new NotFoundError(text(problem?.collection) ?? context.collection ?? 'record', text(problem?.id) ?? context.id ?? '', { cause, message: detail });
    case 'conflict': {
      const reason = text(problem?.reason);
      return new ConflictError({
        reason: reason && conflictReasons.has(reason) ? (reason as ConflictReason) : 'version',
        collection: text(problem?.collection) ?? context.collection ?? 'record',
        ...optional('id', text(problem?.id) ?? context.id),
        ...optional('expectedVersion', count(problem?.expectedVersion)),
        ...optional('actualVersion', count(problem?.actualVersion)),
        ...optional('field', text(problem?.field)),
        message: detail,
        cause,
      });
    }
    case 'unauthorized':
      return new UnauthorizedError(detail, { cause });
    case 'rate_limited': {
      const seconds = count(problem?.retryAfter);
      const retryAfterMs = seconds !== undefined ? seconds * 1000 : parseRetryAfter(retryAfterHeader);
      return new RateLimitedError(detail, { cause, ...optional('retryAfterMs', retryAfterMs) });
    }
    case 'quota':
      return new QuotaError(detail, { cause });
    case 'unavailable':
      return new UnavailableError(detail, { cause });
    default:
      return new UnavailableError(
        problem ? `The server failed (HTTP ${status}): ${where}` : `The server answered HTTP ${status} without a problem report: ${where}`,
        { cause },
      );
  }
}

/**
 * The Rapport error for a request that got no answer: a timeout, a refused or dropped connection.
 * Rapport errors and the caller's own abort reasons pass through unchanged.
 */
export function errorFromFailure(error: unknown, context: RequestContext, timeoutMs: number): unknown {
  if (isRapportError(error)) return error;
  const where = `${context.method} ${context.path}`;
  if (error instanceof TimeoutError) return new UnavailableError(`No answer from the server within ${timeoutMs} ms: ${where}`, { cause: error });
  if (error instanceof TypeError) return new UnavailableError(`Could not reach the server: ${where}`, { cause: error });
  return error;
}

/** The issues of a problem body, keeping only well-formed ones. */
function issuesOf(value: unknown): ValidationIssue[] {
  if (!Array.isArray(value)) return [];
  const issues: ValidationIssue[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message, code } = item as Record<string, unknown>;
    const cleanPath = Array.isArray(path) ? path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : [];
    issues.push({ path: cleanPath, message: text(message) ?? 'Invalid', ...optional('code', text(code)) });
  }
  return issues;
}

/**
 * The server's `detail` is core's message, which already ends with the issues; the rebuilt
 * `ValidationError` appends them again, so they are cut off first. This mirrors how core's
 * `ValidationError` writes them.
 */
function withoutIssues(detail: string, issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return detail;
  const shown = issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
  const suffix = `: ${shown.join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`;
  return detail.endsWith(suffix) && detail.length > suffix.length ? detail.slice(0, -suffix.length) : detail;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** `{ [key]: value }` when the value is defined, else `{}`: keeps absent members absent. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
