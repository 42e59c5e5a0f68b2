import Dexie from 'dexie';
import { ConflictError, QuotaError, UnavailableError, ValidationError, collections, isRapportError, type CollectionName } from '@rapport/core';

type Wrapped = { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown[] };

/** The error and those it wraps: Dexie keeps the original as `inner`, a BulkError lists `failures`. */
function chain(error: unknown): Wrapped[] {
  const out: Wrapped[] = [];
  for (let e = error as Wrapped | undefined, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    out.push(e);
    e = (e.inner ?? e.cause ?? e.failures?.[0]) as Wrapped | undefined;
  }
  return out;
}

/** Whether an error came from Dexie or IndexedDB, rather than from a caller's own code. */
function fromStorage(error: unknown): boolean {
  if (error instanceof Dexie.DexieError) return true;
  // A signal's AbortError is the caller's; IndexedDB's own aborts arrive wrapped by Dexie.
  return typeof DOMException !== 'undefined' && error instanceof DOMException && error.name !== 'AbortError';
}

/**
 * Translates an IndexedDB or Dexie failure into a Rapport error, keeping the original as `cause`,
 * so callers never see a Dexie or DOM error. Rapport errors, and errors thrown by a caller's code
 * inside a transaction, pass through unchanged.
 */
export function toRapportError(error: unknown, context: { databaseName: string; collection?: CollectionName; operation: string }): unknown {
  // Dexie re-creates errors it knows by name, and a Rapport NotFoundError shares DOM's name.
  const own = chain(error).find((e) => isRapportError(e));
  if (own) return own;
  if (!fromStorage(error)) return error;
  const found = chain(error).flatMap((e) => (typeof e.name === 'string' ? [e.name] : []));
  const has = (...candidates: string[]) => candidates.some((c) => found.includes(c));
  const where = `${context.operation}${context.collection ? ` on ${context.collection}` : ''} in IndexedDB database "${context.databaseName}"`;
  if (has('QuotaExceededError')) {
    return new QuotaError(`The browser's storage for this site is full: ${where} was not saved. Free space (export and delete old data) or ask the browser for more.`, { cause: error });
  }
  if (has('ConstraintError') && context.collection) {
    const field = collections[context.collection].unique[0];
    return new ConflictError({ reason: 'unique', collection: context.collection, ...(field ? { field } : {}), cause: error });
  }
  if (has('VersionError')) {
    return new UnavailableError(
      `IndexedDB database "${context.databaseName}" was upgraded by a newer version of this app (in another tab?), so this page cannot use it any more: reload the page`,
      { cause: error },
    );
  }
  if (found.includes('NotFoundError') && /not part of transaction/i.test(String((error as Error)?.message))) {
    return new ValidationError('Invalid transaction access', [{ path: ['collection'], message: `"${context.collection}" is not one of this transaction's collections` }], { cause: error });
  }
  if (has('PrematureCommitError', 'TransactionInactiveError')) {
    return new UnavailableError(`The IndexedDB transaction ended before ${where} finished: await nothing but storage calls inside a transaction`, { cause: error });
  }
  if (has('DatabaseClosedError', 'InvalidStateError')) {
    return new UnavailableError(`IndexedDB database "${context.databaseName}" is closed: ${where} did not run`, { cause: error });
  }
  return new UnavailableError(`IndexedDB failed (${found[0] ?? 'unknown error'}): ${where} did not complete`, { cause: error });
}
