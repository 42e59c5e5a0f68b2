import { randomBytes } from 'node:crypto';
import { NotFoundError, UnauthorizedError, ValidationError, type ValidationIssue } from '@rapport/core';
import type { Sql } from '../../db/sql.js';

/** A form key as the lead endpoint needs it: whose leads it takes, from where, and how fast. */
export interface FormKey {
  readonly key: string;
  readonly workspaceId: string;
  /** Recorded as the contact's `source.formId`; absent when the key was made without one. */
  readonly formId: string | undefined;
  /** Exact origins (`https://example.com`) whose pages may post with this key. */
  readonly allowedOrigins: readonly string[];
  /** A submission made sooner than this after the form was shown is taken for a bot. */
  readonly minFillMs: number;
}

/** What {@link createFormKey} accepts. */
export interface FormKeyOptions {
  /** The origins allowed to post, each exactly `scheme://host[:port]` as browsers send it. */
  allowedOrigins: string[];
  /** The form's id, recorded on the leads it captures (at most 128 characters). */
  formId?: string;
  /** The least time in ms between showing the form and submitting it (default 3,000). */
  minFillMs?: number;
}

const defaultMinFillMs = 3000;
// More than a few minutes would refuse real people who type slowly; it is surely a typo.
const maxMinFillMs = 10 * 60_000;
const maxOrigins = 100;
const maxFormIdLength = 128;
/** `fk_` and 32 random bytes in base64url: what {@link createFormKey} makes. */
const formKeyPattern = /^fk_[A-Za-z0-9_-]{43}$/;

/**
 * Makes a publishable form key for a workspace's lead form, and returns it. The key may sit in a
 * web page; posts carrying it are accepted only from `allowedOrigins`.
 *
 * @throws ValidationError when an origin, the form id or `minFillMs` is malformed.
 * @throws NotFoundError when the workspace does not exist.
 * @example
 * const key = await createFormKey(sql, workspaceId, { allowedOrigins: ['https://example.com'], formId: 'newsletter' });
 */
export async function createFormKey(sql: Sql, workspaceId: string, options: FormKeyOptions): Promise<string> {
  const { allowedOrigins, formId, minFillMs } = parseFormKeyOptions(options);
  const key = `fk_${randomBytes(32).toString('base64url')}`;
  try {
    await sql.query('INSERT INTO form_keys (key, workspace_id, form_id, allowed_origins, min_fill_ms) VALUES ($1, $2, $3, $4, $5)', [
      key,
      workspaceId,
      formId ?? null,
      allowedOrigins,
      minFillMs,
    ]);
  } catch (error) {
    // 23503: no such workspace (foreign key); 22P02: not even a uuid.
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '23503' || code === '22P02') throw new NotFoundError('workspaces', workspaceId, { cause: error });
    throw error;
  }
  return key;
}

/**
 * Revokes a form key: from now on the lead endpoint answers 401 to it. Revoking an unknown or
 * already revoked key does nothing.
 *
 * @example
 * await revokeFormKey(sql, key);
 */
export async function revokeFormKey(sql: Sql, key: string): Promise<void> {
  await sql.query('UPDATE form_keys SET revoked_at = now() WHERE key = $1 AND revoked_at IS NULL', [key]);
}

/**
 * The active form key named by a `Rapport-Form-Key` header.
 *
 * @throws UnauthorizedError when the header is missing or malformed, or the key is unknown or revoked.
 */
export async function findActiveFormKey(sql: Sql, header: string | undefined): Promise<FormKey> {
  // A malformed key cannot exist, so it costs no query.
  if (!header || !formKeyPattern.test(header)) throw new UnauthorizedError('Unauthorized: missing or malformed Rapport-Form-Key header');
  const [row] = await sql.query<{ workspace_id: string; form_id: string | null; allowed_origins: string[]; min_fill_ms: number }>(
    'SELECT workspace_id, form_id, allowed_origins, min_fill_ms FROM form_keys WHERE key = $1 AND revoked_at IS NULL',
    [header],
  );
  if (!row) throw new UnauthorizedError('Unauthorized: unknown or revoked form key');
  return {
    key: header,
    workspaceId: row.workspace_id,
    formId: row.form_id ?? undefined,
    allowedOrigins: row.allowed_origins,
    minFillMs: row.min_fill_ms,
  };
}

function parseFormKeyOptions(options: FormKeyOptions): { allowedOrigins: string[]; formId: string | undefined; minFillMs: number } {
  const issues: ValidationIssue[] = [];
  const origins: unknown = options?.allowedOrigins;
  if (!Array.isArray(origins) || origins.length === 0 || origins.length > maxOrigins) {
    issues.push({ path: ['allowedOrigins'], message: `Must be a list of 1 to ${maxOrigins} origins` });
  } else {
    origins.forEach((origin, index) => {
      if (!isExactOrigin(origin)) {
        issues.push({ path: ['allowedOrigins', index], message: 'Must be an origin exactly as browsers send it, such as https://example.com or http://localhost:8080' });
      }
    });
  }
  const formId: unknown = options?.formId;
  if (formId !== undefined && (typeof formId !== 'string' || formId.trim() !== formId || formId.length === 0 || formId.length > maxFormIdLength)) {
    issues.push({ path: ['formId'], message: `Must be 1 to ${maxFormIdLength} characters without surrounding spaces` });
  }
  const minFillMs: unknown = options?.minFillMs ?? defaultMinFillMs;
  if (typeof minFillMs !== 'number' || !Number.isInteger(minFillMs) || minFillMs < 0 || minFillMs > maxMinFillMs) {
    issues.push({ path: ['minFillMs'], message: `Must be a whole number of milliseconds from 0 to ${maxMinFillMs}` });
  }
  if (issues.length > 0) throw new ValidationError('Invalid form key options', issues);
  return { allowedOrigins: [...new Set(origins as string[])], formId: formId as string | undefined, minFillMs: minFillMs as number };
}

/**
 * Whether `value` is an http(s) origin in the serialised form of the `Origin` header (lower-case
 * host, no default port, no path), so that the allowlist can be matched by plain equality.
 */
function isExactOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    // The URL parser lets a few odd hosts through (`*.example.com`); an origin's host is a name or an address.
    const plainHost = /^(?:[a-z0-9_-]+\.)*[a-z0-9_-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname);
    return (url.protocol === 'https:' || url.protocol === 'http:') && plainHost && url.origin === value;
  } catch {
    return false;
  }
}
