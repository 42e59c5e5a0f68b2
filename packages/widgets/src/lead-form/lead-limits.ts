/**
 * The lengths core's `leadInputSchema` allows, mirrored here because the lead form's bundle may not
 * import core at run time (core brings full zod). `lead-limits.test.ts` fails when they drift.
 */
export const leadLimits = {
  name: 200,
  email: 254,
  phone: 40,
  message: 10_000,
  customFieldText: 10_000,
  consentText: 2_000,
  consentPurpose: 64,
  consents: 20,
  customFields: 100,
  formId: 128,
} as const;

/** Core's rule for phone numbers (`phoneSchema`), so that the form refuses what the server would. */
export const phonePattern = /^\+?[0-9 ()./-]{3,}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;

/** Core's rule for email addresses (zod's), so that the form refuses what the server would. */
export const emailPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** Core's rule for custom field names. */
export const customFieldNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** Names core refuses as custom field names. */
export const reservedFieldNames: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
