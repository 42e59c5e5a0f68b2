import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  ConflictError,
  createCrm,
  fixedClock,
  memoryAdapter,
  type Change,
  type CollectionName,
  type CollectionOf,
  type Consent,
  type Contact,
  type CrmEvent,
  type CrmEventName,
  type LeadInput,
  type StorageAdapter,
  type StorageScope,
  type StoredRecord,
  type WriteOptions,
  type WriteRecord,
} from '../index.js';
import { expectRefusal, seededWorkspace } from '../testing-support/refusal.test-support.js';

const now = '2026-05-01T08:00:00.000Z';

function setup(storage: StorageAdapter = memoryAdapter()) {
  const clock = fixedClock(now);
  const crm = createCrm({ storage, clock });
  const events: CrmEvent[] = [];
  for (const type of ['contact.created', 'contact.updated', 'interaction.logged'] as const satisfies CrmEventName[]) {
    crm.on(type, (event) => events.push(event as CrmEvent));
  }
  return { crm, clock, events };
}

/** SHA-256 in hex with Node's own implementation, to check core's Web Crypto one against. */
function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const consentText = '  I agree to receive product news by email from Rapport. Désinscription à tout moment.  ';

const fullLead: LeadInput = {
  email: 'ADA@Example.com ',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '+44 20 7946 0001',
  company: 'Analytical Engines',
  title: 'Engineer',
  message: 'Please call me about the pro plan.',
  customFields: { plan: 'pro', seats: 5 },
  consent: [
    { purpose: 'marketing-email', granted: true, text: consentText },
    { purpose: 'phone-calls', granted: false, text: 'You may call me.' },
  ],
  source: { utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'spring', referrer: 'https://news.example.org/', landingPage: 'https://example.com/pricing' },
  formId: 'pricing-contact',
};

describe('leads.capture: a new contact', () => {
  it('creates a lead with the submitted fields, a form source and hashed consent', async () => {
    const { crm } = setup();
    const { contact, created, interaction } = await crm.leads.capture(fullLead);
    assert.equal(created, true);
    assert.deepEqual(await crm.contacts.get(contact.id), contact);
    assert.equal(contact.version, 1);
    assert.deepEqual(contact.emails, ['ada@example.com']);
    assert.deepEqual([contact.firstName, contact.lastName, contact.title, contact.companyName], ['Ada', 'Lovelace', 'Engineer', 'Analytical Engines']);
    assert.deepEqual(contact.phones, ['+44 20 7946 0001']);
    assert.equal(contact.lifecycleStage, 'lead');
    assert.deepEqual(contact.customFields, { plan: 'pro', seats: 5 });
    assert.deepEqual(contact.source, {
      channel: 'form',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring',
      referrer: 'https://news.example.org/',
      landingPage: 'https://example.com/pricing',
      formId: 'pricing-contact',
    });
    assert.deepEqual(contact.consent, [
      { purpose: 'marketing-email', granted: true, at: now, textHash: sha256(consentText), method: 'form' },
      { purpose: 'phone-calls', granted: false, at: now, textHash: sha256('You may call me.'), method: 'form' },
    ]);
    assert.equal(interaction.contactId, contact.id);
  });

  it('hashes the exact text shown: spaces and accents count', async () => {
    const { crm } = setup();
    const { contact } = await crm.leads.capture({ email: 'a@example.com', consent: [{ purpose: 'news', granted: true, text: consentText }] });
    const [record] = contact.consent as [Consent];
    assert.equal(record.textHash, sha256(consentText));
    assert.notEqual(record.textHash, sha256(consentText.trim()));
  });

  it('hashes with SHA-256 (the FIPS 180-2 test vector "abc")', async () => {
    const { crm } = setup();
    const { contact } = await crm.leads.capture({ email: 'a@example.com', consent: [{ purpose: 'news', granted: true, text: 'abc' }] });
    assert.equal(contact.consent[0]?.textHash, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('writes a formSubmission interaction with the message, the form and the UTM parameters', async () => {
    const { crm } = setup();
    const { contact, interaction } = await crm.leads.capture(fullLead);
    assert.deepEqual(await crm.interactions.get(interaction.id), interaction);
    assert.equal(interaction.type, 'formSubmission');
    assert.equal(interaction.contactId, contact.id);
    assert.equal(interaction.occurredAt, now);
    assert.equal(interaction.direction, 'inbound');
    assert.equal(interaction.body, 'Please call me about the pro plan.');
    assert.deepEqual(interaction.data, {
      formId: 'pricing-contact',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring',
      referrer: 'https://news.example.org/',
      landingPage: 'https://example.com/pricing',
    });
    const timeline = await crm.interactions.list({ contactId: contact.id });
    assert.deepEqual(timeline.items.map((i) => i.id), [interaction.id]);
  });

  it('writes the contact and the interaction in one transaction', async () => {
    const { crm } = setup();
    const batches: (readonly Change[])[] = [];
    crm.storage.changes((changes) => batches.push(changes));
    const { contact, interaction } = await crm.leads.capture(fullLead);
    assert.equal(batches.length, 1);
    assert.deepEqual(
      batches[0]?.map((c) => [c.collection, c.id]),
      [
        ['contacts', contact.id],
        ['interactions', interaction.id],
      ],
    );
  });

  it('treats blank text fields as absent, as HTML forms send them', async () => {
    const { crm } = setup();
    const { contact, interaction } = await crm.leads.capture({ email: 'ada@example.com', firstName: '  ', phone: '', company: '', message: ' ', source: { utmTerm: '' } });
    assert.equal('firstName' in contact, false);
    assert.equal('companyName' in contact, false);
    assert.deepEqual(contact.phones, []);
    assert.deepEqual(contact.source, { channel: 'form' });
    assert.equal('body' in interaction, false);
    assert.equal('data' in interaction, false);
  });

  it('accepts a lead without an email address, and does not match it to anyone', async () => {
    const { crm } = setup();
    const first = await crm.leads.capture({ firstName: 'Ada' });
    const second = await crm.leads.capture({ firstName: 'Ada' });
    assert.equal(second.created, true);
    assert.notEqual(first.contact.id, second.contact.id);
    assert.deepEqual(first.contact.emails, []);
  });

  it('fires contact.created, then interaction.logged', async () => {
    const { crm, events } = setup();
    const { contact, interaction } = await crm.leads.capture(fullLead);
    assert.deepEqual(events, [
      { type: 'contact.created', contact },
      { type: 'interaction.logged', interaction },
    ]);
  });
});

describe('leads.capture: an existing contact', () => {
  it('matches the contact by normalised email ("ADA@Example.com " finds ada@example.com)', async () => {
    const { crm } = setup();
    const ada = await crm.contacts.create({ firstName: 'Ada', emails: ['other@example.com', 'ada@example.com'] });
    const { contact, created } = await crm.leads.capture({ email: 'ADA@Example.com ' });
    assert.equal(created, false);
    assert.equal(contact.id, ada.id);
    assert.equal(await crm.storage.collection('contacts').count(), 1);
  });

  it('fills only empty fields, adds a new phone, keeps the first-touch source and the lifecycle stage', async () => {
    const { crm, clock } = setup();
    const existing = await crm.contacts.create({
      firstName: 'Augusta',
      title: 'Countess',
      emails: ['ada@example.com'],
      phones: ['+44 20 7946 0000'],
      lifecycleStage: 'customer',
      source: { channel: 'import', utmSource: 'expo' },
      customFields: { plan: 'free', empty: null },
      consent: [{ purpose: 'marketing-email', granted: false, at: '2026-01-01T00:00:00Z', textHash: sha256('old'), method: 'import' }],
    });
    clock.advance(60_000);
    const { contact, created } = await crm.leads.capture({ ...fullLead, customFields: { plan: 'pro', seats: 5, empty: 'filled' } });
    assert.equal(created, false);
    assert.equal(contact.id, existing.id);
    assert.equal(contact.version, 2);
    assert.equal(contact.updatedAt, '2026-05-01T08:01:00.000Z');
    assert.equal(contact.firstName, 'Augusta', 'a name the CRM has is never overwritten');
    assert.equal(contact.lastName, 'Lovelace', 'an empty name is filled');
    assert.equal(contact.title, 'Countess');
    assert.equal(contact.companyName, 'Analytical Engines');
    assert.deepEqual(contact.phones, ['+44 20 7946 0000', '+44 20 7946 0001']);
    assert.equal(contact.lifecycleStage, 'customer');
    assert.deepEqual(contact.source, { channel: 'import', utmSource: 'expo' });
    assert.deepEqual(contact.customFields, { plan: 'free', empty: 'filled', seats: 5 });
    assert.deepEqual(
      contact.consent.map((c) => [c.purpose, c.granted, c.at, c.method]),
      [
        ['marketing-email', false, '2026-01-01T00:00:00.000Z', 'import'],
        ['marketing-email', true, '2026-05-01T08:01:00.000Z', 'form'],
        ['phone-calls', false, '2026-05-01T08:01:00.000Z', 'form'],
      ],
    );
    assert.deepEqual(await crm.contacts.get(existing.id), contact);
  });

  it('does not add a phone number it already has in another format', async () => {
    const { crm } = setup();
    await crm.contacts.create({ emails: ['ada@example.com'], phones: ['+442079460001'] });
    const { contact } = await crm.leads.capture({ email: 'ada@example.com', phone: '+44 20 7946 0001' });
    assert.deepEqual(contact.phones, ['+442079460001']);
  });

  it('raises a subscriber to lead, and lowers no stage', async () => {
    const { crm } = setup();
    await crm.contacts.create({ emails: ['sub@example.com'], lifecycleStage: 'subscriber' });
    await crm.contacts.create({ emails: ['sql@example.com'], lifecycleStage: 'salesQualified' });
    await crm.contacts.create({ emails: ['other@example.com'], lifecycleStage: 'other' });
    assert.equal((await crm.leads.capture({ email: 'sub@example.com' })).contact.lifecycleStage, 'lead');
    assert.equal((await crm.leads.capture({ email: 'sql@example.com' })).contact.lifecycleStage, 'salesQualified');
    assert.equal((await crm.leads.capture({ email: 'other@example.com' })).contact.lifecycleStage, 'other');
  });

  it('fills the source of a contact that has none', async () => {
    const { crm } = setup();
    await crm.contacts.create({ emails: ['ada@example.com'] });
    const { contact } = await crm.leads.capture({ email: 'ada@example.com', formId: 'f1', source: { utmSource: 'ads' } });
    assert.deepEqual(contact.source, { channel: 'form', utmSource: 'ads', formId: 'f1' });
  });

  it('keeps the name of a linked company, and links the interaction to it', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    await crm.contacts.create({ emails: ['ann@acme.com'], companyId: acme.id });
    const { contact, interaction } = await crm.leads.capture({ email: 'ann@acme.com', company: 'Acme Corporation' });
    assert.equal(contact.companyName, 'Acme');
    assert.equal(interaction.companyId, acme.id);
  });

  it('leaves deleted and merged-away contacts alone', async () => {
    const { crm } = setup();
    const deleted = await crm.contacts.delete((await crm.contacts.create({ emails: ['gone@example.com'] })).id);
    const keep = await crm.contacts.create({ firstName: 'Keep', emails: ['dup@example.com'] });
    const dup = await crm.contacts.create({ firstName: 'Dup', emails: ['dup@example.com'] });
    await crm.contacts.merge(keep.id, dup.id);

    const fresh = await crm.leads.capture({ email: 'gone@example.com' });
    assert.equal(fresh.created, true);
    assert.notEqual(fresh.contact.id, deleted.id);
    const merged = await crm.leads.capture({ email: 'dup@example.com' });
    assert.equal(merged.created, false);
    assert.equal(merged.contact.id, keep.id);
  });

  it('fires contact.updated with the previous contact, then interaction.logged', async () => {
    const { crm, events } = setup();
    const ada = await crm.contacts.create({ emails: ['ada@example.com'] });
    events.length = 0;
    const { contact, interaction } = await crm.leads.capture({ email: 'ada@example.com', firstName: 'Ada' });
    assert.deepEqual(events, [
      { type: 'contact.updated', contact, previous: ada },
      { type: 'interaction.logged', interaction },
    ]);
  });

  it('writes only the interaction when the lead adds nothing to the contact', async () => {
    const { crm, events } = setup();
    const ada = await crm.contacts.create({ firstName: 'Ada', emails: ['ada@example.com'], source: { channel: 'manual' } });
    events.length = 0;
    const batches: (readonly Change[])[] = [];
    crm.storage.changes((changes) => batches.push(changes));
    const { contact, interaction } = await crm.leads.capture({ email: 'ada@example.com', firstName: 'Augusta' });
    assert.deepEqual(contact, ada);
    assert.deepEqual(batches.flat().map((c) => c.collection), ['interactions']);
    assert.deepEqual(events, [{ type: 'interaction.logged', interaction }]);
  });

  it('keeps within the contact limits instead of refusing the lead', async () => {
    const { crm } = setup();
    const phones = Array.from({ length: 20 }, (_, i) => `+1 555 01${String(i).padStart(2, '0')}`);
    const history = Array.from({ length: 200 }, (_, i) => ({
      purpose: 'marketing-email',
      granted: true,
      at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
      textHash: sha256('old'),
      method: 'import' as const,
    }));
    await crm.contacts.create({ emails: ['busy@example.com'], phones, consent: history });
    const { contact } = await crm.leads.capture({
      email: 'busy@example.com',
      phone: '+1 555 0999',
      consent: [{ purpose: 'marketing-email', granted: false, text: 'Stop emailing me.' }],
    });
    assert.deepEqual(contact.phones, phones);
    assert.equal(contact.consent.length, 200);
    assert.deepEqual(contact.consent.at(-1), { purpose: 'marketing-email', granted: false, at: now, textHash: sha256('Stop emailing me.'), method: 'form' });
    assert.equal(contact.consent[0]?.at, history[1]?.at, 'the oldest superseded decision made room');
  });
});

/**
 * A store that runs transactions optimistically, as the REST adapter does: reads go to the
 * committed records, writes are buffered and replayed (with their expected versions) in one
 * memory transaction at commit. `beforeCommit` runs between the two, where another client's
 * edit can land.
 */
function optimisticStore(base: StorageAdapter, beforeCommit: () => Promise<void>): StorageAdapter {
  return {
    name: 'optimistic',
    collection: (name) => base.collection(name),
    changes: (listener) => base.changes(listener),
    async transaction(names, fn) {
      const writes: { name: CollectionName; record: WriteRecord<StoredRecord>; options: WriteOptions | undefined }[] = [];
      const scope: StorageScope = {
        collection<N extends CollectionName>(name: N): CollectionOf<N> {
          const committed = base.collection(name);
          const buffered: Pick<CollectionOf<CollectionName>, 'put'> = {
            async put(record, options) {
              writes.push({ name, record, options });
              return { ...record, version: (options?.expectedVersion ?? 0) + 1 } as never;
            },
          };
          // Capture reads with get and query and writes with put; the rest of the port is not needed here.
          return { get: committed.get.bind(committed), query: committed.query.bind(committed), put: buffered.put } as unknown as CollectionOf<N>;
        },
      };
      const result = await fn(scope);
      await beforeCommit();
      await base.transaction(names, async (tx) => {
        for (const { name, record, options } of writes) await tx.collection(name).put(record as never, options);
      });
      return result;
    },
  };
}

describe('leads.capture: concurrent edits', () => {
  it('fails with a ConflictError, keeping the other edit, when the contact changed meanwhile', async () => {
    const base = memoryAdapter();
    const other = createCrm({ storage: base, clock: fixedClock(now) });
    const ada = await other.contacts.create({ firstName: 'Ada', emails: ['ada@example.com'] });
    let editMeanwhile = false;
    const { crm } = setup(
      optimisticStore(base, async () => {
        if (editMeanwhile) await other.contacts.update(ada.id, { title: 'CTO' });
      }),
    );

    // Without an edit in between, the same store merges the lead.
    const first = await crm.leads.capture({ email: 'ada@example.com', lastName: 'Lovelace' });
    assert.equal((await other.contacts.get(ada.id)).lastName, 'Lovelace');

    editMeanwhile = true;
    const error = await crm.leads.capture({ email: 'ada@example.com', phone: '+44 20 7946 0001' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError, `expected a ConflictError, got ${String(error)}`);
    assert.equal(error.reason, 'version');
    const stored: Contact = await other.contacts.get(ada.id);
    assert.equal(stored.title, 'CTO');
    assert.deepEqual(stored.phones, []);
    const timeline = await other.interactions.list({ contactId: ada.id });
    assert.deepEqual(timeline.items.map((i) => i.id), [first.interaction.id], 'the failed capture wrote no interaction');
  });
});

describe('leads.capture: invalid input', () => {
  const cases: [string, unknown, (string | number)[]][] = [
    ['no email and no name', { phone: '+1 555 0100', message: 'hi' }, ['email']],
    ['a bad email address', { email: 'ada@', firstName: 'Ada' }, ['email']],
    ['a bad phone number', { email: 'ada@example.com', phone: 'call me' }, ['phone']],
    ['a name over 200 characters', { email: 'ada@example.com', firstName: 'x'.repeat(201) }, ['firstName']],
    ['a company that is not text', { email: 'ada@example.com', company: 42 }, ['company']],
    ['a message over 10,000 characters', { email: 'ada@example.com', message: 'x'.repeat(10_001) }, ['message']],
    ['consent text over 2,000 characters', { email: 'ada@example.com', consent: [{ purpose: 'news', granted: true, text: 'x'.repeat(2_001) }] }, ['consent', 0, 'text']],
    ['empty consent text', { email: 'ada@example.com', consent: [{ purpose: 'news', granted: true, text: '  ' }] }, ['consent', 0, 'text']],
    ['consent without granted', { email: 'ada@example.com', consent: [{ purpose: 'news', text: 'Yes' }] }, ['consent', 0, 'granted']],
    [
      'one purpose twice',
      { email: 'ada@example.com', consent: [{ purpose: 'news', granted: true, text: 'Yes' }, { purpose: 'news', granted: false, text: 'No' }] },
      ['consent', 1, 'purpose'],
    ],
    ['a referrer that is not a web URL', { email: 'ada@example.com', source: { referrer: 'javascript:alert(1)' } }, ['source', 'referrer']],
    ['an unknown source field', { email: 'ada@example.com', source: { channel: 'ads' } }, ['source', 'channel']],
    ['a bad custom field name', { email: 'ada@example.com', customFields: { 'has space': 1 } }, ['customFields', 'has space']],
    ['an empty form id', { email: 'ada@example.com', formId: ' ' }, ['formId']],
    ['an unknown field', { email: 'ada@example.com', honeypot: 'spam' }, ['honeypot']],
  ];
  for (const [what, input, path] of cases) {
    it(`refuses ${what}, naming ${path.join('.')}, and writes nothing`, async () => {
      const { crm } = await seededWorkspace();
      await expectRefusal(crm, () => crm.leads.capture(input as LeadInput), { code: 'validation', path });
    });
  }

  it('says what is wrong in words', async () => {
    const { crm } = setup();
    await assert.rejects(crm.leads.capture({ phone: '+1 555 0100' }), {
      message: 'Invalid lead: email: A lead needs an email address, a first name or a last name',
      issues: [{ path: ['email'], message: 'A lead needs an email address, a first name or a last name', code: 'custom' }],
    });
  });
});
