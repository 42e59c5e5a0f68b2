/**
 * Arbitraries for core's property tests: junk of every kind (wrong types, a megabyte of text,
 * malformed ids, bad money, unknown keys) and valid inputs to plant one piece of junk in.
 *
 * Test-only. Nothing exports this folder, and it imports nothing from Node, so it type-checks
 * with the package build as well as with the tests.
 */
import fc from 'fast-check';
import { consentMethods, currencyCodes, lifecycleStages } from '../index.js';

// ---------------------------------------------------------------------------------------------
// Junk that is wrong for any field of a kind
// ---------------------------------------------------------------------------------------------

/** A megabyte of text. Every string Rapport stores has a limit far below it. */
export const megabyte = 'x'.repeat(1_000_000);

/** A megabyte of text in a few shapes: plain, padded with spaces (trimming must not save it), email-like. */
export const hugeString: fc.Arbitrary<string> = fc.constantFrom(megabyte, ` ${megabyte} `, `${megabyte}@acme.com`);

const symbolJunk = fc.constant(Symbol('junk'));
const functionJunk = fc.constant(function junk() {
  return 'junk';
});

/**
 * Anything but a string, `null` or `undefined` (which fields read as absent or cleared; the
 * properties that mean them add them on purpose).
 */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.bigInt(),
  fc.date(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  symbolJunk,
  functionJunk,
);

/** Anything but a number (nor `null` or `undefined`). */
export const notANumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer().map(String),
  fc.boolean(),
  fc.bigInt(),
  fc.date(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
  symbolJunk,
  functionJunk,
);

/** Anything but a list (nor `null` or `undefined`). */
export const notAList: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  hugeString,
  fc.integer(),
  fc.boolean(),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  fc.constant(new Set(['a'])),
  symbolJunk,
  functionJunk,
);

/** Anything but a plain object (nor `null` or `undefined`). */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  hugeString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  symbolJunk,
  functionJunk,
);

/** Optional text (the empty string is fine, the wrong type or a megabyte is not). */
export const badText: fc.Arbitrary<unknown> = fc.oneof(notAString, hugeString);

/** Required text: also refuses what is empty once trimmed. */
export const badRequiredText: fc.Arbitrary<unknown> = fc.oneof(notAString, hugeString, fc.constantFrom('', '   ', '\t\n'));

/** Not a UUID: other types, a megabyte, near misses. */
export const badId: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  hugeString,
  fc.constantFrom('', 'not-a-uuid', '01900000-0000-7000-8000-00000000000', '{01900000-0000-7000-8000-000000000001}'),
  fc.uuid({ version: 7 }).map((id) => `${id}0`),
  fc.uuid({ version: 4 }).map((id) => id.replace(/-/g, '')),
  fc.uuid({ version: 7 }).map((id) => ` ${id.slice(1)}`),
);

/** Not one of `values`: other types, other spellings. */
export function badEnum(values: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    notAString,
    hugeString,
    fc.string({ maxLength: 20 }).filter((s) => !values.includes(s)),
    fc.constantFrom(...values).map((v) => ` ${v.toUpperCase()}`),
  );
}

/** Not a whole number in `[min, max]`: out of range, fractional, NaN, infinite, unsafe, or not a number. */
export function badInt(range: { min: number; max?: number }): fc.Arbitrary<unknown> {
  const { min, max } = range;
  const tooBig = max === undefined ? [] : [fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER })];
  return fc.oneof(
    fc.integer({ min: min - 1_000_000, max: min - 1 }),
    ...tooBig,
    fc.double({ min, max: max ?? 1e9, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, 1e300),
    fc.integer({ min, max: max ?? 1000 }).map(String),
    notANumber,
  );
}

/** Not a probability: below 0, above 1, NaN, infinite, or not a number. */
export const badProbability: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ max: -1e-9, noNaN: true }),
  fc.double({ min: 1.000001, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, '0.5'),
  notANumber,
);

/** Not a date-time: vague words, dates without a time, impossible times, numbers, invalid Dates. */
export const badTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('yesterday', '2026-05-01', '2026-05-01 08:00', '2026-05-01T08:00:00', '2026-13-01T00:00:00Z', '2026-05-01T25:00:00Z', ''),
  fc.integer(),
  fc.constant(new Date(Number.NaN)),
  hugeString,
  fc.boolean(),
  symbolJunk,
);

/** Not a calendar date (`YYYY-MM-DD`). */
export const badDate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('2026-5-1', '2026-13-01', '2026-02-30', '2025-02-29', '01/05/2026', '2026-05-01T00:00:00Z', ''),
  fc.date({ noInvalidDate: true }),
  fc.integer(),
  hugeString,
);

/** Not a list of valid elements: not a list, a list with one bad element, or a list of 1,000. */
export function badList(badElement: fc.Arbitrary<unknown>, goodElement: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    notAList,
    fc
      .tuple(fc.array(goodElement, { maxLength: 2 }), badElement, fc.array(goodElement, { maxLength: 2 }))
      .map(([before, bad, after]) => [...before, bad, ...after]),
    fc.array(goodElement, { minLength: 1000, maxLength: 1000 }),
  );
}

const customFieldsTooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`field${i}`, i]));

/** Not a custom-field map: not an object, bad names (reserved, with spaces), nested or unbounded values. */
export const badCustomFields: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  fc.constantFrom<unknown>(
    { 'has space': 1 },
    { '1starts-with-digit': 1 },
    JSON.parse('{"__proto__": 1}'),
    { constructor: 1 },
    { nested: { deep: true } },
    { list: [1, 2] },
    { notFinite: Number.NaN },
    { infinite: Number.POSITIVE_INFINITY },
    { huge: megabyte },
    customFieldsTooMany,
  ),
);

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/** Currency codes that are not active ISO 4217 codes, whatever their case or padding. */
export const badCurrency: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 5 }).filter((s) => !currencyCodes.has(s.trim().toUpperCase())),
  fc.stringMatching(/^[A-Z]{3}$/).filter((s) => !currencyCodes.has(s)),
  fc.constantFrom('EURO', 'US', 'E U R', '€', '$', 'XXX', 'XAU', 'ZWL', 'DEM', ''),
  notAString,
  hugeString,
);

/** Amounts of minor units that are not whole, non-negative, safe numbers. */
export const badMinor: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ min: 0, max: 1e12, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, 1e21, -0.5),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10_000n }),
  notANumber,
);

/** A valid currency code, sometimes lower case or padded (both are accepted and normalised). */
export const currency: fc.Arbitrary<string> = fc.constantFrom(...currencyCodes).chain((code) => fc.constantFrom(code, code.toLowerCase(), ` ${code} `));

/** A valid amount. */
export const money = fc.record({ minor: fc.nat({ max: Number.MAX_SAFE_INTEGER }), currency });

/** Not money: not an object, bad minor units, a bad currency, a missing or unknown key. */
export const badMoney: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  fc.record({ minor: badMinor, currency }),
  fc.record({ minor: fc.nat(), currency: badCurrency }),
  fc.constantFrom<unknown>({ minor: 100 }, { currency: 'EUR' }, { minor: 100, currency: 'EUR', major: 1 }, {}),
);

// ---------------------------------------------------------------------------------------------
// Valid values
// ---------------------------------------------------------------------------------------------

/** Text that is not empty once trimmed; may carry spaces around it, which are trimmed. */
export const name: fc.Arbitrary<string> = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);

const whitespace = fc.constantFrom('', ' ', '  ', '\t');

/** An email address in mixed case with spaces around it (stored trimmed and lower-cased). */
export const email: fc.Arbitrary<string> = fc
  .tuple(whitespace, fc.mixedCase(fc.stringMatching(/^[a-z0-9]{1,8}([._+-][a-z0-9]{1,8})?@[a-z0-9]{1,8}\.[a-z]{2,4}$/)), whitespace)
  .map(([before, address, after]) => `${before}${address}${after}`);

/** Strings that are not email addresses. */
export const badEmail: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  hugeString,
  fc.constantFrom('ann', 'ann@', '@acme.com', 'ann@acme', 'ann acme.com', 'ann@@acme.com', 'ann@acme.c', ''),
);

/** A phone number. */
export const phone: fc.Arbitrary<string> = fc.stringMatching(/^\+?[0-9]{3,15}$/);

/** Strings that are not phone numbers. */
export const badPhone: fc.Arbitrary<unknown> = fc.oneof(notAString, hugeString, fc.constantFrom('', 'call me', '12', '+', 'abc-def'));

/** A tag, in mixed case (stored lower-cased). */
export const tag: fc.Arbitrary<string> = fc.mixedCase(fc.stringMatching(/^[a-z0-9-]{1,20}$/));

const reservedNames = new Set(['constructor', 'prototype']);

/** A valid map of custom fields. */
export const customFields = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((key) => !reservedNames.has(key)),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 3, noNullPrototype: true },
);

/** An ISO-8601 timestamp in UTC, as Rapport stores them. */
export const isoTimestamp: fc.Arbitrary<string> = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A calendar date, `YYYY-MM-DD`. */
export const calendarDate: fc.Arbitrary<string> = isoTimestamp.map((t) => t.slice(0, 10));

/** A UUID of the kind Rapport makes. Fresh ones name nothing stored. */
export const uuid: fc.Arbitrary<string> = fc.uuid({ version: 7 });

/** A probability, 0 to 1. */
export const probability: fc.Arbitrary<number> = fc.double({ min: 0, max: 1, noNaN: true });

/** One recorded consent decision. */
export const consent = fc.record({
  purpose: fc.stringMatching(/^[a-z-]{1,20}$/),
  granted: fc.boolean(),
  at: isoTimestamp,
  textHash: fc.stringMatching(/^[0-9a-f]{64}$/),
  method: fc.constantFrom(...consentMethods),
});

/** Consent records with one thing wrong. */
export const badConsent: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  consent.map((c) => ({ ...c, textHash: 'abc' })),
  consent.map((c) => ({ ...c, method: 'phone' })),
  consent.map((c) => ({ ...c, at: 'yesterday' })),
  consent.map(({ purpose: _purpose, ...rest }) => rest),
  consent.map((c) => ({ ...c, ip: '127.0.0.1' })),
);

/** Where a contact came from. */
export const contactSource = fc.record(
  { channel: fc.stringMatching(/^[a-z]{1,12}$/), utmCampaign: name, referrer: fc.constantFrom('https://acme.com/pricing', 'http://example.org/') },
  { requiredKeys: [] },
);

/** Sources with one thing wrong. */
export const badContactSource: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  fc.constantFrom<unknown>({ campaign: 'spring' }, { referrer: 'ftp://acme.com' }, { referrer: 'not a url' }, { landingPage: megabyte }),
  badRequiredText.map((channel) => ({ channel })),
);

/** What `crm.contacts.create` accepts: a name or an email address, and any of the other fields. */
export const contactInput = fc
  .record(
    {
      firstName: name,
      lastName: name,
      emails: fc.array(email, { maxLength: 3 }),
      phones: fc.array(phone, { maxLength: 2 }),
      title: name,
      ownerId: name,
      lifecycleStage: fc.constantFrom(...lifecycleStages),
      source: contactSource,
      tags: fc.array(tag, { maxLength: 4 }),
      consent: fc.array(consent, { maxLength: 2 }),
      customFields,
    },
    { requiredKeys: [] },
  )
  .filter((c) => c.firstName !== undefined || c.lastName !== undefined || (c.emails?.length ?? 0) > 0);

/** A web domain, as written by people: scheme, `www.`, path and case vary (stored normalised). */
export const domainInput: fc.Arbitrary<{ written: string; normal: string }> = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.(com|io|org|de)$/),
    fc.constantFrom('', 'https://', 'http://www.', 'www.'),
    fc.constantFrom('', '/', '/about'),
  )
  .chain(([normal, prefix, suffix]) => fc.mixedCase(fc.constant(`${prefix}${normal}${suffix}`)).map((written) => ({ written, normal })));

// ---------------------------------------------------------------------------------------------
// Whole arguments and planted junk
// ---------------------------------------------------------------------------------------------

/** Anything at all, with the odd types `fc.anything()` leaves out by default, and a megabyte. */
export const anyJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    withObjectString: true,
    maxDepth: 3,
  }),
  hugeString,
  symbolJunk,
  functionJunk,
);

/** An object with no own keys, which zod reads as `{}`, whatever its prototype (a Date, a Map…). */
export function isKeylessObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * Junk for an argument where `{}` and `undefined` are valid (option bags, patches, queries).
 * Keyless objects are left out: zod reads a Date or a Map as `{}`, a known leniency (see the report).
 */
export const junkWhereEmptyIsValid: fc.Arbitrary<unknown> = anyJunk.filter((value) => value !== undefined && !isKeylessObject(value));

/** How to make one field of an input wrong. */
export interface FieldJunk {
  /** Values that are wrong for the field. */
  readonly junk: fc.Arbitrary<unknown>;
  /** Whether the field is optional: `null` then clears it in an update (valid), and is wrong in a create. */
  readonly clearable?: boolean;
}

/** A field of `table` and a value wrong for it, for a create (`null` is wrong there too). */
export function junkForCreate(table: Readonly<Record<string, FieldJunk>>): fc.Arbitrary<{ field: string; value: unknown }> {
  return fc
    .constantFrom(...Object.keys(table))
    .chain((field) => fc.oneof((table[field] as FieldJunk).junk, fc.constant(null)).map((value) => ({ field, value })));
}

/** A field of `table` and a value wrong for it in an update (`null` only where the field cannot be cleared). */
export function junkForUpdate(table: Readonly<Record<string, FieldJunk>>): fc.Arbitrary<{ field: string; value: unknown }> {
  return fc.constantFrom(...Object.keys(table)).chain((field) => {
    const { junk, clearable } = table[field] as FieldJunk;
    return (clearable ? junk : fc.oneof(junk, fc.constant(null))).map((value) => ({ field, value }));
  });
}

/** A key that is none of `known`, with a value; read-only record fields and prototype names included. */
export function unknownField(known: readonly string[]): fc.Arbitrary<{ field: string; value: unknown }> {
  return fc
    .tuple(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom('id', 'version', 'createdAt', 'updatedAt', 'deletedAt', '__proto__', 'constructor', 'toString'),
      ),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .filter(([field]) => !known.includes(field))
    .map(([field, value]) => ({ field, value }));
}

/** `input` with `field` set to `value` (as an own property, even for `__proto__`). */
export function withField<T extends object>(input: T, field: string, value: unknown): Record<string, unknown> {
  const out = { ...input } as Record<string, unknown>;
  Object.defineProperty(out, field, { value, enumerable: true, configurable: true, writable: true });
  return out;
}
