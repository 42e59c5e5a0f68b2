/**
 * Health checks for load balancers and orchestrators: `/healthz` says the process answers (no
 * database, no auth), `/readyz` that the database does too.
 */
import { Hono } from 'hono';
import { UnavailableError } from '@rapport/core';
import type { Sql } from '../db/sql.js';
import type { AppEnv } from './app-env.js';
import { problemResponse } from './problem.js';

/** How long `/readyz` waits for the database before saying it is not ready. */
export const readinessTimeoutMs = 2000;

/**
 * The health routes.
 *
 * @example
 * app.route('/', healthRoutes(sql));
 */
export function healthRoutes(sql: Sql): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ ok: true }));
  routes.get('/readyz', async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), readinessTimeoutMs);
    });
    try {
      await Promise.race([sql.query('SELECT 1'), timeout]);
      return c.json({ ok: true });
    } catch (error) {
      return problemResponse(new UnavailableError('Not ready: the database does not answer', { cause: error }));
    } finally {
      clearTimeout(timer);
    }
  });
  return routes;
}
