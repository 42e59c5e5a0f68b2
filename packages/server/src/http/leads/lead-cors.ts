import type { FormKey } from './form-keys.js';

/**
 * CORS of the public lead endpoint. Lead forms sit on any site, so the preflight answers every
 * origin; the allowlist is enforced on the POST itself, where the form key is known. No
 * credentials: the endpoint is cookie-less, so a browser never sends or exposes any.
 */

/** Headers of the answer to `OPTIONS /v1/leads`, whatever the origin. */
export const leadPreflightHeaders: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST',
  'Access-Control-Allow-Headers': 'Content-Type, Rapport-Form-Key, Idempotency-Key',
  'Access-Control-Max-Age': '600',
};

/** Whether a POST carrying `formKey` may come from `origin`; a request without `Origin` may not. */
export function isOriginAllowed(formKey: FormKey, origin: string | undefined): origin is string {
  return origin !== undefined && formKey.allowedOrigins.includes(origin);
}

/**
 * The CORS headers of a POST from an allowed origin (success or refusal alike, so the page can
 * read why it was refused). Exposes the headers a form script may act on.
 */
export function allowedOriginHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After, Idempotent-Replayed',
    Vary: 'Origin',
  };
}
