import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, UnauthorizedError, ValidationError } from '@rapport/core';
import { openDatabase } from '../../db/open-database.js';
import type { Sql } from '../../db/sql.js';
import { createWorkspace } from '../../store/index.js';
import { createFormKey, findActiveFormKey, revokeFormKey } from './form-keys.js';

describe('form keys', () => {
  let sql: Sql;
  let workspaceId: string;
  before(async () => {
    sql = await openDatabase();
    workspaceId = await createWorkspace(sql, 'Forms');
  });
  after(() => sql.close());

  async function keyCount(): Promise<number> {
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM form_keys');
    return row!.n;
  }

  async function issuePaths(options: Parameters<typeof createFormKey>[2]): Promise<string[]> {
    const error = await createFormKey(sql, workspaceId, options).then(
      () => assert.fail('expected a ValidationError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError, String(error));
    return error.issues.map((i) => i.path.join('.'));
  }

  it('makes a publishable key that finds its workspace, form, origins and fill time', async () => {
    const key = await createFormKey(sql, workspaceId, { allowedOrigins: ['https://example.com', 'http://localhost:8080', 'https://example.com'], formId: 'pricing', minFillMs: 1500 });
    assert.match(key, /^fk_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await findActiveFormKey(sql, key), {
      key,
      workspaceId,
      formId: 'pricing',
      allowedOrigins: ['https://example.com', 'http://localhost:8080'],
      minFillMs: 1500,
    });
    const plain = await findActiveFormKey(sql, await createFormKey(sql, workspaceId, { allowedOrigins: ['https://[::1]:8443'] }));
    assert.equal(plain.formId, undefined);
    assert.equal(plain.minFillMs, 3000);
    assert.notEqual(await createFormKey(sql, workspaceId, { allowedOrigins: ['https://example.com'] }), key);
  });

  it('accepts only origins exactly as browsers send them', async () => {
    const bad = ['https://example.com/', 'https://example.com/form', 'HTTPS://Example.com', 'https://example.com:443', 'http://example.com:80', 'ftp://example.com', 'null', '*', 'example.com', 'https://*.example.com', 'https://user@example.com'];
    assert.deepEqual(await issuePaths({ allowedOrigins: ['https://ok.example', ...bad] }), bad.map((_, i) => `allowedOrigins.${i + 1}`));
    assert.deepEqual(await issuePaths({ allowedOrigins: [] }), ['allowedOrigins']);
    assert.deepEqual(await issuePaths({ allowedOrigins: 'https://example.com' as never }), ['allowedOrigins']);
  });

  it('refuses a malformed form id or fill time, and stores nothing', async () => {
    const before = await keyCount();
    const allowedOrigins = ['https://example.com'];
    for (const formId of ['', ' padded', 'x'.repeat(129), 7 as never]) assert.deepEqual(await issuePaths({ allowedOrigins, formId }), ['formId'], String(formId));
    for (const minFillMs of [-1, 1.5, 600_001, Number.NaN, '3000' as never]) assert.deepEqual(await issuePaths({ allowedOrigins, minFillMs }), ['minFillMs'], String(minFillMs));
    assert.equal(await keyCount(), before);
  });

  it('refuses a workspace that does not exist', async () => {
    for (const id of ['01900000-0000-7000-8000-000000000999', 'not-a-uuid']) {
      await assert.rejects(createFormKey(sql, id, { allowedOrigins: ['https://example.com'] }), (e) => e instanceof NotFoundError && e.collection === 'workspaces');
    }
  });

  it('finds no key that is missing, malformed, unknown or revoked', async () => {
    const key = await createFormKey(sql, workspaceId, { allowedOrigins: ['https://example.com'] });
    for (const header of [undefined, '', 'fk_short', `rk_${key.slice(3)}`, `fk_${'A'.repeat(43)}`]) {
      await assert.rejects(findActiveFormKey(sql, header), UnauthorizedError, String(header));
    }
    await revokeFormKey(sql, key);
    await assert.rejects(findActiveFormKey(sql, key), UnauthorizedError);
    // Revoking again keeps the first revocation time.
    const [first] = await sql.query<{ revoked_at: Date }>('SELECT revoked_at FROM form_keys WHERE key = $1', [key]);
    await revokeFormKey(sql, key);
    const [second] = await sql.query<{ revoked_at: Date }>('SELECT revoked_at FROM form_keys WHERE key = $1', [key]);
    assert.deepEqual(second, first);
  });
});
