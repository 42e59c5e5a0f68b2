import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { leadInputSchema, type Contact, type LeadInput } from '../index.js';
import {
  anyJunk,
  badCustomFields,
  badEmail,
  badList,
  badPhone,
  badRequiredText,
  customFields,
  hugeString,
  megabyte,
  name,
  notAnObject,
  notAString,
  phone,
  junkForCreate,
  unknownField,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, emptyCrm, expectRefusal, PropertyFailure, seededWorkspace, show } from '../testing-support/refusal.test-support.js';

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** Optional form text: a blank value is valid (it counts as absent), so only other junk is wrong. */
const badFormText: fc.Arbitrary<unknown> = fc.oneof(notAString, hugeString);

/** One consent decision as a form sends it. */
const leadConsent = fc.record({
  purpose: fc.stringMatching(/^[a-z-]{1,20}$/),
  granted: fc.boolean(),
  text: fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text.trim() !== ''),
});

const badLeadConsent: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  leadConsent.map((c) => ({ ...c, text: 'x'.repeat(2_001) })),
  leadConsent.map((c) => ({ ...c, text: ' \n ' })),
  leadConsent.map((c) => ({ ...c, granted: 'yes' })),
  leadConsent.map((c) => ({ ...c, purpose: '' })),
  leadConsent.map(({ text: _text, ...rest }) => rest),
  leadConsent.map((c) => ({ ...c, at: '2026-05-01T08:00:00Z' })),
);

const url = fc.constantFrom('https://example.com/pricing', 'http://news.example.org/?utm_source=x');

const leadSource = fc.record({ utmSource: name, utmMedium: name, utmCampaign: name, utmTerm: name, utmContent: name, referrer: url, landingPage: url }, { requiredKeys: [] });

const badLeadSource: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  fc.constantFrom<unknown>({ channel: 'ads' }, { formId: 'f1' }, { referrer: 'ftp://example.com' }, { landingPage: 'not a url' }, { utmSource: megabyte }, { utmTerm: 7 }),
);

/** A valid lead, without its email address (the properties choose that). */
const leadFields = fc.record(
  {
    firstName: name,
    lastName: name,
    phone,
    company: name,
    title: name,
    message: fc.string({ maxLength: 200 }),
    customFields,
    consent: fc.uniqueArray(leadConsent, { selector: (c) => c.purpose, maxLength: 3 }),
    source: leadSource,
    formId: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  },
  { requiredKeys: [] },
);

/** How to get every field of a lead wrong. */
const leadFieldJunk: Record<string, FieldJunk> = {
  email: { junk: badEmail.filter((v) => !isBlank(v)) },
  firstName: { junk: badFormText },
  lastName: { junk: badFormText },
  phone: { junk: badPhone.filter((v) => !isBlank(v)) },
  company: { junk: badFormText },
  title: { junk: badFormText },
  message: { junk: fc.oneof(notAString, hugeString, fc.constant('x'.repeat(10_001))) },
  customFields: { junk: badCustomFields },
  consent: { junk: badList(badLeadConsent, leadConsent) },
  source: { junk: badLeadSource },
  formId: { junk: badRequiredText },
};
const fieldNames = Object.keys(leadFieldJunk);

describe('leads: malformed input is refused and nothing is written', () => {
  it('the junk table covers every field a lead has', () => {
    assert.deepEqual(Object.keys(leadInputSchema.shape).sort(), [...fieldNames].sort());
  });

  it('capture refuses anything that is not a lead', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.leads.capture(junk as LeadInput), { code: 'validation' })));
  });

  it('capture names the one field that is wrong', async () => {
    const { crm } = await seededWorkspace();
    // ann@acme.com is stored, so without the junk some of these leads would merge into Ann.
    const email = fc.constantFrom('ann@acme.com', 'new@example.com');
    await check(
      fc.asyncProperty(leadFields, email, junkForCreate(leadFieldJunk), (fields, address, { field, value }) =>
        expectRefusal(crm, () => crm.leads.capture(withField({ ...fields, email: address }, field, value) as LeadInput), { code: 'validation', path: [field] }),
      ),
      300,
    );
  });

  it('capture names fields it does not know', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(leadFields, unknownField(fieldNames), (fields, { field, value }) =>
        expectRefusal(crm, () => crm.leads.capture(withField({ ...fields, email: 'ann@acme.com' }, field, value) as LeadInput), { code: 'validation', path: [field] }),
      ),
    );
  });

  it('capture refuses a lead with neither an email address nor a name, naming email', async () => {
    const { crm } = await seededWorkspace();
    const blank = fc.constantFrom(undefined, '', '  ');
    await check(
      fc.asyncProperty(leadFields, blank, blank, blank, (fields, email, firstName, lastName) =>
        expectRefusal(crm, () => crm.leads.capture({ ...fields, email, firstName, lastName } as LeadInput), { code: 'validation', path: ['email'] }),
      ),
    );
  });
});

/** Addresses in lower case, as stored, and a way to write each one as a person might. */
const addressPool = fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}([._+-][a-z0-9]{1,4})?@[a-z0-9]{1,6}\.[a-z]{2,3}$/), { minLength: 1, maxLength: 4 });
const pad = fc.constantFrom('', ' ', '  ', '\t');

/** One address of the pool as a person might type it: any case, spaces around it. */
function writtenFrom(pool: readonly string[]) {
  return fc
    .constantFrom(...pool)
    .chain((address) => fc.tuple(pad, fc.mixedCase(fc.constant(address)), pad).map(([before, written, after]) => ({ address, written: `${before}${written}${after}` })));
}

/** A run of submissions, most sharing addresses with others. */
const submissions = addressPool.chain((pool) =>
  fc.array(
    fc.record({ email: writtenFrom(pool), fields: leadFields }).map(({ email, fields }) => ({ address: email.address, lead: { ...fields, email: email.written } as LeadInput })),
    { minLength: 1, maxLength: 12 },
  ),
);

describe('leads: de-duplication by normalised email', () => {
  it('leaves exactly one contact per distinct address, created by its first submission', async () => {
    await check(
      fc.asyncProperty(submissions, async (runs) => {
        const crm = emptyCrm();
        const firstSeen = new Map<string, { id: string; lead: LeadInput }>();
        for (const { address, lead } of runs) {
          const { contact, created, interaction } = await crm.leads.capture(lead);
          const first = firstSeen.get(address);
          if (created !== !first) throw new PropertyFailure(`created was ${created} for the ${first ? 'repeated' : 'first'} submission of ${address}`);
          if (first && first.id !== contact.id) throw new PropertyFailure(`${show(lead.email)} went to a second contact`);
          if (!first) firstSeen.set(address, { id: contact.id, lead });
          if (interaction.contactId !== contact.id || interaction.type !== 'formSubmission') throw new PropertyFailure(`Bad interaction: ${show(interaction)}`);
        }

        const stored = (await crm.storage.collection('contacts').query({ limit: 1000 })).items;
        assert.equal(stored.length, firstSeen.size, 'one contact per distinct address');
        for (const [address, { id, lead }] of firstSeen) {
          const matches = stored.filter((c: Contact) => c.emails.includes(address));
          assert.deepEqual(matches.map((c) => c.id), [id], `exactly one contact has ${address}`);
          const contact = matches[0] as Contact;
          const mine = runs.filter((r) => r.address === address).map((r) => r.lead);
          // First touch wins the source; the first name given wins the name.
          assert.equal(contact.source?.formId, lead.formId);
          assert.equal(contact.firstName, mine.find((l) => l.firstName !== undefined)?.firstName?.trim());
          assert.equal(contact.consent.length, mine.reduce((n, l) => n + (l.consent?.length ?? 0), 0));
        }
        assert.equal(await crm.storage.collection('interactions').count(), runs.length, 'one formSubmission per submission');
      }),
      150,
    );
  });
});
