/**
 * Every failure Rapport reports is a {@link RapportError} whose `code` says what kind it is.
 * Adapters translate their own failures (IndexedDB, HTTP, SQL) into these classes and keep the
 * original as `cause`, so callers never have to know which store sits behind the port.
 */

/** The kinds of failure a caller can tell apart and act on. */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'quota'
  | 'unauthorized'
  | 'rate_limited';

/** Collections (and other things) an error can name. Plain strings keep errors free of domain imports. */
type ThingName = string;

// A registered symbol, so an error from a second copy of this package is still recognised.
const brand = Symbol.for('rapport.error');

/**
 * Base class of every error Rapport throws.
 *
 * @example
 * try { await crm.contacts.get(id); }
 * catch (error) { if (isRapportError(error, 'not_found')) showEmptyState(); else throw error; }
 */
export class RapportError extends Error {
  /** What kind of failure this is; stable across versions, safe to switch on. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'RapportError';
    Object.defineProperty(this, brand, { value: true });
  }

  /** A plain-data form for logs and the wire; never includes `cause`, which may hold PII. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** One problem with an input: where it is (`path`, e.g. `['emails', 0]`) and what is wrong. */
export interface ValidationIssue {
  /** The path from the input's root to the offending value. */
  readonly path: readonly (string | number)[];
  /** A sentence a developer can read; safe to show next to a form field. */
  readonly message: string;
  /** A machine-readable kind, such as `too_big` or `unknown_field`, when one is known. */
  readonly code?: string;
}

/**
 * The input was malformed. `issues` names every offending field.
 *
 * @example
 * catch (error) { if (error instanceof ValidationError) error.issues.forEach(i => showAt(i.path, i.message)); }
 */
export class ValidationError extends RapportError {
  /** Every problem found, each with the path of the field it concerns. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super('validation', withIssues(message, issues), options);
    this.name = 'ValidationError';
    this.issues = issues;
  }

  /** Issues grouped by their dotted path (`'emails.0'`), as a form wants them. */
  fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const issue of this.issues) (out[issue.path.join('.')] ??= []).push(issue.message);
    return out;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

function withIssues(message: string, issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return message;
  const shown = issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `${message}: ${shown.join('; ')}${more}`;
}

/** A record that was asked for by id does not exist (or was purged). */
export class NotFoundError extends RapportError {
  /** The collection that was searched, such as `contacts`. */
  readonly collection: ThingName;
  /** The id that was not found. */
  readonly id: string;

  constructor(collection: ThingName, id: string, options?: { cause?: unknown; message?: string }) {
    super('not_found', options?.message ?? `Not found: ${singular(collection)} ${id}`, options);
    this.name = 'NotFoundError';
    this.collection = collection;
    this.id = id;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), collection: this.collection, id: this.id };
  }
}

/** Why a write conflicted with what is stored. */
export type ConflictReason =
  /** The record changed since the caller read it (`expectedVersion` did not match). */
  | 'version'
  /** A value that must be unique (a company's domain) is already taken. */
  | 'unique'
  /** The record is still referenced (a stage or pipeline that holds deals). */
  | 'in_use';

/**
 * A write lost a race or broke a uniqueness or reference rule. Re-read, then retry or ask the user.
 *
 * @example
 * catch (error) { if (error instanceof ConflictError && error.reason === 'version') reloadAndTellUser(); }
 */
export class ConflictError extends RapportError {
  readonly reason: ConflictReason;
  readonly collection: ThingName;
  readonly id: string | undefined;
  /** The version the caller expected, for `reason: 'version'`. */
  readonly expectedVersion: number | undefined;
  /** The version actually stored (0 when the record is absent), for `reason: 'version'`. */
  readonly actualVersion: number | undefined;
  /** The field whose value must be unique, for `reason: 'unique'`. */
  readonly field: string | undefined;

  constructor(init: {
    reason: ConflictReason;
    collection: ThingName;
    id?: string;
    expectedVersion?: number;
    actualVersion?: number;
    field?: string;
    message?: string;
    cause?: unknown;
  }) {
    super('conflict', init.message ?? conflictMessage(init), { cause: init.cause });
    this.name = 'ConflictError';
    this.reason = init.reason;
    this.collection = init.collection;
    this.id = init.id;
    this.expectedVersion = init.expectedVersion;
    this.actualVersion = init.actualVersion;
    this.field = init.field;
  }

  override toJSON(): Record<string, unknown> {
    const { reason, collection, id, expectedVersion, actualVersion, field } = this;
    return { ...super.toJSON(), reason, collection, id, expectedVersion, actualVersion, field };
  }
}

function conflictMessage(init: {
  reason: ConflictReason;
  collection: ThingName;
  id?: string;
  expectedVersion?: number;
  actualVersion?: number;
  field?: string;
}): string {
  const what = `${singular(init.collection)}${init.id ? ` ${init.id}` : ''}`;
  switch (init.reason) {
    case 'version':
      return `Conflict: ${what} is at version ${init.actualVersion ?? '?'}, not the expected ${init.expectedVersion ?? '?'}; it changed since it was read`;
    case 'unique':
      return `Conflict: another ${singular(init.collection)} already has this ${init.field ?? 'value'}`;
    case 'in_use':
      return `Conflict: ${what} is still in use`;
  }
}

/** The store or the network could not be reached, or a connection was closed; retrying later may work. */
export class UnavailableError extends RapportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
    this.name = 'UnavailableError';
  }
}

/** The store is full (browser storage quota, disk). Nothing of the failed write was kept. */
export class QuotaError extends RapportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('quota', message, options);
    this.name = 'QuotaError';
  }
}

/** The caller's credentials were missing, wrong or not allowed to do this. */
export class UnauthorizedError extends RapportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unauthorized', message, options);
    this.name = 'UnauthorizedError';
  }
}

/** Too many requests; try again after `retryAfterMs` when it is known. */
export class RateLimitedError extends RapportError {
  /** How long to wait before retrying, when the server said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super('rate_limited', message, options);
    this.name = 'RateLimitedError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/**
 * Whether `value` is a Rapport error (from this or another loaded copy of the package),
 * optionally of one `code`.
 *
 * @example
 * if (isRapportError(error, 'conflict')) retry();
 */
export function isRapportError(value: unknown, code?: ErrorCode): value is RapportError {
  if (typeof value !== 'object' || value === null || !(brand in value)) return false;
  return code === undefined || (value as unknown as RapportError).code === code;
}

/** `contacts` → `contact`, for messages. */
function singular(collection: ThingName): string {
  return collection.endsWith('ies') ? `${collection.slice(0, -3)}y` : collection.replace(/s$/, '');
}
