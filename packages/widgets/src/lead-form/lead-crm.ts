/**
 * Delivery of an outbox entry through a `Crm` the page already holds. Core is imported for its
 * types only: its errors are recognised by their `code`, so this module adds nothing to the CDN
 * bundle and works with any copy of core.
 */
import type { Crm, LeadInput } from '@rapport/core';
import { issuesOf, type SendOutcome } from './lead-endpoint.js';
import type { OutboxEntry } from './lead-outbox.js';

// Failures that may pass on a later try: the store was unreachable, another write got in first,
// or the store asked to slow down.
const retryCodes = new Set(['unavailable', 'conflict', 'rate_limited']);

/**
 * Delivers through `crm.leads.capture`: the body minus the endpoint-only `honeypot` and
 * `startedAt` fields; a filled-in honeypot is refused, as the endpoint would. A crm has no Idempotency-Key: an entry whose capture succeeded but whose
 * removal from the outbox did not (the page closed in between) is captured again.
 *
 * @example
 * const outcome = await sendToCrm(entry, crm);
 * if (outcome.kind === 'delivered') console.log(outcome.result.contactId);
 */
export async function sendToCrm(entry: Pick<OutboxEntry, 'body'>, crm: Pick<Crm, 'leads'>): Promise<SendOutcome> {
  let body: unknown;
  try {
    body = JSON.parse(entry.body);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = 'Malformed lead: the body is not a JSON object';
    return { kind: 'refused', problem: { status: 0, code: 'validation', title: message, issues: [{ path: ['body'], message, code: 'invalid_json' }] } };
  }
  const { honeypot, startedAt: _startedAt, ...lead } = body as Record<string, unknown>;
  // The endpoint refuses a filled honeypot on the server; with a crm, this is the place.
  if (honeypot !== undefined && honeypot !== null && honeypot !== '') {
    return { kind: 'refused', problem: { status: 0, code: 'validation', title: 'Lead refused', issues: [{ path: ['honeypot'], message: 'Must be empty', code: 'honeypot' }] } };
  }
  try {
    const { contact, created, interaction } = await crm.leads.capture(lead as LeadInput);
    return { kind: 'delivered', result: { contactId: contact.id, created, interactionId: interaction.id, replayed: false } };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** A thrown error as an outcome: core's errors by their code; anything else (a TypeError from the network…) is retried. */
function outcomeOf(error: unknown): SendOutcome {
  const { code, message, issues, retryAfterMs } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const title = typeof message === 'string' && message !== '' ? message : 'The lead could not be captured';
  if (typeof code !== 'string' || retryCodes.has(code)) {
    const wait = code === 'rate_limited' && typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? { retryAfterMs } : {};
    return { kind: 'retry', ...wait, problem: { status: 0, code: typeof code === 'string' ? code : 'network', title, issues: [] } };
  }
  return { kind: 'refused', problem: { status: 0, code, title, issues: issuesOf(issues) } };
}
