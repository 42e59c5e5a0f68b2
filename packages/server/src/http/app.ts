/**
 * The Hono app of the private API: request ids and the request log around everything, CORS, Bearer
 * auth on every private route, the routes, and problem responses for every failure (unknown
 * routes included). The public lead routes are mounted by the server next to these.
 */
import { Hono } from 'hono';
import { RapportError } from '@rapport/core';
import type { AppDeps, AppEnv } from './app-env.js';
import { requireApiKey } from './auth.js';
import { batchRoute } from './batch-route.js';
import { changesRoutes } from './changes-routes.js';
import { privateCors } from './cors.js';
import { healthRoutes } from './health-routes.js';
import { problemErrorHandler, problemResponse } from './problem.js';
import { collectionPath, recordsRoutes } from './records-routes.js';
import { reportsRoute } from './reports-route.js';
import { requestLog, writeLog } from './request-log.js';

/** Paths under `/v1` that are public and answer CORS themselves. */
export const publicPrefixes = ['/v1/leads'];

/**
 * Builds the app from its dependencies. Nothing here listens or owns a resource: the server
 * does.
 *
 * @example
 * const app = buildApp({ sql, feed: changeFeed(sql), corsOrigins: [], bodyLimit: 1_048_576, log: false, streams: new StreamRegistry() });
 */
export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(deps.log));
  app.use('*', privateCors({ origins: deps.corsOrigins, skip: publicPrefixes }));

  const auth = requireApiKey(deps.sql);
  for (const path of [`${collectionPath}/*`, '/v1/batch', '/v1/changes/*', '/v1/reports/*']) app.use(path, auth);

  app.route('/', healthRoutes(deps.sql));
  app.route('/', recordsRoutes(deps));
  app.route('/', batchRoute(deps));
  app.route('/', changesRoutes(deps));
  app.route('/', reportsRoute(deps));

  app.notFound(() => problemResponse(new RapportError('not_found', 'Not found: no route matches this method and path')));
  app.onError(
    problemErrorHandler((details, c) => writeLog(deps.log, { level: 'error', msg: 'unhandled error', requestId: c.get('requestId'), ...details })),
  );
  return app;
}
