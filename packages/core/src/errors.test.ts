import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError, RapportError, RateLimitedError, UnavailableError, ValidationError, isRapportError } from './index.js';

describe('errors', () => {
  it('carry a code, a readable message and their cause', () => {
    const cause = new Error('socket hang up');
    const error = new UnavailableError('The server cannot be reached: GET /v1/contacts', { cause });
    assert.equal(error.code, 'unavailable');
    assert.equal(error.name, 'UnavailableError');
    assert.equal(error.cause, cause);
    assert.ok(error instanceof RapportError && error instanceof Error);
  });

  it('a ValidationError lists its issues in the message and groups them by field', () => {
    const error = new ValidationError('Invalid contact', [
      { path: ['emails', 0], message: 'Must be an email address' },
      { path: ['firstName'], message: 'Must be at most 200 characters' },
      { path: ['emails', 0], message: 'Too long' },
    ]);
    assert.equal(error.message, 'Invalid contact: emails.0: Must be an email address; firstName: Must be at most 200 characters; emails.0: Too long');
    assert.deepEqual(error.fieldErrors(), { 'emails.0': ['Must be an email address', 'Too long'], firstName: ['Must be at most 200 characters'] });
  });

  it('messages name what failed and which record', () => {
    assert.equal(new NotFoundError('companies', 'abc').message, 'Not found: company abc');
    const conflict = new ConflictError({ reason: 'version', collection: 'deals', id: 'd1', expectedVersion: 2, actualVersion: 3 });
    assert.equal(conflict.message, 'Conflict: deal d1 is at version 3, not the expected 2; it changed since it was read');
  });

  it('serialise to plain data without their cause', () => {
    const error = new RateLimitedError('Too many requests', { retryAfterMs: 2000, cause: new Error('secret@example.com') });
    assert.deepEqual(JSON.parse(JSON.stringify(error)), { name: 'RateLimitedError', code: 'rate_limited', message: 'Too many requests', retryAfterMs: 2000 });
  });

  it('isRapportError recognises errors by brand (also from another copy of the package) and by code', () => {
    const error = new NotFoundError('contacts', 'x');
    assert.ok(isRapportError(error));
    assert.ok(isRapportError(error, 'not_found'));
    assert.ok(!isRapportError(error, 'conflict'));
    assert.ok(!isRapportError(new Error('plain')));
    assert.ok(!isRapportError({ code: 'not_found' }), 'a look-alike object is not one');
    const foreign = Object.assign(new Error('from another copy'), { code: 'conflict', [Symbol.for('rapport.error')]: true });
    assert.ok(isRapportError(foreign, 'conflict'));
  });
});
