import { uuidv7 } from 'uuidv7';
import type { Sql } from '../db/sql.js';
import { toStoreError } from './pg-errors.js';

/**
 * Creates a workspace, the tenant every record, change and key belongs to; returns its id (a UUID).
 *
 * @example
 * const workspaceId = await createWorkspace(sql, 'Acme');
 * const storage = postgresStore({ sql, workspaceId });
 */
export async function createWorkspace(sql: Sql, name?: string): Promise<string> {
  const id = uuidv7();
  try {
    await sql.query('INSERT INTO workspaces (id, name) VALUES ($1::uuid, $2::text)', [id, name ?? null]);
  } catch (error) {
    throw toStoreError(error, { operation: 'create a workspace' });
  }
  return id;
}
