import { leadInputSchema } from '@rapport/core';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadBody } from './lead-body.js';
import { leadFields, type LeadFieldDefinition } from './lead-field.js';
import { leadLimits } from './lead-limits.js';
import { validateLead, type FieldProblem, type FieldValue } from './lead-validation.js';
import { pageSource } from './page-source.js';

/** The problems `validateLead` finds for these answers, as [name, problem] pairs in the order it gives them. */
function problemsOf(definitions: LeadFieldDefinition[], answers: Record<string, FieldValue>): [string, FieldProblem][] {
  return [...validateLead(leadFields(definitions), new Map(Object.entries(answers)))];
}

/** The problem of the one field `name` in a form that also has a filled first name (so a lead is possible). */
function problemOf(definition: LeadFieldDefinition, value: FieldValue | undefined): FieldProblem | undefined {
  const answers: Record<string, FieldValue> = { firstName: 'Ada' };
  if (value !== undefined) answers[definition.name ?? ''] = value;
  return validateLead(leadFields([{ name: 'firstName', label: 'First name' }, definition]), new Map(Object.entries(answers))).get(definition.name ?? '');
}

const email: LeadFieldDefinition = { name: 'email', label: 'Email' };
const phone: LeadFieldDefinition = { name: 'phone', label: 'Phone' };

describe('problem kinds', () => {
  test('required: blank, absent, or an unticked required checkbox', () => {
    const plan: LeadFieldDefinition = { name: 'plan', label: 'Plan', required: true };
    assert.deepEqual(problemOf(plan, undefined), { kind: 'required' });
    assert.deepEqual(problemOf(plan, ''), { kind: 'required' });
    assert.deepEqual(problemOf(plan, ' \t\n '), { kind: 'required' });
    assert.equal(problemOf(plan, 'Pro'), undefined);
    const terms: LeadFieldDefinition = { type: 'checkbox', consent: 'terms', label: 'I accept the terms', required: true };
    assert.deepEqual(problemOf({ ...terms, name: 'terms' }, false), { kind: 'required' });
    assert.deepEqual(problemOf({ ...terms, name: 'terms' }, undefined), { kind: 'required' }, 'a checkbox starts unticked');
    assert.equal(problemOf({ ...terms, name: 'terms' }, true), undefined);
    assert.equal(problemOf({ ...terms, name: 'terms', required: false }, false), undefined, 'an optional checkbox may stay unticked');
  });

  test('email: what is not an address', () => {
    for (const value of ['ada', 'ada@', '@example.com', 'ada@example', 'ada@@example.com', 'a..b@example.com', '.ada@example.com', 'ada @example.com']) {
      assert.deepEqual(problemOf(email, value), { kind: 'email' }, value);
    }
    assert.equal(problemOf(email, 'Ada.Lovelace+crm@Example.co.uk'), undefined);
    // A custom field typed as email is checked as one too.
    assert.deepEqual(problemOf({ name: 'workEmail', type: 'email', label: 'Work email' }, 'nope'), { kind: 'email' });
  });

  test('phone: what is not a phone number', () => {
    for (const value of ['12', 'call me', '+1 555 0100 ext', '555-0100 x1234567', '++1 555']) {
      assert.deepEqual(problemOf(phone, value), { kind: 'phone' }, value);
    }
    for (const value of ['+1 (555) 010-0100', '555.0100 ext. 12', '030/1234 x7']) assert.equal(problemOf(phone, value), undefined, value);
  });

  test('pattern: the field’s own pattern, on top of the type’s rule', () => {
    const code: LeadFieldDefinition = { name: 'code', label: 'Code', pattern: '[A-Z]{3}' };
    assert.deepEqual(problemOf(code, 'ABCD'), { kind: 'pattern' });
    assert.equal(problemOf(code, 'ABC'), undefined);
    const work: LeadFieldDefinition = { ...email, pattern: '.+@acme\\.com' };
    assert.deepEqual(problemOf(work, 'ada@example.com'), { kind: 'pattern' }, 'a valid address off the pattern is a pattern problem');
    assert.deepEqual(problemOf(work, 'ada@acme'), { kind: 'email' }, 'not an address at all is an email problem');
  });

  test('choice: a select answer that is not one of its options’ values', () => {
    const plan: LeadFieldDefinition = { name: 'plan', type: 'select', label: 'Plan', options: ['Free', { value: 'pro', label: 'Professional' }] };
    assert.equal(problemOf(plan, 'Free'), undefined);
    assert.equal(problemOf(plan, 'pro'), undefined);
    assert.deepEqual(problemOf(plan, 'Professional'), { kind: 'choice' }, 'a label is not a value');
    assert.deepEqual(problemOf(plan, 'enterprise'), { kind: 'choice' });
    assert.equal(problemOf(plan, ''), undefined, 'an optional select may stay unchosen');
    assert.deepEqual(problemOf({ ...plan, required: true }, ''), { kind: 'required' });
  });

  test('choice: option values are trimmed as answers are, so a padded option can be chosen', () => {
    const plan: LeadFieldDefinition = { name: 'plan', type: 'select', label: 'Plan', options: [' Free ', { value: '\tpro\n', label: ' Pro ' }] };
    assert.equal(problemOf(plan, 'Free'), undefined);
    assert.equal(problemOf(plan, ' Free '), undefined);
    assert.equal(problemOf(plan, 'pro'), undefined);
    assert.equal(problemOf(plan, '\tpro\n'), undefined);
    assert.deepEqual(problemOf(plan, 'Pro'), { kind: 'choice' });
  });

  test('tooShort and tooLong, with the limit', () => {
    const nick: LeadFieldDefinition = { name: 'nick', label: 'Nickname', minLength: 3, maxLength: 5 };
    assert.deepEqual(problemOf(nick, 'ab'), { kind: 'tooShort', min: 3 });
    assert.deepEqual(problemOf(nick, 'abcdef'), { kind: 'tooLong', max: 5 });
    assert.equal(problemOf(nick, 'abc'), undefined);
    assert.equal(problemOf(nick, 'abcde'), undefined);
    assert.deepEqual(problemOf({ name: 'lastName', label: 'Last name' }, 'x'.repeat(leadLimits.name + 1)), { kind: 'tooLong', max: leadLimits.name });
  });

  test('needContact: neither email nor name, on the first of them, unless one already asks for a value', () => {
    const form: LeadFieldDefinition[] = [{ name: 'company', label: 'Company' }, email, { name: 'firstName', label: 'First name' }, { name: 'lastName', label: 'Last name' }];
    assert.deepEqual(problemsOf(form, { company: 'Acme', email: '  ' }), [['email', { kind: 'needContact' }]]);
    assert.deepEqual(problemsOf([{ ...email, required: true }, ...form.slice(2)], {}), [['email', { kind: 'required' }]], 'the required email already says it');
    assert.deepEqual(problemsOf(form, { lastName: 'Lovelace' }), [], 'one of them is enough');
    assert.deepEqual(problemsOf([{ name: 'company', label: 'Company' }, email], { email: 'nope' }), [['email', { kind: 'email' }]], 'a wrong address is not a missing one');
  });

  test('needContact: not asked for when a hidden contact field has a value', () => {
    const form: LeadFieldDefinition[] = [{ name: 'email', type: 'hidden', value: 'ada@example.com' }, { name: 'firstName', label: 'First name' }, { name: 'company', label: 'Company' }];
    assert.deepEqual(problemsOf(form, {}), []);
    assert.deepEqual(problemsOf(form, { firstName: '  ', company: 'Acme' }), []);
    assert.deepEqual(problemsOf([{ name: 'lastName', type: 'hidden', value: 'Lovelace' }, email], { email: '' }), []);
  });

  test('needContact: a hidden contact field without a value gives none, so the first visible one asks', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'company', label: 'Company' },
      { name: 'email', type: 'hidden', value: '  ' },
      { name: 'lastName', label: 'Last name' },
      { name: 'firstName', label: 'First name' },
    ];
    assert.deepEqual(problemsOf(form, { company: 'Acme' }), [['lastName', { kind: 'needContact' }]]);
    assert.deepEqual(problemsOf(form, { company: 'Acme', lastName: '\t', firstName: ' ' }), [['lastName', { kind: 'needContact' }]], 'blank answers are no answers');
    assert.deepEqual(problemsOf(form, { firstName: 'Ada' }), [], 'a later one answered is enough');
    assert.deepEqual(problemsOf([{ name: 'firstName', type: 'hidden' }, email], {}), [['email', { kind: 'needContact' }]]);
  });

  test('needContact: not added when another contact field already has a problem, even a later one', () => {
    const form: LeadFieldDefinition[] = [email, { name: 'firstName', label: 'First name', required: true }];
    assert.deepEqual(problemsOf(form, {}), [['firstName', { kind: 'required' }]]);
    const withSelect: LeadFieldDefinition[] = [email, { name: 'lastName', type: 'select', label: 'Last name', options: ['Lovelace'], required: true }];
    assert.deepEqual(problemsOf(withSelect, { lastName: ' ' }), [['lastName', { kind: 'required' }]]);
  });

  test('needContact: added next to a problem on a field that is not a contact field', () => {
    const form: LeadFieldDefinition[] = [{ name: 'company', label: 'Company', required: true }, email, { name: 'plan', label: 'Plan', pattern: '[a-z]+' }];
    assert.deepEqual(problemsOf(form, { plan: 'PRO' }), [
      ['company', { kind: 'required' }],
      ['email', { kind: 'needContact' }],
      ['plan', { kind: 'pattern' }],
    ]);
  });
});

describe('needContact, over any mix of contact fields', () => {
  type Way = 'absent' | 'optional' | 'required' | 'hiddenWithValue' | 'hiddenBlank';
  const sample: Record<string, string> = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
  const definitionOf = (name: string, way: Way): LeadFieldDefinition[] =>
    way === 'absent' ? [] : way === 'hiddenWithValue' ? [{ name, type: 'hidden', value: ` ${sample[name]} ` }] : way === 'hiddenBlank' ? [{ name, type: 'hidden', value: ' ' }] : [{ name, label: name, required: way === 'required' }];
  const way = fc.constantFrom<Way>('absent', 'optional', 'required', 'hiddenWithValue', 'hiddenBlank');
  const form = fc
    .tuple(fc.shuffledSubarray(['email', 'firstName', 'lastName'], { minLength: 3 }), way, way, way)
    .map(([order, ...ways]) => [{ name: 'company', label: 'Company' }, ...order.flatMap((name, i) => definitionOf(name, ways[i] as Way))])
    .filter((definitions) => {
      try {
        leadFields(definitions);
        return true;
      } catch {
        return false;
      }
    })
    .map((definitions) => leadFields(definitions));
  // Only what a person can answer: the form takes no answers for hidden fields.
  const answered = (fields: ReturnType<typeof leadFields>) =>
    fc.tuple(...fields.map((field) => (field.type === 'hidden' ? fc.constant(undefined) : fc.constantFrom(undefined, '', '  ', sample[field.name] ?? 'Acme')))).map(
      (values) => new Map(fields.flatMap((field, i) => (values[i] === undefined ? [] : [[field.name, values[i]] as [string, FieldValue]]))),
    );

  test('asked for, once, on the first visible contact field, exactly when no contact is given and no contact field says why', () => {
    let asked = 0;
    fc.assert(
      fc.property(
        form.chain((fields) => fc.tuple(fc.constant(fields), answered(fields))),
        ([fields, values]) => {
          const problems = validateLead(fields, values);
          const contact = fields.filter((field) => ['email', 'firstName', 'lastName'].includes(field.name));
          const visible = contact.filter((field) => field.type !== 'hidden');
          const given = contact.some((field) => String(field.type === 'hidden' ? field.value : (values.get(field.name) ?? '')).trim() !== '');
          const needContact = [...problems].filter(([, problem]) => problem.kind === 'needContact').map(([name]) => name);
          if (given) assert.deepEqual(needContact, []);
          else {
            // Nothing to reach the person by: some contact field must say so.
            assert.ok(visible.some((field) => problems.has(field.name)), JSON.stringify([...problems]));
            const required = visible.some((field) => field.required);
            assert.deepEqual(needContact, required ? [] : [visible[0]?.name]);
            if (!required) asked += 1;
          }
          if (problems.size === 0) {
            const { lead } = leadBody(fields, values, { source: {}, startedAt: '2026-05-01T08:00:00.000Z', honeypot: '' });
            assert.ok(leadInputSchema.safeParse(lead).success, JSON.stringify(lead));
          }
        },
      ),
      { numRuns: 500 },
    );
    assert.ok(asked > 25, `needContact was asked for in only ${asked} runs`);
  });
});

// Field names such as `toString` are valid; the answers must not find Object.prototype's members as values.
describe('fields named after Object.prototype’s members', () => {
  const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => !['__proto__', 'constructor'].includes(name));

  test('a blank optional one has no problem; a required one needs an answer; an answer is checked as text', () => {
    assert.ok(inherited.includes('toString') && inherited.includes('valueOf'), inherited.join());
    for (const name of inherited) {
      assert.equal(problemOf({ name, label: 'X' }, undefined), undefined, name);
      assert.equal(problemOf({ name, label: 'X' }, '  '), undefined, name);
      assert.equal(problemOf({ name, label: 'X' }, 'anything'), undefined, name);
      assert.deepEqual(problemOf({ name, label: 'X', required: true }, undefined), { kind: 'required' }, name);
      assert.deepEqual(problemOf({ name, label: 'X', pattern: '[a-z]+' }, 'ABC'), { kind: 'pattern' }, name);
      assert.deepEqual(problemOf({ name, label: 'X', maxLength: 2 }, 'abc'), { kind: 'tooLong', max: 2 }, name);
    }
  });

  test('as checkboxes and selects too', () => {
    assert.equal(problemOf({ name: 'toString', type: 'checkbox', label: 'X' }, undefined), undefined);
    assert.deepEqual(problemOf({ name: 'toString', type: 'checkbox', label: 'X', required: true }, undefined), { kind: 'required' });
    assert.equal(problemOf({ name: 'valueOf', type: 'select', label: 'X', options: ['a'] }, undefined), undefined);
    assert.deepEqual(problemOf({ name: 'valueOf', type: 'select', label: 'X', options: ['a'] }, 'b'), { kind: 'choice' });
  });

  test('they do not count as contact fields', () => {
    assert.deepEqual(problemsOf([email, { name: 'toString', label: 'X' }], { toString: 'Ada' }), [['email', { kind: 'needContact' }]]);
  });
});

describe('what is checked', () => {
  test('a blank optional field is skipped, whatever its rules', () => {
    for (const definition of [email, phone, { name: 'code', label: 'Code', pattern: '[A-Z]{3}', minLength: 3 }]) {
      assert.equal(problemOf(definition, '   '), undefined, definition.name);
      assert.equal(problemOf(definition, undefined), undefined, definition.name);
    }
  });

  test('text is trimmed before it is checked', () => {
    assert.equal(problemOf(email, '  ada@example.com\n'), undefined);
    assert.equal(problemOf(phone, '\t+1 555 0100 '), undefined);
    assert.equal(problemOf({ name: 'lastName', label: 'Last name' }, ` ${'x'.repeat(leadLimits.name)} `), undefined);
    assert.deepEqual(problemOf({ name: 'nick', label: 'Nick', minLength: 3 }, ' ab '), { kind: 'tooShort', min: 3 });
  });

  test('the starting value counts until the person answers', () => {
    const prefilled: LeadFieldDefinition = { ...email, value: 'not an address' };
    assert.deepEqual(problemOf(prefilled, undefined), { kind: 'email' });
    assert.equal(problemOf(prefilled, 'ada@example.com'), undefined);
  });

  test('hidden fields are the page’s and are not checked', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'firstName', label: 'First name' },
      { name: 'email', type: 'hidden', value: 'not an address' },
      { name: 'campaign', type: 'hidden', required: true },
    ];
    assert.deepEqual(problemsOf(form, { firstName: 'Ada' }), []);
  });

  test('one problem per field, in the order the fields are shown', () => {
    const form: LeadFieldDefinition[] = [
      { name: 'nick', label: 'Nick', maxLength: 3, pattern: '[a-z]+' },
      { name: 'firstName', label: 'First name' },
      { ...phone, required: true },
      email,
    ];
    const answers = new Map<string, FieldValue>([
      ['email', 'nope'],
      ['phone', ''],
      ['nick', 'ABCDE'],
      ['firstName', 'Ada'],
    ]);
    assert.deepEqual(
      [...validateLead(leadFields(form), answers)],
      [
        ['nick', { kind: 'tooLong', max: 3 }],
        ['phone', { kind: 'required' }],
        ['email', { kind: 'email' }],
      ],
    );
  });

  test('answers to names the form does not have are ignored', () => {
    assert.deepEqual(problemsOf([email], { email: 'ada@example.com', admin: 'x'.repeat(20_000) }), []);
  });
});

// The key guarantee: what the form lets through, the server takes. Core's real schema is the judge.
describe('the form never passes what core refuses', () => {
  const ownFields: LeadFieldDefinition[] = [
    { name: 'email', label: 'Email' },
    { name: 'firstName', label: 'First name' },
    { name: 'lastName', label: 'Last name' },
    { name: 'phone', label: 'Phone' },
    { name: 'company', label: 'Company' },
    { name: 'title', label: 'Job title' },
    { name: 'message', label: 'Message' },
  ];
  const contactNames = new Set(['email', 'firstName', 'lastName']);
  const extraFields: LeadFieldDefinition[] = [
    { name: 'plan', label: 'Plan' },
    { name: 'callBack', type: 'checkbox', label: 'Call me back' },
    { type: 'checkbox', consent: 'marketing-email', label: 'Send me news by email' },
  ];

  // A form with some of the lead's own fields (at least one way to be contacted, or no lead could ever be
  // valid), in any order, each required or not, plus a custom field, a checkbox and a consent.
  const form = fc
    // One in four fields required: more would leave few answer sets that pass, and the property little to check.
    .tuple(fc.shuffledSubarray([...ownFields, ...extraFields], { minLength: 1 }), fc.array(fc.nat(3).map((n) => n === 0), { minLength: 10, maxLength: 10 }))
    .filter(([chosen]) => chosen.some((field) => contactNames.has(field.name ?? '')))
    .map(([chosen, required]) => leadFields(chosen.map((field, i) => ({ ...field, required: required[i] }))));

  const padded = (text: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom('', ' ', '\n\t', '\u00a0'), text, fc.constantFrom('', ' ', '\u3000')).map(([a, b, c]) => `${a}${b}${c}`);
  const near = (limit: number) => fc.integer({ min: limit - 1, max: limit + 1 }).map((n) => 'x'.repeat(n));
  const text = (limit: number, likely: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 12, arbitrary: padded(likely) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
      { weight: 1, arbitrary: padded(near(limit)) },
    );
  const answerFor: Record<string, fc.Arbitrary<string>> = {
    email: text(leadLimits.email, fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9._+'-]{1,12}@[a-z0-9.-]{1,12}\.[a-z]{1,4}$/) }, fc.emailAddress())),
    phone: text(leadLimits.phone, fc.stringMatching(/^\+?[0-9 ()./-]{2,24}( ?(x|X|ext\.?|EXT\.?) ?[0-9]{1,7})?$/)),
    message: text(leadLimits.message, fc.string({ maxLength: 200 })),
    plan: text(leadLimits.customFieldText, fc.string({ maxLength: 20 })),
  };
  const answers = (fields: ReturnType<typeof leadFields>) =>
    fc.tuple(
      ...fields.map((field) =>
        fc.option<FieldValue, undefined>(field.type === 'checkbox' ? fc.boolean() : (answerFor[field.name] ?? text(leadLimits.name, fc.string({ maxLength: 30 }))), { nil: undefined, freq: 4 }),
      ),
    ).map((values) => new Map(fields.flatMap((field, i) => (values[i] === undefined ? [] : [[field.name, values[i]] as [string, FieldValue]]))));

  const page = fc.webUrl({ withQueryParameters: true, withFragments: true });
  const extras = fc.record({
    source: fc.tuple(page, fc.oneof(page, fc.constantFrom('', 'android-app://com.example/', 'about:blank')), fc.dictionary(fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign'), fc.string({ maxLength: 600 }), { maxKeys: 3 })).map(([href, referrer, utm]) => {
      const url = new URL(href);
      for (const [key, value] of Object.entries(utm)) url.searchParams.set(key, value);
      return pageSource(url.href, referrer, undefined);
    }),
    startedAt: fc.constant('2026-05-01T08:00:00.000Z'),
    honeypot: fc.constant(''),
    formId: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,127}$/), { nil: undefined }),
  });

  test('whenever validateLead finds no problem, core’s leadInputSchema accepts leadBody’s lead', () => {
    let passed = 0;
    fc.assert(
      fc.property(
        form.chain((fields) => fc.tuple(fc.constant(fields), answers(fields), extras)),
        ([fields, values, more]) => {
          if (validateLead(fields, values).size > 0) return;
          passed += 1;
          const { lead } = leadBody(fields, values, more);
          const result = leadInputSchema.safeParse(lead);
          assert.ok(result.success, `core refuses ${JSON.stringify(lead)}: ${result.error?.message}`);
        },
      ),
      { numRuns: 2000 },
    );
    // Guards against a generator that rarely reaches a valid form (about one run in five does): the property would then prove little.
    assert.ok(passed > 250, `only ${passed} of 2000 runs passed validation`);
  });

  /** Whether the form refuses `value` for `name`, and whether core refuses the lead the form would send. */
  function verdicts(name: 'email' | 'phone', value: string): { form: boolean; core: boolean } {
    const fields = leadFields([{ name: 'firstName', label: 'First name' }, { name, label: name }]);
    const values = new Map<string, FieldValue>([
      ['firstName', 'Ada'],
      [name, value],
    ]);
    const formRefuses = validateLead(fields, values).has(name);
    const { lead } = leadBody(fields, values, { source: {}, startedAt: '2026-05-01T08:00:00.000Z', honeypot: '' });
    return { form: formRefuses, core: !leadInputSchema.safeParse(lead).success };
  }

  const emailish = fc.oneof(
    fc.emailAddress(),
    fc.string({ unit: fc.constantFrom(...'aZ09._+-\'"!#@ ()[]\\'.split('')), maxLength: 30 }),
    fc.tuple(fc.emailAddress(), fc.nat(40), fc.string({ maxLength: 2 })).map(([address, at, insert]) => `${address.slice(0, at)}${insert}${address.slice(at)}`),
    fc.nat({ max: 300 }).map((n) => `${'a'.repeat(n)}@example.com`),
  );

  test('an email address core refuses, the form refuses (any text)', () => {
    fc.assert(
      fc.property(fc.oneof(emailish, fc.string({ unit: 'binary', maxLength: 30 })), (value) => {
        const { form, core } = verdicts('email', value);
        if (core) assert.ok(form, `core refuses ${JSON.stringify(value)}, the form does not`);
      }),
      { numRuns: 1000 },
    );
  });

  test('on ASCII, the form and core agree exactly on email addresses', () => {
    fc.assert(
      fc.property(emailish, (value) => {
        const { form, core } = verdicts('email', value);
        assert.equal(form, core, JSON.stringify(value));
      }),
      { numRuns: 1000 },
    );
  });

  test('the form and core agree exactly on phone numbers', () => {
    const phoneish = fc.oneof(
      fc.stringMatching(/^\s?\+?[0-9 ()./x-]{0,45}( ?(x|ext\.?|EXT) ?[0-9]{0,8})?\s?$/),
      fc.string({ unit: fc.constantFrom(...'+0189 ()./-xXetEXT#\u00a0'.split('')), maxLength: 45 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(phoneish, (value) => {
        const { form, core } = verdicts('phone', value);
        assert.equal(form, core, JSON.stringify(value));
      }),
      { numRuns: 1000 },
    );
  });
});
