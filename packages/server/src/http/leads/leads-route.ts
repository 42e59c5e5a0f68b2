/**
 * `POST /v1/leads`: the public, cookie-less endpoint a web form posts to. The checks run
 * cheapest and most telling first, and nothing is written until all have passed:
 * body size (413), content type (415), form key (401), origin (403), rate limits (429), JSON
 * (400), spam checks (422). Then, in one transaction, core's lead capture.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { UnauthorizedError, ValidationError, createCrm, isRapportError, normalizeEmail, type LeadInput, type ValidationIssue } from '@rapport/core';
import type { Sql } from '../../db/sql.js';
import { withStoreTransaction } from '../../store/index.js';
import { isJsonContentType, requireObject } from '../body.js';
import { idempotencyKeyOf, idempotent, replayedHeader, requestHash, type IdempotentResponse, type IdempotentResult } from '../idempotency.js';
import { ProblemOverride, problemResponse } from '../problem.js';
import { clientIp } from './client-ip.js';
import { findActiveFormKey, type FormKey } from './form-keys.js';
import { allowedOriginHeaders, isOriginAllowed, leadPreflightHeaders } from './lead-cors.js';
import { countHit, deleteOldWindows, leadIpBucket, leadKeyBucket } from './rate-limit.js';
import { spamIssues } from './spam-checks.js';

/** What the lead routes need. */
export interface LeadsRoutesDeps {
  /** The database: form keys, rate-limit counters, and the workspaces' records. */
  sql: Sql;
  /** Take the client IP from the first `X-Forwarded-For` hop (only behind a load balancer that sets it). */
  trustProxy: boolean;
  /** Submissions allowed per minute from one client network, and with one form key. */
  limits: { perIpPerMinute: number; perKeyPerMinute: number };
}

/** The largest lead body accepted, in bytes: a form's worth of text, far below the private API's limit. */
export const leadBodyLimit = 32 * 1024;

// The class half of the two-part advisory lock key, so lead locks never collide with the
// one-part (bigint) locks other parts of the server take. ASCII 'lead'.
const leadLockClass = 0x6c65_6164;

/**
 * The lead endpoint's routes, to be mounted at `/v1/leads`: `OPTIONS /` (the CORS preflight,
 * for any origin) and `POST /` (a submission, checked against its form key).
 *
 * @example
 * app.route('/v1/leads', leadsRoutes({ sql, trustProxy: false, limits: { perIpPerMinute: 10, perKeyPerMinute: 600 } }));
 */
export function leadsRoutes(deps: LeadsRoutesDeps): Hono {
  const app = new Hono();
  app.options('/', () => new Response(null, { status: 204, headers: leadPreflightHeaders }));
  app.post('/', bodyLimit({ maxSize: leadBodyLimit, onError: () => problemResponse(tooLarge()) }), async (c) => {
    // Set once the origin is known to be allowed: from then on even a refusal is readable by the page.
    let cors: Record<string, string> = {};
    try {
      if (!isJsonContentType(c.req.header('content-type'))) throw unsupportedMediaType();
      const formKey = await findActiveFormKey(deps.sql, c.req.header('rapport-form-key'));
      const origin = c.req.header('origin');
      if (!isOriginAllowed(formKey, origin)) {
        throw new ProblemOverride(new UnauthorizedError('Forbidden: this origin may not post with this form key'), { status: 403 });
      }
      cors = allowedOriginHeaders(origin);
      // For the request log's `workspace` (the app's env declares the variable; this sub-app's `Hono` type does not).
      c.set('workspaceId' as never, formKey.workspaceId as never);
      await enforceRateLimits(deps, formKey, clientIp(c, deps.trustProxy));

      const text = await readUtf8(c);
      const body = requireObject(parseJson(text), 'lead');
      const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'));
      const refused = spamIssues(body, formKey.minFillMs, Date.now());
      if (refused.length > 0) throw new ProblemOverride(new ValidationError('Lead refused', refused), { status: 422 });

      const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, hash: requestHash('POST', c.req.path, text) };
      const result = await capture(deps.sql, formKey, body, idempotency);
      return Response.json(result.body, {
        status: result.status,
        headers: { ...cors, ...result.headers, ...(result.replayed ? { [replayedHeader]: 'true' } : {}) },
      });
    } catch (error) {
      // Anything else is a defect: the app's error handler answers 500 and logs it.
      if (!isRapportError(error) && !(error instanceof ProblemOverride)) throw error;
      const response = problemResponse(error);
      // The private API's 401 names the Bearer scheme; a form key is not a bearer token.
      response.headers.delete('WWW-Authenticate');
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      return response;
    }
  });
  return app;
}

/** Counts the submission per client network, then per form key; throws 429 past either limit. */
async function enforceRateLimits(deps: LeadsRoutesDeps, formKey: FormKey, ip: string | undefined): Promise<void> {
  // Without a client address (a runtime that does not say) only the per-key limit can apply;
  // one shared "unknown" bucket would let a single client lock everyone out.
  if (ip !== undefined) await countHit(deps.sql, leadIpBucket(ip, deps.limits.perIpPerMinute));
  const { firstInWindow } = await countHit(deps.sql, leadKeyBucket(formKey.key, deps.limits.perKeyPerMinute));
  // Once a minute per form key is often enough to keep the counters table small.
  if (firstInWindow) await deleteOldWindows(deps.sql);
}

/**
 * Captures the lead in one transaction: serialised with any other submission of the same email
 * address to the same workspace, so that two of them cannot both create a contact, and with the
 * idempotency record (scoped to the form key) written alongside.
 */
async function capture(sql: Sql, formKey: FormKey, body: Record<string, unknown>, idempotency: { key: string; hash: string } | undefined): Promise<IdempotentResult> {
  // The spam-check fields are the endpoint's, not the lead's; the key's form id wins over the body's.
  const { honeypot: _honeypot, startedAt: _startedAt, ...fields } = body;
  const formId = formKey.formId ?? fields.formId;
  const input = { ...fields, ...(formId === undefined ? {} : { formId }) };
  const email = typeof fields.email === 'string' ? normalizeEmail(fields.email) : '';

  return withStoreTransaction(sql, formKey.workspaceId, async (store, tx) => {
    if (email) await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [leadLockClass, emailLockKey(formKey.workspaceId, email)]);
    const run = async (): Promise<IdempotentResponse> => {
      const { contact, created, interaction } = await createCrm({ storage: store }).leads.capture(input as LeadInput);
      return { status: 201, body: { contactId: contact.id, created, interactionId: interaction.id } };
    };
    if (!idempotency) return { ...(await run()), replayed: false };
    return idempotent(tx, `form-key:${formKey.key}`, idempotency.key, idempotency.hash, run);
  });
}

/** The object half of the advisory lock key: a 32-bit hash of workspace and email (a collision only serialises two leads). */
function emailLockKey(workspaceId: string, email: string): number {
  return createHash('sha256').update(`${workspaceId}\n${email}`).digest().readInt32BE(0);
}

async function readUtf8(c: Context): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw malformed('Malformed JSON: the body is not UTF-8');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The body may hold personal data, so the parser's message (which quotes it) is not passed on.
    throw malformed('Malformed JSON');
  }
}

function refusal(status: number, issue: ValidationIssue, message: string): ProblemOverride {
  return new ProblemOverride(new ValidationError(message, [issue]), { status });
}

function tooLarge(): ProblemOverride {
  const message = `Request body too large: at most ${leadBodyLimit} bytes`;
  return refusal(413, { path: ['body'], message, code: 'too_big' }, message);
}

function unsupportedMediaType(): ProblemOverride {
  const message = 'Unsupported content type: send application/json';
  return refusal(415, { path: ['Content-Type'], message, code: 'unsupported_media_type' }, message);
}

function malformed(message: string): ProblemOverride {
  return refusal(400, { path: ['body'], message, code: 'invalid_json' }, message);
}
