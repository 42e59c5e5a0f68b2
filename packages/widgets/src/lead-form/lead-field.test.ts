import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contactFieldNames, isLeadFieldName, leadFields, LeadFormConfigError, type LeadField } from './lead-field.js';
import { customFieldNamePattern, leadLimits, reservedFieldNames } from './lead-limits.js';

/**
 * The field `definition` becomes, in a list that also has a visible contact field after it (a list
 * without one is refused): the email, or the first name when the field under test is the email.
 */
function only(definition: Record<string, unknown>): LeadField {
  const contact = typeof definition.name === 'string' && definition.name.trim() === 'email' ? { name: 'firstName', label: 'First name' } : { name: 'email', label: 'Email' };
  const fields = leadFields([definition, contact]);
  assert.deepEqual(fields.map((field) => field.name).slice(1), [contact.name]);
  return fields[0] as LeadField;
}

// A valid field first, so that a message naming `fields[1]` proves the index is the bad field's own.
const first = { name: 'email', label: 'Email' };

// Many refusals of a whole list start `fields: `; the reason tells them apart.
const noContact = /^fields: a lead needs an email address or a name/;

/** Asserts that the list is refused with a `LeadFormConfigError` whose message starts with `at` (and matches `reason`, when given). */
function refuses(definitions: unknown, at: string, reason?: RegExp): void {
  assert.throws(
    () => leadFields(definitions),
    (error: unknown) => {
      assert.ok(error instanceof LeadFormConfigError, `a LeadFormConfigError, not ${String(error)}`);
      assert.ok(error instanceof TypeError);
      assert.equal(error.name, 'LeadFormConfigError');
      assert.ok(error.message.startsWith(`${at}: `), `"${error.message}" names ${at}`);
      if (reason) assert.match(error.message, reason);
      return true;
    },
  );
}

/** Asserts that a second field `definition`, after a valid one, is refused naming `fields[1].<key>`. */
function refusesSecond(definition: unknown, key: string): void {
  refuses([first, definition], key === '' ? 'fields[1]' : `fields[1].${key}`);
}

describe('defaults', () => {
  test('the lead’s email, phone and message get their own types; every other name is text', () => {
    assert.equal(only({ name: 'email', label: 'Email' }).type, 'email');
    assert.equal(only({ name: 'phone', label: 'Phone' }).type, 'phone');
    assert.equal(only({ name: 'message', label: 'Message' }).type, 'textarea');
    for (const name of ['firstName', 'lastName', 'company', 'title', 'plan']) assert.equal(only({ name, label: 'X' }).type, 'text', name);
    assert.equal(only({ name: 'email', type: 'hidden' }).type, 'hidden', 'an explicit type wins');
  });

  test('the lead’s own fields get their autocomplete token; an explicit one wins', () => {
    const expected: Record<string, string | undefined> = {
      email: 'email',
      firstName: 'given-name',
      lastName: 'family-name',
      phone: 'tel',
      company: 'organization',
      title: 'organization-title',
      message: undefined,
      plan: undefined,
    };
    for (const [name, token] of Object.entries(expected)) assert.equal(only({ name, label: 'X' }).autocomplete, token, name);
    assert.equal(only({ name: 'email', label: 'Email', autocomplete: 'work email' }).autocomplete, 'work email');
  });

  test('maxLength defaults to core’s limit for the field, and may be lowered', () => {
    const expected: Record<string, number> = {
      email: leadLimits.email,
      firstName: leadLimits.name,
      lastName: leadLimits.name,
      phone: leadLimits.phone,
      company: leadLimits.name,
      title: leadLimits.name,
      message: leadLimits.message,
      plan: leadLimits.customFieldText,
    };
    for (const [name, max] of Object.entries(expected)) assert.equal(only({ name, label: 'X' }).maxLength, max, name);
    assert.equal(only({ name: 'firstName', label: 'X', maxLength: 20 }).maxLength, 20);
    assert.equal(only({ name: 'firstName', label: 'X', maxLength: leadLimits.name }).maxLength, leadLimits.name, 'the limit itself is allowed');
  });

  test('a consent checkbox is named after its purpose unless named, and sends a consent decision', () => {
    const consent = only({ type: 'checkbox', consent: ' marketing-email ', label: 'Send me news' });
    assert.equal(consent.name, 'consent-marketing-email');
    assert.equal(consent.consent, 'marketing-email', 'the purpose is trimmed');
    assert.equal(consent.target, 'consent');
    assert.equal(only({ name: 'news', type: 'checkbox', consent: 'news', label: 'News' }).name, 'news');
  });

  test('the name decides where the value goes', () => {
    assert.equal(only({ name: 'company', label: 'Company' }).target, 'lead');
    assert.equal(only({ name: 'plan', label: 'Plan' }).target, 'custom');
    assert.equal(isLeadFieldName('company'), true);
    assert.equal(isLeadFieldName('plan'), false);
    assert.equal(isLeadFieldName('toString'), false, 'inherited keys are not lead fields');
  });

  test('the rest: trimmed name, collapsed label, no help when blank, unchecked and optional by default', () => {
    const field = only({ name: ' plan ', label: '  Your\n  plan ', help: '   ' });
    assert.equal(field.name, 'plan');
    assert.equal(field.label, 'Your plan');
    assert.equal(field.help, undefined);
    assert.equal(field.required, false);
    assert.equal(field.checked, false);
    assert.equal(field.value, '');
    assert.equal(field.pattern, undefined);
    assert.equal(field.minLength, undefined);
    assert.deepEqual(field.options, []);
    assert.equal(only({ name: 'plan', label: 'Plan', required: 'yes' }).required, false, 'only `true` makes a field required');
    assert.equal(only({ name: 'ref', type: 'hidden', value: 'spring' }).label, '', 'a hidden field needs no label');
  });

  test('select options: strings stand for themselves, objects keep value and label', () => {
    const field = only({ name: 'plan', type: 'select', label: 'Plan', options: ['Free', { value: 'pro', label: 'Pro' }] });
    assert.deepEqual(field.options, [
      { value: 'Free', label: 'Free' },
      { value: 'pro', label: 'Pro' },
    ]);
    assert.deepEqual(only({ name: 'plan', label: 'Plan', options: ['a'] }).options, [], 'options only count for a select');
  });

  // Answers are trimmed before they are checked and sent: an untrimmed value could never be chosen.
  test('select option values and labels are trimmed', () => {
    const field = only({ name: 'plan', type: 'select', label: 'Plan', options: [' Free ', { value: '\tpro\n', label: '  Pro  ' }, { value: 'team', label: 'Team\u00a0' }] });
    assert.deepEqual(field.options, [
      { value: 'Free', label: 'Free' },
      { value: 'pro', label: 'Pro' },
      { value: 'team', label: 'Team' },
    ]);
  });
});

describe('configuration errors name the field and the key', () => {
  test('not a list, or an item that is not an object', () => {
    for (const definitions of [undefined, null, 'email', { 0: first, length: 1 }]) refuses(definitions, 'fields', /must be a list/);
    for (const definition of [null, 'email', 3]) refusesSecond(definition, '');
  });

  test('a missing or blank name', () => {
    refusesSecond({ label: 'Who' }, 'name');
    refusesSecond({ name: '  ', label: 'Who' }, 'name');
    refusesSecond({ name: 7, label: 'Who' }, 'name');
  });

  test('a name used twice, also through a consent’s default name', () => {
    refusesSecond({ name: ' email ', label: 'Email again' }, 'name');
    refuses([{ name: 'consent-news', type: 'checkbox', label: 'A' }, { type: 'checkbox', consent: 'news', label: 'B' }, first], 'fields[1].name', /used twice/);
  });

  test('a consent purpose used twice', () => {
    refuses(
      [
        { name: 'a', type: 'checkbox', consent: 'news', label: 'A' },
        { name: 'b', type: 'checkbox', consent: ' news ', label: 'B' },
        first,
      ],
      'fields[1].consent',
      /used twice/,
    );
  });

  test('an unknown type, and a type the lead’s own field cannot have', () => {
    refusesSecond({ name: 'plan', type: 'radio', label: 'Plan' }, 'type');
    refusesSecond({ name: 'plan', type: 3, label: 'Plan' }, 'type');
    refusesSecond({ name: 'company', type: 'checkbox', label: 'Company' }, 'type');
  });

  test('a consent on anything but a checkbox, or with a purpose longer than core allows', () => {
    refusesSecond({ name: 'news', consent: 'news', label: 'News' }, 'consent');
    refusesSecond({ type: 'checkbox', consent: 'p'.repeat(leadLimits.consentPurpose + 1), label: 'News' }, 'consent');
    assert.equal(only({ type: 'checkbox', consent: 'p'.repeat(leadLimits.consentPurpose), label: 'News' }).consent?.length, leadLimits.consentPurpose);
  });

  test('a custom field name core would refuse', () => {
    for (const name of ['1st', 'a b', 'ünï', 'a$', `a${'b'.repeat(64)}`]) refusesSecond({ name, label: 'X' }, 'name');
    assert.equal(only({ name: `_${'b'.repeat(63)}`, label: 'X' }).name.length, 64, 'the longest name core takes is allowed');
  });

  test('a reserved name, with or without a type, is refused under `.name`', () => {
    assert.deepEqual([...reservedFieldNames].sort(), ['__proto__', 'constructor', 'prototype']);
    for (const name of reservedFieldNames) {
      refusesSecond({ name, label: 'X' }, 'name');
      refusesSecond({ name: ` ${name} `, label: 'X' }, 'name');
      for (const type of ['text', 'hidden', 'select', 'checkbox']) refusesSecond({ name, type, label: 'X', options: ['a'] }, 'name');
      refusesSecond({ name, type: 'checkbox', consent: 'news', label: 'News' }, 'name');
    }
  });

  test('a missing label, or a consent text longer than core allows', () => {
    refusesSecond({ name: 'plan' }, 'label');
    refusesSecond({ name: 'plan', label: ' \n ' }, 'label');
    refusesSecond({ name: 'plan', label: 42 }, 'label');
    refusesSecond({ type: 'checkbox', consent: 'news' }, 'label');
    refusesSecond({ type: 'checkbox', consent: 'news', label: 'x'.repeat(leadLimits.consentText + 1) }, 'label');
    assert.equal(only({ type: 'checkbox', consent: 'news', label: 'x'.repeat(leadLimits.consentText) }).label.length, leadLimits.consentText);
  });

  test('a maxLength above core’s limit for that field', () => {
    const limits: Record<string, number> = { email: leadLimits.email, firstName: leadLimits.name, phone: leadLimits.phone, message: leadLimits.message, plan: leadLimits.customFieldText };
    for (const [name, limit] of Object.entries(limits)) {
      refuses([{ name, label: 'X', maxLength: limit + 1 }, { name: name === 'email' ? 'lastName' : 'email', label: 'Y' }], 'fields[0].maxLength');
    }
  });

  test('a length that is not a whole number ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, '10']) {
      refusesSecond({ name: 'plan', label: 'X', maxLength: bad }, 'maxLength');
      refusesSecond({ name: 'plan', label: 'X', minLength: bad }, 'minLength');
    }
  });

  test('a minLength above the maxLength, given or default', () => {
    refusesSecond({ name: 'plan', label: 'X', minLength: 5, maxLength: 4 }, 'minLength');
    refusesSecond({ name: 'phone', label: 'X', minLength: leadLimits.phone + 1 }, 'minLength');
    assert.equal(only({ name: 'plan', label: 'X', minLength: 4, maxLength: 4 }).minLength, 4);
  });

  test('a pattern that is not a regular expression', () => {
    for (const pattern of ['(', '[a-', '*']) refusesSecond({ name: 'plan', label: 'X', pattern }, 'pattern');
  });

  test('a select without options, or with an option that is neither text nor { value, label }', () => {
    refusesSecond({ name: 'plan', type: 'select', label: 'Plan' }, 'options');
    refusesSecond({ name: 'plan', type: 'select', label: 'Plan', options: [] }, 'options');
    refusesSecond({ name: 'plan', type: 'select', label: 'Plan', options: 'Free' }, 'options');
    for (const bad of [null, 3, { value: 'pro' }, { label: 'Pro' }, { value: 1, label: 'One' }]) {
      refusesSecond({ name: 'plan', type: 'select', label: 'Plan', options: ['Free', bad] }, 'options[1]');
    }
  });

  test('more consent checkboxes than core takes in one lead', () => {
    const consents = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'checkbox', consent: `p${i}`, label: `Purpose ${i}` }));
    assert.equal(leadFields([first, ...consents(leadLimits.consents)]).length, leadLimits.consents + 1);
    refuses([first, ...consents(leadLimits.consents + 1)], 'fields', new RegExp(`at most ${leadLimits.consents} consent checkboxes`));
  });

  test('more custom fields than core takes in one lead; hidden ones count, the lead’s own and consents do not', () => {
    assert.equal(leadLimits.customFields, 100);
    const custom = (n: number, type = 'text') => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type, label: `Custom ${i}`, value: 'v' }));
    const tooMany = new RegExp(`^fields: at most ${leadLimits.customFields} custom fields`);
    assert.equal(leadFields([first, ...custom(leadLimits.customFields)]).length, leadLimits.customFields + 1);
    refuses([first, ...custom(leadLimits.customFields + 1)], 'fields', tooMany);
    refuses([first, ...custom(leadLimits.customFields + 1, 'hidden')], 'fields', tooMany);
    refuses([first, ...custom(leadLimits.customFields), { name: 'callBack', type: 'checkbox', label: 'Call me back' }], 'fields', tooMany);
    const own = ['email', 'firstName', 'lastName', 'phone', 'company', 'title', 'message'].map((name) => ({ name, label: name }));
    const consents = Array.from({ length: leadLimits.consents }, (_, i) => ({ type: 'checkbox', consent: `p${i}`, label: `Purpose ${i}` }));
    const full = leadFields([...own, ...custom(leadLimits.customFields), ...consents]);
    assert.equal(full.length, own.length + leadLimits.customFields + leadLimits.consents);
    assert.equal(full.filter((field) => field.target === 'custom').length, leadLimits.customFields);
  });
});

describe('field names', () => {
  test('every name must be one core takes as a custom field name, hidden fields’ and consents’ too', () => {
    for (const name of ['1st', 'a b', 'ünï', 'a$', '-a', '.a', `a${'b'.repeat(64)}`]) {
      refusesSecond({ name, type: 'hidden', value: 'x' }, 'name');
      refusesSecond({ name, type: 'checkbox', consent: 'news', label: 'News' }, 'name');
    }
    for (const name of contactFieldNames) assert.match(name, customFieldNamePattern);
  });

  // Field names are keys of the answers and of the lead's custom fields; only `__proto__` and the like are refused.
  test('the names of Object.prototype’s members are fields like any other, with no inherited defaults', () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => !reservedFieldNames.has(name));
    assert.ok(inherited.includes('toString') && inherited.includes('hasOwnProperty') && inherited.includes('__defineGetter__'), inherited.join());
    for (const name of inherited) {
      const field = only({ name, label: 'X' });
      assert.equal(field.name, name);
      assert.equal(field.type, 'text', name);
      assert.equal(field.autocomplete, undefined, name);
      assert.equal(field.maxLength, leadLimits.customFieldText, name);
      assert.equal(field.target, 'custom', name);
      assert.equal(isLeadFieldName(name), false, name);
      assert.equal(only({ name, type: 'hidden', value: 'x' }).type, 'hidden', name);
    }
  });

  test('a consent checkbox may not take one of the lead’s own field names', () => {
    for (const name of ['email', 'firstName', 'lastName', 'phone', 'company', 'title', 'message', ' email ']) {
      refuses([{ name: 'plan', label: 'Plan' }, { name, type: 'checkbox', consent: 'news', label: 'News' }, first], 'fields[1].name', /is the lead's own field/);
    }
  });

  test('a consent’s default name is `consent-` and its purpose, with characters a name cannot hold replaced by _, cut to 64', () => {
    const nameFor = (consent: string) => only({ type: 'checkbox', consent, label: 'News' }).name;
    assert.equal(nameFor('marketing.email_v2'), 'consent-marketing.email_v2');
    assert.equal(nameFor(' e-mail news/2026 '), 'consent-e-mail_news_2026');
    assert.equal(nameFor('Ünï code: ✓'), 'consent-_n__code___');
    const long = `${'p'.repeat(50)}${'q'.repeat(leadLimits.consentPurpose - 50)}`;
    assert.equal(nameFor(long), `consent-${long}`.slice(0, 64));
    assert.equal(nameFor(long).length, 64);
    assert.equal(only({ type: 'checkbox', consent: long, label: 'News' }).consent, long, 'the purpose itself is sent whole');
    // Purposes that only differ after the cut share a default name: the list says so, and names fix it.
    const twin = `${long.slice(0, 56)}${'r'.repeat(leadLimits.consentPurpose - 56)}`;
    refuses([first, { type: 'checkbox', consent: long, label: 'A' }, { type: 'checkbox', consent: twin, label: 'B' }], 'fields[2].name', /used twice/);
    assert.equal(leadFields([first, { name: 'a', type: 'checkbox', consent: long, label: 'A' }, { name: 'b', type: 'checkbox', consent: twin, label: 'B' }]).length, 3);
  });

  test('any consent purpose core takes gives a default name core takes', () => {
    const purpose = fc.string({ unit: 'binary', minLength: 1, maxLength: leadLimits.consentPurpose }).filter((text) => text.trim() !== '');
    fc.assert(
      fc.property(purpose, (consent) => {
        const field = only({ type: 'checkbox', consent, label: 'News' });
        assert.match(field.name, customFieldNamePattern);
        assert.ok(field.name.startsWith('consent-'), field.name);
        assert.equal(field.consent, consent.trim());
      }),
    );
  });
});

describe('the lead’s own fields', () => {
  test('email is an email or hidden field, phone a phone or hidden field: the types whose rules the form checks', () => {
    const name = { name: 'firstName', label: 'First name' };
    for (const type of ['text', 'phone', 'select', 'textarea', 'checkbox']) {
      refuses([name, { name: 'email', type, label: 'Email', options: ['a@example.com'] }], 'fields[1].type');
    }
    for (const type of ['text', 'email', 'select', 'textarea', 'checkbox']) {
      refuses([name, { name: 'phone', type, label: 'Phone', options: ['+1 555 0100'] }], 'fields[1].type');
    }
    refuses([name, { name: 'email', type: 'text', label: 'Email' }], 'fields[1].type', /email must be one of email, hidden/);
    refuses([name, { name: 'phone', type: 'text', label: 'Phone' }], 'fields[1].type', /phone must be one of phone, hidden/);
    assert.equal(only({ name: 'email', type: 'email', label: 'Email' }).type, 'email');
    assert.equal(only({ name: 'email', type: 'hidden', value: 'ada@example.com' }).type, 'hidden');
    assert.equal(only({ name: 'phone', type: 'phone', label: 'Phone' }).type, 'phone');
    assert.equal(only({ name: 'phone', type: 'hidden', value: '+1 555 0100' }).type, 'hidden');
  });

  test('the others take any type but a checkbox', () => {
    for (const name of ['firstName', 'lastName', 'company', 'title', 'message']) {
      for (const type of ['text', 'email', 'phone', 'select', 'textarea', 'hidden']) assert.equal(only({ name, type, label: 'X', options: ['a'] }).type, type, `${name} ${type}`);
      refusesSecond({ name, type: 'checkbox', label: 'X' }, 'type');
    }
  });
});

describe('a lead needs an email address or a name', () => {
  test('a list without an email, firstName or lastName field is refused', () => {
    // An empty list is a form whose fields have not arrived yet: accepted, with nothing to show.
    assert.deepEqual(leadFields([]), []);
    refuses(
      [
        { name: 'phone', label: 'Phone' },
        { name: 'company', label: 'Company' },
        { name: 'title', label: 'Title' },
        { name: 'message', label: 'Message' },
        { name: 'plan', label: 'Plan' },
        { name: 'fullName', label: 'Full name' },
        { type: 'checkbox', consent: 'news', label: 'News' },
      ],
      'fields',
      noContact,
    );
  });

  test('so is one whose contact fields are all hidden without a value', () => {
    refuses([{ name: 'email', type: 'hidden' }, { name: 'company', label: 'Company' }], 'fields', noContact);
    refuses([{ name: 'email', type: 'hidden', value: ' \t\n' }, { name: 'company', label: 'Company' }], 'fields', noContact);
    refuses(contactFieldNames.map((name) => ({ name, type: 'hidden', value: '' })), 'fields', noContact);
  });

  test('one visible contact field, or a hidden one with a value, is enough', () => {
    for (const name of contactFieldNames) {
      assert.equal(leadFields([{ name, label: name }]).length, 1, name);
      assert.equal(leadFields([{ name: 'company', label: 'Company' }, { name, type: 'hidden', value: 'Ada' }]).length, 2, name);
      assert.equal(leadFields([{ name, type: 'hidden' }, ...contactFieldNames.filter((other) => other !== name).map((other) => ({ name: other, label: other }))]).length, 3, name);
    }
    assert.equal(leadFields([{ name: 'email', label: 'Email', required: false }]).length, 1, 'an optional one as well: validateLead asks for it');
  });

  test('a field’s own mistake is named before the list’s', () => {
    refuses([{ name: 'plan' }], 'fields[0].label');
    refuses([{ name: 'company', label: 'Company' }, { name: '1st', label: 'X' }], 'fields[1].name');
  });
});

describe('pattern', () => {
  test('must match the whole value, as HTML’s pattern attribute', () => {
    const pattern = only({ name: 'code', label: 'Code', pattern: '[A-Z]{3}' }).pattern;
    assert.ok(pattern);
    assert.equal(pattern.test('ABC'), true);
    assert.equal(pattern.test('xABC'), false);
    assert.equal(pattern.test('ABCx'), false);
    // Without the group, `^a|b$` would let "ab" and "ba" through.
    const either = only({ name: 'code', label: 'Code', pattern: 'a|b' }).pattern;
    assert.ok(either);
    assert.deepEqual(['a', 'b', 'ab', 'ba'].map((value) => either.test(value)), [true, true, false, false]);
  });

  test('is Unicode-aware, with the `v` flag’s set operations', () => {
    const letters = only({ name: 'code', label: 'Code', pattern: '[\\p{L}--[a-z]]+' }).pattern;
    assert.ok(letters);
    assert.equal(letters.test('ÄÖÜ'), true);
    assert.equal(letters.test('abc'), false);
    assert.equal(only({ name: 'code', label: 'Code', pattern: '' }).pattern, undefined, 'an empty pattern is none');
  });
});

describe('property', () => {
  const names = fc.constantFrom(
    undefined,
    '',
    ' ',
    'email',
    'firstName',
    'lastName',
    'phone',
    'company',
    'title',
    'message',
    'plan',
    ' plan ',
    'consent-news',
    'consent-a',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '1st',
    'a b',
  );
  const definition = fc.record(
    {
      name: names,
      type: fc.constantFrom(undefined, 'text', 'email', 'phone', 'select', 'checkbox', 'textarea', 'hidden', 'radio'),
      label: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5 })),
      consent: fc.constantFrom(undefined, '', 'news', 'a', ' a '),
      required: fc.boolean(),
      pattern: fc.constantFrom(undefined, '', '[a-z]+', '('),
      minLength: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 300 })),
      maxLength: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 300 })),
      options: fc.oneof(fc.constant(undefined), fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.record({ value: fc.string({ maxLength: 3 }), label: fc.string({ maxLength: 3 }) }), fc.constant(null)), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  );
  const definitions = fc.array(fc.oneof({ weight: 20, arbitrary: definition }, { weight: 1, arbitrary: fc.anything() }), { maxLength: 8 });

  // Most lists get a contact field at the end, so that enough are accepted for the property to check.
  const contact = fc.oneof(
    fc.constantFrom<Record<string, unknown>[]>([], [{ name: 'email', type: 'hidden' }]),
    { weight: 4, arbitrary: fc.constantFrom<Record<string, unknown>[]>([{ name: 'email', label: 'Email' }], [{ name: 'lastName', label: 'Last name' }], [{ name: 'firstName', type: 'hidden', value: 'Ada' }]) },
  );
  const lists = fc.tuple(definitions, contact).map(([list, tail]): unknown[] => [...list, ...tail]);

  test('any definition list is refused with a LeadFormConfigError, or yields fields with unique, valid names and purposes, allowed types, and a way to reach the lead', () => {
    let accepted = 0;
    fc.assert(
      fc.property(lists, (list) => {
        let fields: LeadField[];
        try {
          fields = leadFields(list);
        } catch (error) {
          assert.ok(error instanceof LeadFormConfigError, `only a LeadFormConfigError, not ${String(error)}`);
          assert.match(error.message, /^fields(\[\d+\](\.\w+(\[\d+\])?)?)?: /);
          return;
        }
        accepted += 1;
        const fieldNames = fields.map((field) => field.name);
        assert.equal(new Set(fieldNames).size, fieldNames.length, fieldNames.join());
        const purposes = fields.flatMap((field) => (field.consent === undefined ? [] : [field.consent]));
        assert.equal(new Set(purposes).size, purposes.length, purposes.join());
        for (const field of fields) {
          assert.match(field.name, customFieldNamePattern);
          assert.ok(!reservedFieldNames.has(field.name), field.name);
          if (field.name === 'email') assert.ok(field.type === 'email' || field.type === 'hidden', field.type);
          if (field.name === 'phone') assert.ok(field.type === 'phone' || field.type === 'hidden', field.type);
          if (field.consent !== undefined) assert.equal(field.target, 'consent');
          assert.equal(field.target === 'lead', isLeadFieldName(field.name));
        }
        assert.ok(fields.filter((field) => field.target === 'custom').length <= leadLimits.customFields);
        assert.ok(
          fields.length === 0 || fields.some((field) => contactFieldNames.includes(field.name) && (field.type !== 'hidden' || field.value.trim() !== '')),
          fieldNames.join(),
        );
      }),
      { numRuns: 1000 },
    );
    assert.ok(accepted > 25, `the property saw ${accepted} accepted lists`);
  });
});
