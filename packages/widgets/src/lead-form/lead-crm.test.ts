import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuotaError, RateLimitedError, UnavailableError, createCrm, memoryAdapter, type StorageAdapter } from '@rapport/core';
import { flushOutbox } from './lead-courier.js';
import { sendToCrm } from './lead-crm.js';
import type { SendOutcome } from './lead-endpoint.js';
import { LeadOutbox } from './lead-outbox.js';

/** A body as the form writes it: the lead's fields plus the endpoint's spam-check fields. */
function body(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ email: 'ada@example.com', firstName: 'Ada', message: 'Call me', honeypot: '', startedAt: new Date().toISOString(), ...fields });
}

/** The real memory adapter, except that its first `failures` transactions throw `error()`. */
function failingAtFirst(failures: number, error: () => Error): StorageAdapter & { transactions: number } {
  const adapter = memoryAdapter();
  let transactions = 0;
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'transactions') return transactions;
      if (property === 'transaction') {
        return (...args: Parameters<StorageAdapter['transaction']>) => (++transactions <= failures ? Promise.reject(error()) : target.transaction(...args));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as StorageAdapter & { transactions: number };
}

describe('sendToCrm', () => {
  it('refuses a filled-in honeypot, as the endpoint does, and captures nothing', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const outcome = await sendToCrm({ body: body({ honeypot: 'https://spam.example' }) }, crm);
    assert.equal(outcome.kind, 'refused');
    assert.deepEqual(outcome.problem.issues.map((issue) => issue.path), [['honeypot']]);
    assert.equal((await crm.contacts.list({ limit: 10 })).items.length, 0);
  });

  it('captures the lead without the spam-check fields, and says what was stored', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const outcome = await sendToCrm({ body: body({ honeypot: '', consent: [{ purpose: 'marketing-email', granted: true, text: 'News, please' }] }) }, crm);
    assert.equal(outcome.kind, 'delivered');
    const { contactId, created, interactionId, replayed } = outcome.result;
    assert.deepEqual({ created, replayed }, { created: true, replayed: false });
    const contact = await crm.contacts.get(contactId);
    assert.deepEqual(contact.emails, ['ada@example.com']);
    assert.equal(contact.consent[0]?.purpose, 'marketing-email');
    const interaction = await crm.interactions.get(interactionId);
    assert.equal(interaction.type, 'formSubmission');
    assert.equal(interaction.contactId, contactId);
    assert.equal(interaction.body, 'Call me');

    // The same person again: merged into the contact, with a second submission on the timeline.
    const again = await sendToCrm({ body: body({ phone: '+1 555 0100' }) }, crm);
    assert.equal(again.kind, 'delivered');
    assert.equal(again.result.contactId, contactId);
    assert.equal(again.result.created, false);
    assert.notEqual(again.result.interactionId, interactionId);
  });

  it('refuses an invalid lead with issues naming the fields, and stores nothing', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const outcome = await sendToCrm({ body: body({ email: 'not-an-email', favouriteColour: 'blue' }) }, crm);
    assert.equal(outcome.kind, 'refused');
    assert.equal(outcome.problem.status, 0);
    assert.equal(outcome.problem.code, 'validation');
    assert.match(outcome.problem.title, /email/);
    assert.deepEqual(outcome.problem.issues.map((i) => i.path.join('.')).sort(), ['email', 'favouriteColour']);
    assert.ok(outcome.problem.issues.every((i) => i.message.length > 0));
    assert.equal((await crm.contacts.list()).items.length, 0);
  });

  it('refuses a body that is not a JSON object', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    for (const text of ['{"email":', '[]', 'null', '"ada@example.com"']) {
      const outcome = await sendToCrm({ body: text }, crm);
      assert.equal(outcome.kind, 'refused', text);
      assert.deepEqual(
        outcome.problem.issues.map((i) => i.path),
        [['body']],
      );
    }
  });

  it('retries while the store is unavailable, then delivers once through the outbox', async () => {
    const storage = failingAtFirst(2, () => new UnavailableError('Unavailable: the store did not answer'));
    const crm = createCrm({ storage });
    const failed = await sendToCrm({ body: body() }, crm);
    assert.deepEqual(failed, { kind: 'retry', problem: { status: 0, code: 'unavailable', title: 'Unavailable: the store did not answer', issues: [] } });

    let now = Date.UTC(2026, 4, 1);
    const outbox = new LeadOutbox({ storage: null, now: () => now });
    outbox.add({ id: 'lead-1', destination: 'crm', body: body() });
    const outcomes: SendOutcome['kind'][] = [];
    for (let round = 0; round < 5 && outbox.pending('crm').length > 0; round++) {
      await flushOutbox(outbox, 'crm', (entry) => sendToCrm(entry, crm), (_, outcome) => outcomes.push(outcome.kind));
      now += 10 * 60_000;
    }
    assert.deepEqual(outcomes, ['retry', 'delivered']);
    assert.equal(storage.transactions, 3);
    const contacts = (await crm.contacts.list()).items;
    assert.equal(contacts.length, 1);
    assert.equal((await crm.interactions.list({ contactId: contacts[0]!.id })).items.length, 1);
  });

  it('waits as long as a rate-limited store asks', async () => {
    const crm = createCrm({ storage: failingAtFirst(1, () => new RateLimitedError('Rate limited: slow down', { retryAfterMs: 4500 })) });
    const outcome = await sendToCrm({ body: body() }, crm);
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.retryAfterMs, 4500);
    assert.equal(outcome.problem?.code, 'rate_limited');
  });

  it('retries an error that is not core’s (a network TypeError), and refuses core’s other errors', async () => {
    const network = await sendToCrm({ body: body() }, createCrm({ storage: failingAtFirst(1, () => new TypeError('Failed to fetch')) }));
    assert.deepEqual(network, { kind: 'retry', problem: { status: 0, code: 'network', title: 'Failed to fetch', issues: [] } });
    const quota = await sendToCrm({ body: body() }, createCrm({ storage: failingAtFirst(1, () => new QuotaError('Quota: the store is full')) }));
    assert.deepEqual(quota, { kind: 'refused', problem: { status: 0, code: 'quota', title: 'Quota: the store is full', issues: [] } });
  });
});
