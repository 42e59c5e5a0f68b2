/**
 * Private API keys: `rk_` and 32 random bytes in base64url. Only their SHA-256 is stored, so the
 * plain key is shown once, when it is made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '@rapport/core';
import type { Sql } from '../db/sql.js';

/** What every private API key looks like. */
export const apiKeyPattern = /^rk_[A-Za-z0-9_-]{43}$/;

/** The SHA-256 of a key in lower-case hex: what `api_keys.key_hash` holds. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Makes a new API key for a workspace and returns it; only its hash is kept.
 *
 * @example
 * const key = await createApiKey(sql, workspaceId, 'billing sync');
 */
export async function createApiKey(sql: Sql, workspaceId: string, name?: string): Promise<string> {
  const [workspace] = await sql.query('SELECT id FROM workspaces WHERE id::text = $1', [workspaceId]);
  if (!workspace) throw new NotFoundError('workspaces', workspaceId);
  const key = `rk_${randomBytes(32).toString('base64url')}`;
  await sql.query('INSERT INTO api_keys (key_hash, workspace_id, name) VALUES ($1, $2, $3)', [hashKey(key), workspaceId, name ?? null]);
  return key;
}

/** Revokes a key: requests that carry it are refused from now on. Revoking an unknown key does nothing. */
export async function revokeApiKey(sql: Sql, key: string): Promise<void> {
  await sql.query('UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1 AND revoked_at IS NULL', [hashKey(key)]);
}

/** The workspace a live key belongs to, or `undefined` for an unknown or revoked key. */
export async function workspaceOfKey(sql: Sql, key: string): Promise<string | undefined> {
  const [row] = await sql.query<{ workspace_id: string }>('SELECT workspace_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hashKey(key)]);
  return row?.workspace_id;
}
