/**
 * Reading a JSON request body safely: the content type must be JSON (415), the body must fit the
 * limit (413) whether or not `Content-Length` tells the truth, and it must parse (400). Parse
 * errors are reported without quoting the body, which may hold personal data.
 */
import type { Context } from 'hono';
import { ValidationError } from '@rapport/core';
import { ProblemOverride } from './problem.js';

/** The default largest body the private API accepts: 1 MB. */
export const defaultBodyLimit = 1024 * 1024;

/** A parsed body and its exact text, which idempotency hashes. */
export interface JsonBody {
  readonly value: unknown;
  readonly text: string;
}

/** Options of {@link readJsonBody}. */
export interface ReadJsonOptions {
  /** The largest body accepted, in bytes. */
  limit: number;
  /** What an absent body stands for; omitted, a body is required. */
  empty?: unknown;
}

function refusal(status: number, path: string, message: string, code: string): ProblemOverride {
  return new ProblemOverride(new ValidationError(message, [{ path: [path], message, code }]), { status });
}

/** Whether `header` names JSON: `application/json`, with or without parameters such as `charset`. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Reads the whole body, refusing it as soon as it passes `limit` bytes. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw refusal(413, 'body', `Request body too large: at most ${limit} bytes`, 'too_big');
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw refusal(413, 'body', `Request body too large: at most ${limit} bytes`, 'too_big');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request's JSON body. Throws a problem: 415 when the content type is not JSON, 413 past
 * `limit` bytes, 400 when the bytes are not UTF-8 JSON (or absent where one is required).
 *
 * @example
 * const { value } = await readJsonBody(c, { limit: 1_048_576, empty: {} });
 */
export async function readJsonBody(c: Context, options: ReadJsonOptions): Promise<JsonBody> {
  const request = c.req.raw;
  const declared = request.headers.get('content-length');
  const absent = !request.body || declared === '0';
  if (absent && !request.headers.has('content-type') && 'empty' in options) return { value: options.empty, text: '' };
  if (!isJsonContentType(request.headers.get('content-type') ?? undefined)) {
    throw refusal(415, 'Content-Type', 'Unsupported content type: send application/json', 'unsupported_media_type');
  }
  const bytes = await readLimited(request, options.limit);
  if (bytes.byteLength === 0) {
    if ('empty' in options) return { value: options.empty, text: '' };
    throw refusal(400, 'body', 'A JSON body is required', 'required');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refusal(400, 'body', 'Malformed JSON: the body is not UTF-8', 'invalid_json');
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    throw refusal(400, 'body', 'Malformed JSON', 'invalid_json');
  }
}

/** Whether `value` is a plain JSON object (not an array or null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a 400 unless `value` is a JSON object; `what` names it in the message. */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (isJsonObject(value)) return value;
  throw new ValidationError(`Invalid ${what}`, [{ path: [], message: 'Must be a JSON object', code: 'invalid_type' }]);
}
