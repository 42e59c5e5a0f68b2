import { leadInputSchema } from '@rapport/core';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customFieldNamePattern, leadLimits, phonePattern, reservedFieldNames } from './lead-limits.js';

// The form mirrors core's limits; these tests hold the mirror to core's own schema.
const accepts = (input: Record<string, unknown>) => leadInputSchema.safeParse({ firstName: 'Ada', ...input }).success;

test('each text limit is the longest value core accepts', () => {
  const cases: [string, number, (n: number) => Record<string, unknown>][] = [
    ['name', leadLimits.name, (n) => ({ lastName: 'x'.repeat(n) })],
    ['email', leadLimits.email, (n) => ({ email: `${'a'.repeat(n - 12)}@example.com` })],
    ['phone', leadLimits.phone, (n) => ({ phone: `+${'1'.repeat(n - 1)}` })],
    ['message', leadLimits.message, (n) => ({ message: 'x'.repeat(n) })],
    ['customFieldText', leadLimits.customFieldText, (n) => ({ customFields: { note: 'x'.repeat(n) } })],
    ['consentText', leadLimits.consentText, (n) => ({ consent: [{ purpose: 'news', granted: true, text: 'x'.repeat(n) }] })],
    ['consentPurpose', leadLimits.consentPurpose, (n) => ({ consent: [{ purpose: 'p'.repeat(n), granted: true, text: 'Yes' }] })],
    ['formId', leadLimits.formId, (n) => ({ formId: 'f'.repeat(n) })],
  ];
  for (const [name, max, input] of cases) {
    assert.equal(accepts(input(max)), true, `${name}: ${max} accepted`);
    assert.equal(accepts(input(max + 1)), false, `${name}: ${max + 1} refused`);
  }
});

test('the consent and custom field counts are core’s', () => {
  const consents = (n: number) => Array.from({ length: n }, (_, i) => ({ purpose: `p${i}`, granted: true, text: 'Yes' }));
  assert.equal(accepts({ consent: consents(leadLimits.consents) }), true);
  assert.equal(accepts({ consent: consents(leadLimits.consents + 1) }), false);
  const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'x']));
  assert.equal(accepts({ customFields: fields(leadLimits.customFields) }), true);
  assert.equal(accepts({ customFields: fields(leadLimits.customFields + 1) }), false);
});

test('the phone pattern accepts what core accepts', () => {
  const phoneLike = fc.stringMatching(/^[+0-9 ()./xet-]{1,30}$/);
  fc.assert(
    fc.property(phoneLike, (phone) => {
      const trimmed = phone.trim();
      fc.pre(trimmed !== '');
      assert.equal(phonePattern.test(trimmed), accepts({ phone }), phone);
    }),
  );
});

test('the custom field name rule is core’s', () => {
  const names = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.$ -]{0,70}$/), fc.constantFrom(...reservedFieldNames));
  fc.assert(
    fc.property(names, (name) => {
      const ours = customFieldNamePattern.test(name) && !reservedFieldNames.has(name);
      assert.equal(ours, accepts({ customFields: { [name]: 'x' } }), name);
    }),
  );
});
