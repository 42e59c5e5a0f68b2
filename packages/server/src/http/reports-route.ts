/**
 * `POST /v1/reports/{name}` (and `GET`, which is a POST with `{}`): core's `runReport` over the
 * workspace's store, so a report computed here equals `crm.reports.run` over the same records.
 * Core validates the parameters; `staleDeals` measures from now when `asOf` is absent, as
 * `crm.reports.staleDeals` does.
 */
import { Hono, type Context } from 'hono';
import { NotFoundError, reportNames, runReport, type ReportName } from '@rapport/core';
import { postgresStore } from '../store/index.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { isJsonObject, readJsonBody } from './body.js';

function isReportName(name: string): name is ReportName {
  return (reportNames as readonly string[]).includes(name);
}

/** The parameters `runReport` gets: `staleDeals` without `asOf` is measured from now. */
function reportParams(name: ReportName, params: unknown, now: () => Date): unknown {
  if (name === 'staleDeals' && isJsonObject(params) && params.asOf === undefined) return { ...params, asOf: now().toISOString() };
  return params;
}

/**
 * The report routes.
 *
 * @example
 * app.route('/', reportsRoute(deps));
 */
export function reportsRoute(deps: AppDeps, now: () => Date = () => new Date()): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const run = async (c: Context<AppEnv>, params: unknown) => {
    const name = c.req.param('name') ?? '';
    if (!isReportName(name)) throw new NotFoundError('reports', name, { message: `Not found: no report called ${name}; use one of ${reportNames.join(', ')}` });
    const store = postgresStore({ sql: deps.sql, workspaceId: c.get('workspaceId') });
    return c.json(await runReport(store, name, reportParams(name, params, now) as never, { signal: c.req.raw.signal }));
  };
  routes.post('/v1/reports/:name', async (c) => run(c, (await readJsonBody(c, { limit: deps.bodyLimit, empty: {} })).value));
  routes.get('/v1/reports/:name', (c) => run(c, {}));
  return routes;
}
