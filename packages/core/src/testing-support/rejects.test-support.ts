import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, ValidationError } from '../errors.js';

/** Asserts that `promise` rejects with a ValidationError carrying an issue at exactly `path`. */
export async function rejectsAt(promise: Promise<unknown>, path: readonly (string | number)[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    const paths = error.issues.map((i) => i.path);
    assert.ok(paths.some((p) => isDeepStrictEqual(p, path)), `expected an issue at ${JSON.stringify(path)}, got ${JSON.stringify(paths)}`);
    return true;
  });
}

/** Asserts that `promise` rejects with a ConflictError of `reason`. */
export async function rejectsConflict(promise: Promise<unknown>, reason: ConflictError['reason'] = 'version'): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ConflictError, `expected a ConflictError, got ${String(error)}`);
    assert.equal(error.reason, reason);
    return true;
  });
}
