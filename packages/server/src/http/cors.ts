/**
 * CORS for the private API: only origins on the server's `corsOrigins` list may call it from a
 * browser. Keys travel in `Authorization`, never in cookies, so credentials are not allowed.
 * The public lead endpoint answers CORS itself (any origin may preflight it; its form key's
 * allowlist decides), so this middleware leaves it alone.
 */
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '@rapport/core';
import type { AppEnv } from './app-env.js';
import { problemResponse } from './problem.js';

/** Request headers a browser may send to the private API. */
export const corsAllowHeaders = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Last-Event-ID'];
/** Response headers a browser script may read. */
export const corsExposeHeaders = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-Request-Id'];
const allowMethods = ['GET', 'POST', 'PUT', 'DELETE'];

/** Options of {@link privateCors}. */
export interface PrivateCorsOptions {
  /** Origins allowed, such as `https://crm.example.com`. */
  origins: readonly string[];
  /** Path prefixes that answer CORS themselves. */
  skip: readonly string[];
}

/**
 * The private API's CORS: preflights from allowed origins get a 204 naming what is allowed,
 * preflights from other origins a 403 problem; actual requests from allowed origins get
 * `Access-Control-Allow-Origin`, others get no CORS headers (so the browser hides the answer).
 */
export function privateCors(options: PrivateCorsOptions): MiddlewareHandler<AppEnv> {
  const allowed = new Set(options.origins);
  return async (c, next) => {
    if (options.skip.some((prefix) => c.req.path === prefix || c.req.path.startsWith(`${prefix}/`))) return next();
    const origin = c.req.header('origin');
    const isPreflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    const ok = origin !== undefined && allowed.has(origin);
    if (isPreflight) {
      if (!ok) {
        const refused = problemResponse(new UnauthorizedError('Forbidden: this origin may not call the API'), { status: 403 });
        refused.headers.set('Vary', 'Origin');
        return refused;
      }
      const headers = new Headers({ Vary: 'Origin' });
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Allow-Methods', allowMethods.join(', '));
      headers.set('Access-Control-Allow-Headers', corsAllowHeaders.join(', '));
      headers.set('Access-Control-Max-Age', '600');
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (allowed.size === 0) return;
    c.res.headers.append('Vary', 'Origin');
    if (ok) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', corsExposeHeaders.join(', '));
    }
  };
}
