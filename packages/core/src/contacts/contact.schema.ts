import { z } from '../schema/zod.js';
import {
  customFieldsSchema,
  emailSchema,
  externalIdSchema,
  idSchema,
  limits,
  phoneSchema,
  recordMetaShape,
  requiredText,
  tagsSchema,
  text,
  timestampSchema,
  webUrlSchema,
} from '../schema/common.schema.js';

/** Where a contact is in the customer journey, from first touch to advocate. */
export const lifecycleStages = [
  'subscriber',
  'lead',
  'marketingQualified',
  'salesQualified',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;

/** One of {@link lifecycleStages}. */
export type LifecycleStage = (typeof lifecycleStages)[number];

export const lifecycleStageSchema = z.enum(lifecycleStages, {
  message: `Must be one of ${lifecycleStages.join(', ')}`,
});

/** Where a contact came from: channel, UTM parameters, referrer, form. */
export const sourceSchema = z.strictObject({
  channel: requiredText(64).optional(),
  utmSource: requiredText(limits.shortText).optional(),
  utmMedium: requiredText(limits.shortText).optional(),
  utmCampaign: requiredText(limits.shortText).optional(),
  utmTerm: requiredText(limits.shortText).optional(),
  utmContent: requiredText(limits.shortText).optional(),
  referrer: webUrlSchema.optional(),
  landingPage: webUrlSchema.optional(),
  formId: requiredText(limits.externalId).optional(),
});

/** Where a contact came from. */
export type ContactSource = z.output<typeof sourceSchema>;

/** How consent was given. */
export const consentMethods = ['form', 'import', 'manual', 'api'] as const;

/**
 * One consent decision: its purpose (such as `marketing-email`), whether it was granted, when, the
 * SHA-256 (hex) of the exact text the person was shown, and how it was collected.
 */
export const consentSchema = z.strictObject({
  purpose: requiredText(64),
  granted: z.boolean(),
  at: timestampSchema,
  textHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'Must be a SHA-256 hash in lower-case hex' }),
  method: z.enum(consentMethods, { message: `Must be one of ${consentMethods.join(', ')}` }),
});

/** One recorded consent decision. */
export type Consent = z.output<typeof consentSchema>;

/** The cached result of lead scoring (computed by the scoring service). */
export const cachedScoreSchema = z.strictObject({
  value: z.number().finite(),
  grade: requiredText(32),
  computedAt: z.iso.datetime(),
});

/** The fields a caller provides when creating or updating a contact. */
export const contactFieldsShape = {
  firstName: requiredText(limits.name).optional(),
  lastName: requiredText(limits.name).optional(),
  emails: z
    .array(emailSchema)
    .max(limits.emails, { message: `At most ${limits.emails} email addresses` })
    .transform((emails) => [...new Set(emails)])
    .default([]),
  phones: z.array(phoneSchema).max(limits.phones, { message: `At most ${limits.phones} phone numbers` }).default([]),
  companyId: idSchema.optional(),
  title: requiredText(limits.name).optional(),
  ownerId: externalIdSchema.optional(),
  lifecycleStage: lifecycleStageSchema.default('lead'),
  source: sourceSchema.optional(),
  tags: tagsSchema.default([]),
  consent: z.array(consentSchema).max(200, { message: 'At most 200 consent records' }).default([]),
  customFields: customFieldsSchema.default({}),
};

type ContactFields = { firstName?: unknown; lastName?: unknown; emails?: readonly unknown[] };

function needsNameOrEmail(contact: ContactFields, ctx: z.core.$RefinementCtx): void {
  if (!contact.firstName && !contact.lastName && !contact.emails?.length) {
    ctx.addIssue({ code: 'custom', path: ['firstName'], message: 'A contact needs a first name, a last name or an email address' });
  }
}

/** The names of the fields a caller sets on a contact. */
export const contactFieldNames = Object.keys(contactFieldsShape) as (keyof typeof contactFieldsShape)[];

/** What `crm.contacts.create` accepts. */
export const contactInputSchema = z.strictObject(contactFieldsShape).superRefine(needsNameOrEmail);

/** A person the workspace knows, as stored. */
export const contactSchema = z
  .strictObject({
    ...recordMetaShape,
    ...contactFieldsShape,
    /** The linked company's name, kept in step by the services, for display and search. */
    companyName: text(limits.name).optional(),
    score: cachedScoreSchema.optional(),
    deletedAt: z.iso.datetime().optional(),
    /** Set when this contact was merged into another one; the record stays, soft-deleted. */
    mergedIntoId: idSchema.optional(),
  })
  .superRefine(needsNameOrEmail);

/** A stored contact. */
export type Contact = z.output<typeof contactSchema>;
/** What `crm.contacts.create` accepts. */
export type ContactInput = z.input<typeof contactInputSchema>;
