/**
 * PostgreSQL failures as Rapport errors, the original kept as `cause`, so that callers of the
 * store never handle driver errors. Messages name the operation and collection, never the
 * values: PostgreSQL's own message and detail may quote them (an email address, a domain).
 */
import { ConflictError, QuotaError, UnavailableError, ValidationError, collections, isRapportError, type CollectionName } from '@rapport/core';

/** What was being done when an error happened. */
export interface ErrorContext {
  /** A verb phrase for messages, such as `put`. */
  readonly operation: string;
  readonly collection?: CollectionName;
  readonly id?: string;
}

/** The SQLSTATE of a database error (`pg` and PGlite both set `code`), or `undefined`. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Whether retrying the same statement may succeed: a deadlock or a serialization failure. */
export function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40001' || state === '40P01';
}

// Socket failures of `pg`, and the messages of `pg` and PGlite for a connection that is gone.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const connectionGone = /connection terminated|connection error|client was closed|cannot use a pool after calling end|timeout exceeded when trying to connect|pglite is clos(?:ed|ing)/i;

/** The unique index behind a constraint name, as the field it guards (see the migration's names). */
function uniqueField(error: unknown, collection: CollectionName | undefined): string | undefined {
  const constraint = (error as { constraint?: unknown }).constraint;
  const match = typeof constraint === 'string' ? /^records_([a-z]+)_([a-zA-Z.]+)_unique$/.exec(constraint) : null;
  if (match) return match[2];
  return collection ? collections[collection].unique[0] : undefined;
}

/**
 * Translates a database failure into a Rapport error. Rapport errors pass through unchanged;
 * anything that is not a database or connection error is returned as it is.
 *
 * @example
 * try { await sql.query('INSERT INTO …', params); }
 * catch (error) { throw toStoreError(error, { operation: 'save the idempotency record' }); }
 */
export function toStoreError(error: unknown, context: ErrorContext): unknown {
  if (isRapportError(error)) return error;
  const where = `${context.operation}${context.collection ? ` on ${context.collection}` : ''}`;
  const state = sqlState(error);
  if (!state) {
    const code = (error as { code?: unknown } | null)?.code;
    if ((typeof code === 'string' && networkCodes.has(code)) || (error instanceof Error && connectionGone.test(error.message))) {
      return new UnavailableError(`PostgreSQL cannot be reached: ${where} did not complete`, { cause: error });
    }
    return error;
  }
  const { collection = 'records', id } = context;
  if (state === '23505') {
    const field = uniqueField(error, context.collection);
    return new ConflictError({ reason: 'unique', collection, ...(id !== undefined ? { id } : {}), ...(field ? { field } : {}), cause: error });
  }
  if (state === '40001' || state === '40P01') {
    return new ConflictError({
      reason: 'version',
      collection,
      ...(id !== undefined ? { id } : {}),
      message: `Conflict: ${where} lost a race with a concurrent write; read again and retry`,
      cause: error,
    });
  }
  if (state === '53100') return new QuotaError(`The database disk is full: ${where} was not saved`, { cause: error });
  if (state.startsWith('22') || state === '54000') {
    return new ValidationError(`PostgreSQL refused the data of ${where}`, [{ path: [], message: `Not storable (SQLSTATE ${state})`, code: 'invalid' }], { cause: error });
  }
  if (state === '25P02') {
    return new UnavailableError(`The transaction was aborted by an earlier failure: ${where} did not run`, { cause: error });
  }
  // 08 connection, 53 resources, 57 operator intervention (shutdown, statement timeout), 58 system,
  // and anything else: the database could not do it now.
  return new UnavailableError(`PostgreSQL failed (SQLSTATE ${state}): ${where} did not complete`, { cause: error });
}
