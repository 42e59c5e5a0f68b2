/**
 * Building blocks shared by every entity schema: ids, timestamps, bounded text, tags and custom
 * fields. Every string has an upper bound, checked before any pattern, so a megabyte of input is
 * refused at once instead of being scanned.
 */
import { z } from './zod.js';

/** A record id: a UUID (Rapport makes UUIDv7, which sort by creation time). */
export const idSchema = z.uuid({ message: 'Must be a UUID' });

/** Length limits, in UTF-16 code units, for the kinds of text Rapport stores. */
export const limits = {
  name: 200,
  shortText: 500,
  longText: 100_000,
  email: 254,
  phone: 40,
  url: 2048,
  tag: 64,
  tags: 50,
  emails: 20,
  phones: 20,
  customFields: 100,
  customFieldText: 10_000,
  externalId: 128,
} as const;

/** Text of at most `max` characters, trimmed; `undefined` stays absent. */
export function text(max: number) {
  return z.string().max(max * 4, { abort: true, message: `Must be at most ${max} characters` }).trim().max(max, {
    message: `Must be at most ${max} characters`,
  });
}

/** Like {@link text} but must not be empty once trimmed. */
export function requiredText(max: number) {
  return text(max).min(1, { message: 'Must not be empty' });
}

/** An opaque id from outside Rapport, such as a user id for `ownerId`. */
export const externalIdSchema = requiredText(limits.externalId);

/**
 * A point in time. Accepts a `Date` or an ISO-8601 string with any offset; stores the UTC form
 * (`2026-05-01T08:00:00.000Z`).
 */
export const timestampSchema = z
  .union([
    z.date(),
    z
      .string()
      .max(64, { abort: true, message: 'Must be an ISO-8601 date-time' })
      .pipe(z.iso.datetime({ offset: true, message: 'Must be an ISO-8601 date-time such as 2026-05-01T08:00:00Z' })),
  ])
  .transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Must be a valid date-time' });
      return z.NEVER;
    }
    return date.toISOString();
  });

/** A calendar date, `YYYY-MM-DD`. */
export const dateSchema = z
  .string()
  .max(10, { abort: true, message: 'Must be a date such as 2026-05-01' })
  .pipe(z.iso.date({ message: 'Must be a date such as 2026-05-01' }));

/** The version a caller last read; a write with it fails with a conflict if the record moved on. */
export const expectedVersionSchema = z.int().min(0, { message: 'Must be 0 or more' });

/** Free-form labels, lower-cased and de-duplicated. */
export const tagsSchema = z
  .array(requiredText(limits.tag).toLowerCase(), { message: 'Must be a list of tags' })
  .max(limits.tags, { message: `At most ${limits.tags} tags` })
  .transform((tags) => [...new Set(tags)]);

// Keys that would reach Object.prototype if assigned to a plain object.
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** The name of a custom field. */
export const customFieldNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, {
    message: 'Custom field names start with a letter or _ and use at most 64 letters, digits, _ . -',
  })
  .refine((key) => !forbiddenKeys.has(key), { message: 'This name is reserved' });

/** One custom field's value. */
export const customFieldValueSchema = z.union([
  z.string().max(limits.customFieldText, { message: `Must be at most ${limits.customFieldText} characters` }),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

/** Values of custom fields: short text, finite numbers, booleans or null. */
export type CustomFieldValue = z.output<typeof customFieldValueSchema>;

const customFieldsRecord = z
  .record(customFieldNameSchema, customFieldValueSchema)
  .refine((fields) => Object.keys(fields).length <= limits.customFields, {
    message: `At most ${limits.customFields} custom fields`,
  });

/** Fields a workspace adds to a record, by name. */
export const customFieldsSchema = z
  // zod's record drops an own `__proto__` key without a word (it would replace the prototype);
  // refuse it by name instead, like the other reserved names.
  .custom<z.input<typeof customFieldsRecord>>((value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'), {
    message: 'This name is reserved',
    path: ['__proto__'],
  })
  .pipe(customFieldsRecord);

/** The fields every stored record carries. */
export const recordMetaShape = {
  id: idSchema,
  version: z.int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

/** An email address, trimmed and lower-cased so that equal addresses compare equal. */
export const emailSchema = z
  .string()
  .max(limits.email * 4, { abort: true, message: `Must be at most ${limits.email} characters` })
  .trim()
  .toLowerCase()
  .max(limits.email, { abort: true, message: `Must be at most ${limits.email} characters` })
  .pipe(z.email({ message: 'Must be an email address' }));

/** The normal form of an email address: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A phone number as written, limited to digits, spaces and `+ - ( ) . /` with an optional extension. */
export const phoneSchema = requiredText(limits.phone).regex(/^\+?[0-9 ()./-]{3,}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i, {
  message: 'Must be a phone number such as +1 555 0100',
});

/** An http(s) URL, such as a referrer or a landing page. */
export const webUrlSchema = requiredText(limits.url).refine(isWebUrl, { message: 'Must be an http or https URL' });

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
