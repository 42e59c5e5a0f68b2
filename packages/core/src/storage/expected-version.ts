import { ConflictError, NotFoundError } from '../errors.js';

/**
 * The port's rule for a conditional write, for every adapter to apply the same way: with
 * `expected`, the stored record must be at exactly that version, `0` meaning "absent". A positive
 * version of an absent record is a `NotFoundError`; any other mismatch a `ConflictError`
 * (reason `version`). `actual` is the stored version, `undefined` when there is no record.
 */
export function checkExpectedVersion(collection: string, id: string, actual: number | undefined, expected: number | undefined): void {
  if (expected === undefined || expected === (actual ?? 0)) return;
  if (actual === undefined && expected > 0) throw new NotFoundError(collection, id);
  throw new ConflictError({ reason: 'version', collection, id, expectedVersion: expected, actualVersion: actual ?? 0 });
}
