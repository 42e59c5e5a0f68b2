import { leadInputSchema } from '@rapport/core';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadBody, type LeadBodyExtras } from './lead-body.js';
import { leadFields, type LeadFieldDefinition } from './lead-field.js';
import { leadLimits } from './lead-limits.js';
import type { FieldValue } from './lead-validation.js';

const extras: LeadBodyExtras = { source: {}, startedAt: '2026-05-01T08:00:00.000Z', honeypot: '' };

/** The lead and body for these answers to a form of `definitions`. */
function bodyOf(definitions: LeadFieldDefinition[], answers: Record<string, FieldValue>, more: Partial<LeadBodyExtras> = {}) {
  return leadBody(leadFields(definitions), new Map(Object.entries(answers)), { ...extras, ...more });
}

const contactForm: LeadFieldDefinition[] = [
  { name: 'email', label: 'Email' },
  { name: 'firstName', label: 'First name' },
  { name: 'lastName', label: 'Last name' },
  { name: 'phone', label: 'Phone' },
  { name: 'company', label: 'Company' },
  { name: 'title', label: 'Job title' },
  { name: 'message', label: 'Message' },
];

describe('the lead', () => {
  test('the lead’s own fields go in by name, trimmed', () => {
    const { lead } = bodyOf(contactForm, {
      email: ' ada@example.com ',
      firstName: 'Ada',
      lastName: 'Lovelace\n',
      phone: '+44 20 7946 0000',
      company: 'Analytical Engines',
      title: 'Countess',
      message: '  Please call.  ',
    });
    assert.deepEqual(lead, {
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+44 20 7946 0000',
      company: 'Analytical Engines',
      title: 'Countess',
      message: 'Please call.',
    });
    assert.equal(leadInputSchema.safeParse(lead).success, true, 'core takes it');
  });

  test('other fields become custom fields; a checkbox is a boolean either way', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'firstName', label: 'First name' },
      { name: 'plan', type: 'select', label: 'Plan', options: ['Free', 'Pro'] },
      { name: 'seats', label: 'Seats' },
      { name: 'callBack', type: 'checkbox', label: 'Call me back' },
      { name: 'demo', type: 'checkbox', label: 'Book a demo', checked: true },
      { name: 'trial', type: 'checkbox', label: 'Start a trial' },
    ];
    const { lead } = bodyOf(form, { firstName: 'Ada', plan: 'Pro', seats: ' 12 ', callBack: true });
    assert.deepEqual(lead, { firstName: 'Ada', customFields: { plan: 'Pro', seats: '12', callBack: true, demo: true, trial: false } });
    assert.deepEqual(bodyOf(form, { firstName: 'Ada', demo: false }).lead.customFields, { callBack: false, demo: false, trial: false }, 'an answer wins over `checked`');
  });

  test('a consent checkbox is a decision, granted or not, carrying its label as the exact text', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'email', label: 'Email' },
      { type: 'checkbox', consent: 'marketing-email', label: 'Send me  product news\nby email.' },
      { type: 'checkbox', consent: 'partners', label: 'Share my details with partners.' },
    ];
    const { lead } = bodyOf(form, { email: 'ada@example.com', 'consent-marketing-email': true });
    assert.deepEqual(lead.consent, [
      { purpose: 'marketing-email', granted: true, text: 'Send me product news by email.' },
      { purpose: 'partners', granted: false, text: 'Share my details with partners.' },
    ]);
    assert.equal(lead.customFields, undefined, 'a consent is not a custom field');
    assert.equal(leadInputSchema.safeParse(lead).success, true);
  });

  test('blank answers are left out, and so are empty groups', () => {
    const form: LeadFieldDefinition[] = [...contactForm, { name: 'plan', label: 'Plan' }];
    const { lead } = bodyOf(form, { email: 'ada@example.com', firstName: '  ', phone: '', plan: '\t' });
    assert.deepEqual(lead, { email: 'ada@example.com' });
    assert.ok(!('customFields' in lead) && !('consent' in lead) && !('source' in lead) && !('formId' in lead));
  });

  test('a hidden field sends its value; answers to names the form does not have are dropped', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'email', label: 'Email' },
      { name: 'campaign', type: 'hidden', value: 'spring-launch' },
    ];
    const { lead } = bodyOf(form, { email: 'ada@example.com', admin: 'true', ownerId: 'me' });
    assert.deepEqual(lead, { email: 'ada@example.com', customFields: { campaign: 'spring-launch' } });
  });

  test('the form id and the page’s source go in when there are any', () => {
    const source = { utmSource: 'newsletter', landingPage: 'https://example.com/pricing' };
    const { lead } = bodyOf([{ name: 'email', label: 'Email' }], { email: 'ada@example.com' }, { source, formId: 'pricing-contact' });
    assert.deepEqual(lead, { email: 'ada@example.com', source, formId: 'pricing-contact' });
    assert.equal(leadInputSchema.safeParse(lead).success, true);
    assert.equal('formId' in bodyOf([{ name: 'email', label: 'Email' }], { email: 'ada@example.com' }, { formId: '' }).lead, false);
  });

  test('the form id is trimmed, and a blank one is left out of the lead and the body', () => {
    const form: LeadFieldDefinition[] = [{ name: 'email', label: 'Email' }];
    const padded = bodyOf(form, { email: 'ada@example.com' }, { formId: '  pricing-contact\n' });
    assert.equal(padded.lead.formId, 'pricing-contact');
    assert.equal((JSON.parse(padded.body) as { formId?: string }).formId, 'pricing-contact');
    for (const formId of [' ', '\t\n', '\u00a0\u3000']) {
      const { lead, body } = bodyOf(form, { email: 'ada@example.com' }, { formId });
      assert.equal('formId' in lead, false, JSON.stringify(formId));
      assert.equal('formId' in (JSON.parse(body) as object), false, JSON.stringify(formId));
    }
  });

  // The element refuses a form-id whose trimmed length is over the limit, so a padded one at the limit must pass core.
  test('a form id at core’s limit once trimmed is taken by core, padding or not', () => {
    const form: LeadFieldDefinition[] = [{ name: 'email', label: 'Email' }];
    const atLimit = 'f'.repeat(leadLimits.formId);
    for (const formId of [atLimit, `  ${atLimit}\n`]) {
      const { lead } = bodyOf(form, { email: 'ada@example.com' }, { formId });
      assert.equal(lead.formId, atLimit);
      assert.equal(leadInputSchema.safeParse(lead).success, true);
    }
    assert.equal(leadInputSchema.safeParse(bodyOf(form, { email: 'ada@example.com' }, { formId: `${atLimit}f` }).lead).success, false, 'one more is refused');
  });

  test('a field named after an Object.prototype member is a custom field like any other', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'email', label: 'Email' },
      { name: 'toString', label: 'X' },
      { name: 'valueOf', type: 'checkbox', label: 'Y' },
      { name: 'hasOwnProperty', type: 'hidden', value: 'h' },
    ];
    const { lead } = bodyOf(form, { email: 'ada@example.com', toString: ' x ' });
    assert.deepEqual(lead.customFields, { toString: 'x', valueOf: false, hasOwnProperty: 'h' });
    assert.equal(leadInputSchema.safeParse(lead).success, true);
    assert.deepEqual(bodyOf(form, { email: 'ada@example.com', toString: '  ' }).lead.customFields, { valueOf: false, hasOwnProperty: 'h' }, 'a blank one is left out');
  });

  test('a select answer is sent as its trimmed option value', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'email', label: 'Email' },
      { name: 'plan', type: 'select', label: 'Plan', options: [{ value: ' pro ', label: ' Pro ' }] },
    ];
    const [, plan] = leadFields(form);
    assert.equal(plan?.options[0]?.value, 'pro');
    assert.deepEqual(bodyOf(form, { email: 'ada@example.com', plan: plan?.options[0]?.value ?? '' }).lead.customFields, { plan: 'pro' });
  });
});

describe('the body', () => {
  test('is the lead’s JSON with the honeypot and the start time added last', () => {
    const { lead, body } = bodyOf(
      [...contactForm, { type: 'checkbox', consent: 'news', label: 'News' }],
      { email: 'ada@example.com', firstName: 'Ada', 'consent-news': true },
      { honeypot: 'http://spam.example', startedAt: '2026-05-01T08:00:03.000Z', formId: 'f1', source: { utmCampaign: 'spring' } },
    );
    const parsed: unknown = JSON.parse(body);
    assert.deepEqual(parsed, { ...lead, honeypot: 'http://spam.example', startedAt: '2026-05-01T08:00:03.000Z' });
    assert.deepEqual(Object.keys(parsed as object).slice(-2), ['honeypot', 'startedAt']);
    assert.equal(body, JSON.stringify({ ...lead, honeypot: 'http://spam.example', startedAt: '2026-05-01T08:00:03.000Z' }));
  });

  // A retry sends the same Idempotency-Key; the server treats a different body under the same key as a conflict.
  test('the same answers give byte-identical bodies, whatever order they were given in', () => {
    const form = leadFields([
      ...contactForm,
      { name: 'plan', type: 'select', label: 'Plan', options: ['Free', 'Pro'] },
      { name: 'callBack', type: 'checkbox', label: 'Call me back' },
      { type: 'checkbox', consent: 'news', label: 'News' },
      { type: 'checkbox', consent: 'partners', label: 'Partners' },
    ]);
    const answer = (name: string) => (form.find((field) => field.name === name)?.type === 'checkbox' ? fc.boolean() : fc.string({ maxLength: 12 }));
    const answers = fc.uniqueArray(fc.constantFrom(...form.map((field) => field.name)), { minLength: 1 }).chain((names) => fc.tuple(...names.map((name) => answer(name).map((value): [string, FieldValue] => [name, value]))));
    fc.assert(
      fc.property(answers, fc.func(fc.integer()), fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }), (entries, rank, formId) => {
        const shuffled = [...entries].sort(([a], [b]) => rank(a) - rank(b));
        const more = { ...extras, source: { utmSource: 'ads', landingPage: 'https://example.com/' }, ...(formId === undefined ? {} : { formId }) };
        const one = leadBody(form, new Map(entries), more).body;
        const other = leadBody(form, new Map(shuffled), more).body;
        assert.equal(one, other);
        assert.equal(leadBody(form, new Map(entries), more).body, one, 'and again');
      }),
    );
  });

  test('keys follow the form’s fields, not the order of the answers', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'company', label: 'Company' },
      { name: 'email', label: 'Email' },
      { name: 'zeta', label: 'Zeta' },
      { name: 'alpha', label: 'Alpha' },
    ];
    const { body } = bodyOf(form, { alpha: 'a', zeta: 'z', email: 'ada@example.com', company: 'Acme' });
    assert.equal(body, '{"company":"Acme","email":"ada@example.com","customFields":{"zeta":"z","alpha":"a"},"honeypot":"","startedAt":"2026-05-01T08:00:00.000Z"}');
  });
});
