/**
 * Bearer authentication of the private API: the key names the workspace every read and write of
 * the request is scoped to. Keys are found by their hash, so comparing them takes no secret-
 * dependent time; a malformed key is refused before the database is asked.
 */
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError, UnavailableError } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import { apiKeyPattern, workspaceOfKey } from './api-keys.js';
import type { AppEnv } from './app-env.js';

/** Requires `Authorization: Bearer rk_…` of a live key and sets `workspaceId` on the context. */
export function requireApiKey(sql: Sql): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new UnauthorizedError('Unauthorized: send Authorization: Bearer <API key>');
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    const key = match?.[1];
    if (!key || !apiKeyPattern.test(key)) throw new UnauthorizedError('Unauthorized: malformed API key');
    let workspaceId: string | undefined;
    try {
      workspaceId = await workspaceOfKey(sql, key);
    } catch (error) {
      // Without the database no key can be checked: a retry may work, so this is not a 500.
      throw new UnavailableError('Unavailable: API keys cannot be checked now', { cause: error });
    }
    if (!workspaceId) throw new UnauthorizedError('Unauthorized: unknown or revoked API key');
    c.set('workspaceId', workspaceId);
    await next();
  };
}
