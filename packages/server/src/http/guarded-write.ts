/**
 * A write of the private API, in one transaction, guarded by the request's `Idempotency-Key`
 * when it has one: the same path for a create and a batch.
 */
import type { Context } from 'hono';
import type { StorageAdapter } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { withStoreTransaction } from '../store/index.js';
import type { AppEnv } from './app-env.js';
import { idempotencyKeyOf, idempotent, replayedHeader, requestHash, type IdempotentResponse } from './idempotency.js';

/** The idempotency scope of a workspace's private API. */
export function workspaceScope(workspaceId: string): string {
  return `workspace:${workspaceId}`;
}

/**
 * Runs `write` in one transaction over the caller's workspace and answers its response; with an
 * `Idempotency-Key`, a retry of the same request replays the first response
 * (`Idempotent-Replayed: true`) and nothing is written twice.
 */
export async function guardedWrite(c: Context<AppEnv>, sql: Sql, bodyText: string, write: (store: StorageAdapter) => Promise<IdempotentResponse>): Promise<Response> {
  const workspaceId = c.get('workspaceId');
  const key = idempotencyKeyOf(c.req.header('idempotency-key'));
  const result = await withStoreTransaction(sql, workspaceId, (store, tx) =>
    key === undefined ? write(store).then((response) => ({ ...response, replayed: false })) : idempotent(tx, workspaceScope(workspaceId), key, requestHash(c.req.method, c.req.path, bodyText), () => write(store)),
  );
  const headers = new Headers({ 'Content-Type': 'application/json', ...result.headers });
  if (result.replayed) headers.set(replayedHeader, 'true');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}
