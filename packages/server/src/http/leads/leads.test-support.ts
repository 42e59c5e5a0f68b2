/**
 * What the lead endpoint's tests share: a valid submission, a poster that speaks to a server,
 * and reads straight from the database to check what was (or was not) written.
 */
import type { Sql } from '../../db/sql.js';

/** The origin the test form keys allow. */
export const formOrigin = 'https://forms.example.com';

/** A submission a person could have made: the form was shown 10 s ago, the honeypot is empty. */
export function leadBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    message: 'Please call me about the pro plan',
    honeypot: '',
    startedAt: new Date(Date.now() - 10_000).toISOString(),
    ...fields,
  };
}

/** How {@link postLead} sends a submission. */
export interface PostLeadOptions {
  key?: string;
  /** `Origin`; `null` sends none. Default {@link formOrigin}. */
  origin?: string | null;
  /** The JSON body, or raw text sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** `POST {url}/v1/leads` as a browser on a form page would send it. */
export function postLead(url: string, options: PostLeadOptions = {}): Promise<Response> {
  const headers = new Headers({ 'Content-Type': 'application/json', ...options.headers });
  if (options.key !== undefined) headers.set('Rapport-Form-Key', options.key);
  const origin = options.origin === undefined ? formOrigin : options.origin;
  if (origin !== null) headers.set('Origin', origin);
  const body = options.body ?? leadBody();
  return fetch(`${url}/v1/leads`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Rows a submission may write, counted in one workspace (idempotency rows are per form key, counted over all). */
export async function writtenRows(sql: Sql, workspaceId: string): Promise<{ contacts: number; interactions: number; changes: number; idempotency: number }> {
  const [row] = await sql.query<{ contacts: number; interactions: number; changes: number; idempotency: number }>(
    `SELECT
       (SELECT count(*)::int FROM records WHERE workspace_id = $1 AND collection = 'contacts') AS contacts,
       (SELECT count(*)::int FROM records WHERE workspace_id = $1 AND collection = 'interactions') AS interactions,
       (SELECT count(*)::int FROM changes WHERE workspace_id = $1) AS changes,
       (SELECT count(*)::int FROM idempotency) AS idempotency`,
    [workspaceId],
  );
  return row!;
}

/**
 * Waits, when the database's current minute has less than `needMs` left, for the next one: a
 * rate-limit test must not see its window reset halfway through.
 */
export async function untilFreshWindow(sql: Sql, needMs = 5000): Promise<void> {
  const [row] = await sql.query<{ left_ms: number }>(
    `SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())::float8 * 1000 AS left_ms`,
  );
  const left = row!.left_ms;
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
