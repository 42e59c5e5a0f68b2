/**
 * Errors on the wire: every failure becomes an `application/problem+json` body (RFC 9457) that
 * carries core's error `code` and the details a client needs to act (issues, versions, the
 * offending field, the batch op). Unknown errors become a bare 500 that leaks nothing.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ConflictError, NotFoundError, RapportError, RateLimitedError, UnauthorizedError, ValidationError, isRapportError, type ErrorCode } from '@rapport/core';

/** The JSON members of a problem response. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'internal';
  [member: string]: unknown;
}

/** What the server may change about how an error is answered: another status, or more members. */
export interface ProblemOverrides {
  /** A status other than the code's usual one: 412, 413, 415, 422 or 403. */
  status?: number;
  /** The index of the failing op in a batch. */
  opIndex?: number;
}

/**
 * An error answered with a status (or extra members) that its code alone would not give: a
 * version conflict that came from `If-Match` (412), an oversized body (413). Thrown by handlers;
 * the error handler unwraps it.
 */
export class ProblemOverride extends Error {
  constructor(
    readonly error: RapportError,
    readonly overrides: ProblemOverrides,
  ) {
    super(error.message, { cause: error });
    this.name = 'ProblemOverride';
  }
}

/**
 * Wraps `error` so that it is answered with `overrides`; a wrapper is merged, not nested.
 * Anything that is not a Rapport error is returned as it is.
 */
export function withProblem(error: unknown, overrides: ProblemOverrides): unknown {
  if (error instanceof ProblemOverride) return new ProblemOverride(error.error, { ...error.overrides, ...overrides });
  return isRapportError(error) ? new ProblemOverride(error, overrides) : error;
}

const statusByCode: Record<ErrorCode, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  rate_limited: 429,
  unavailable: 503,
  quota: 507,
};

const titleByStatus: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

/** The members of `error` a client can act on, beyond its code and message. */
function detailMembers(error: RapportError): Record<string, unknown> {
  if (error instanceof ValidationError) return { issues: error.issues };
  if (error instanceof NotFoundError) return { collection: error.collection, id: error.id };
  if (error instanceof ConflictError) {
    const { reason, collection, id, expectedVersion, actualVersion, field } = error;
    return { reason, collection, id, expectedVersion, actualVersion, field };
  }
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) return { retryAfter: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) };
  return {};
}

/** A Hono `HTTPException` (thrown by Hono's own helpers) as the Rapport error of its status. */
function fromHttpException(exception: HTTPException): { error: RapportError; status: number } | undefined {
  const status = exception.status;
  const message = exception.message || titleByStatus[status] || 'Request failed';
  if (status === 401 || status === 403) return { error: new UnauthorizedError(message), status };
  if (status === 404) return { error: new RapportError('not_found', message), status };
  if (status === 409 || status === 412) return { error: new RapportError('conflict', message), status };
  if (status === 429) return { error: new RateLimitedError(message), status };
  if (status === 503) return { error: new RapportError('unavailable', message), status };
  if (status >= 400 && status < 500) return { error: new ValidationError(message, []), status };
  return undefined;
}

/** The problem body and status for any thrown value; unknown errors give a 500 that says nothing more. */
export function problemOf(thrown: unknown, overrides: ProblemOverrides = {}): ProblemBody {
  let error: unknown = thrown;
  let merged = overrides;
  if (error instanceof ProblemOverride) {
    merged = { ...error.overrides, ...overrides };
    error = error.error;
  }
  let status = merged.status;
  if (error instanceof HTTPException) {
    const mapped = fromHttpException(error);
    if (mapped) {
      error = mapped.error;
      status ??= mapped.status;
    }
  }
  if (!isRapportError(error)) {
    return { type: 'urn:rapport:problem:internal', title: titleByStatus[500]!, status: 500, detail: 'The server failed to answer this request', code: 'internal' };
  }
  status ??= statusByCode[error.code];
  const members = Object.fromEntries(Object.entries(detailMembers(error)).filter(([, value]) => value !== undefined));
  return {
    type: `urn:rapport:problem:${error.code}`,
    title: titleByStatus[status] ?? 'Request failed',
    status,
    detail: error.message,
    code: error.code,
    ...members,
    ...(merged.opIndex !== undefined ? { opIndex: merged.opIndex } : {}),
  };
}

/**
 * The `application/problem+json` response for `error`: what the server answers for every
 * failure, exported so that route modules can answer a refusal without throwing.
 *
 * @example
 * if (!allowed) return problemResponse(new UnauthorizedError('Origin not allowed'), { status: 403 });
 */
export function problemResponse(error: unknown, overrides?: ProblemOverrides): Response {
  const body = problemOf(error, overrides);
  const headers = new Headers({ 'Content-Type': 'application/problem+json' });
  if (body.status === 401) headers.set('WWW-Authenticate', 'Bearer');
  if (typeof body.retryAfter === 'number') headers.set('Retry-After', String(body.retryAfter));
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** What the error handler reports about an error it could not map: never its message, which may hold data. */
export interface UnhandledErrorReport {
  /** The error's class name, such as `TypeError`. */
  error: string;
  /** The stack without its first line (the message). */
  stack?: string;
}

/** The parts of an unknown error that are safe to log. */
export function describeUnhandled(error: unknown): UnhandledErrorReport {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line));
  return { error: error.name, ...(frames?.length ? { stack: frames.slice(0, 10).join('\n') } : {}) };
}

/**
 * The app's `onError`: answers every error as a problem. `report` hears about the errors that
 * became a 500, with nothing but their class and stack frames.
 */
export function problemErrorHandler(report: (details: UnhandledErrorReport, c: Context) => void) {
  return (error: Error, c: Context): Response => {
    const response = problemResponse(error);
    if (response.status === 500) report(describeUnhandled(error), c);
    return response;
  };
}
