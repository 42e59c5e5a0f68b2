/**
 * The request log and request ids: one JSON line per request, naming the matched route pattern
 * (never the URL, whose ids and query string may identify people), the status, the time taken,
 * the request id and the workspace. Never bodies, emails, names, keys or IP addresses.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv, LogLine, LogSink } from './app-env.js';

/** The default sink: one JSON line per entry on stderr. */
export function stderrLog(line: LogLine): void {
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Writes a line to `sink`, stamped with the time; a sink that throws never breaks a request. */
export function writeLog(sink: LogSink, line: LogLine): void {
  if (!sink) return;
  try {
    sink({ time: new Date().toISOString(), ...line });
  } catch {
    // Logging is best effort.
  }
}

// A caller's id is echoed only if it is short and plain, so it cannot smuggle data into logs.
const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The route pattern that answered, with parameters' regular expressions left out
 * (`/v1/:collection/:id`), or `unmatched` when no route did.
 */
function matchedRoute(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const path = routePath(c);
  return path === '' || path === '*' || path === '/*' ? 'unmatched' : path.replace(/\{[^}]*\}/g, '');
}

/**
 * Sets `X-Request-Id` (the caller's, when it is plain, or a new UUID) and logs the request when
 * its response is ready.
 */
export function requestLog(sink: LogSink): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && requestIdPattern.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    try {
      await next();
    } finally {
      c.res.headers.set('X-Request-Id', requestId);
      const workspace = c.get('workspaceId');
      const status = c.res.status;
      writeLog(sink, {
        level: status >= 500 ? 'error' : 'info',
        msg: 'request',
        method: c.req.method,
        route: matchedRoute(c),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        requestId,
        ...(workspace ? { workspace } : {}),
      });
    }
  };
}
