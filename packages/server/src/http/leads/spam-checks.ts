import type { ValidationIssue } from '@rapport/core';

/**
 * The lead endpoint's cheap bot checks, made before anything is written:
 * - `honeypot`: a field the form hides from people; only a bot fills it in.
 * - `startedAt`: when the form was shown; a person needs some seconds to fill it in, a bot
 *   posts at once (or makes the time up, hence the refusal of times in the future).
 */

// Clocks of browsers and servers disagree by a little; more than this is a made-up time.
const allowedClockSkewMs = 5000;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * The spam-check issues of a lead's body (empty when it passes): path `['honeypot']` when the
 * honeypot is filled in, path `['startedAt']` when the form-fill time is missing, malformed, in
 * the future, or shorter than `minFillMs`.
 *
 * @example
 * const issues = spamIssues(body, formKey.minFillMs, Date.now());
 * if (issues.length) refuseWith422(issues);
 */
export function spamIssues(body: Readonly<Record<string, unknown>>, minFillMs: number, now: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { honeypot, startedAt } = body;
  if (honeypot !== undefined && honeypot !== null && honeypot !== '') {
    issues.push({ path: ['honeypot'], message: 'Must be empty', code: 'honeypot' });
  }
  const started = typeof startedAt === 'string' && isoDateTime.test(startedAt) ? Date.parse(startedAt) : Number.NaN;
  if (Number.isNaN(started)) {
    issues.push({ path: ['startedAt'], message: 'Must be the ISO-8601 date-time at which the form was shown', code: 'invalid_date' });
  } else if (started > now + allowedClockSkewMs) {
    issues.push({ path: ['startedAt'], message: 'Must not be in the future', code: 'in_future' });
  } else if (minFillMs > 0 && now - started < minFillMs) {
    issues.push({ path: ['startedAt'], message: 'The form was submitted too quickly', code: 'too_fast' });
  }
  return issues;
}
