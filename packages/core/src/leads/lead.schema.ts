import { z } from '../schema/zod.js';
import { customFieldsSchema, emailSchema, limits, phoneSchema, requiredText, text, webUrlSchema } from '../schema/common.schema.js';

/** Length and count limits of a lead, beyond the ones every contact has. */
export const leadLimits = {
  /** The message, in characters. */
  message: 10_000,
  /** The consent text the person was shown, in characters. */
  consentText: 2_000,
  /** Consent decisions in one submission. */
  consents: 20,
} as const;

/**
 * Optional text a person types into a form, trimmed. A blank value counts as absent: HTML forms
 * send every field, filled or not, and a lead must not be refused for an empty optional box.
 * `field` then checks what is left (an email address, a phone number, a URL…).
 */
function formText(max: number, field: z.ZodType<string, string> = requiredText(max)) {
  return text(max)
    .transform((value) => (value === '' ? undefined : value))
    .pipe(field.optional())
    .optional();
}

/** Where the submission came from, as the page saw it: UTM parameters, referrer, landing page. */
export const leadSourceSchema = z.strictObject({
  utmSource: formText(limits.shortText),
  utmMedium: formText(limits.shortText),
  utmCampaign: formText(limits.shortText),
  utmTerm: formText(limits.shortText),
  utmContent: formText(limits.shortText),
  referrer: formText(limits.url, webUrlSchema),
  landingPage: formText(limits.url, webUrlSchema),
});

/**
 * One consent decision as the form collected it. `text` is exactly what the person was shown;
 * it is kept untrimmed because its SHA-256 is the proof of what was agreed to.
 */
export const leadConsentSchema = z.strictObject({
  purpose: requiredText(64),
  granted: z.boolean({ message: 'Must be true or false' }),
  text: z
    .string()
    .max(leadLimits.consentText, { message: `Must be at most ${leadLimits.consentText} characters` })
    .refine((value) => value.trim() !== '', { message: 'Must not be empty: the exact text the person was shown' }),
});

/**
 * What `crm.leads.capture` accepts: what a person submitted through a form. It needs an email
 * address or a name; blank text fields count as absent; unknown fields are refused.
 */
export const leadInputSchema = z
  .strictObject({
    email: formText(limits.email, emailSchema),
    firstName: formText(limits.name),
    lastName: formText(limits.name),
    phone: formText(limits.phone, phoneSchema),
    /** The company's name as typed; stored as the contact's `companyName`. */
    company: formText(limits.name),
    title: formText(limits.name),
    /** What the person wrote; the body of the `formSubmission` interaction. */
    message: formText(leadLimits.message),
    customFields: customFieldsSchema.optional(),
    consent: z
      .array(leadConsentSchema, { message: 'Must be a list of consent decisions' })
      .max(leadLimits.consents, { message: `At most ${leadLimits.consents} consent decisions` })
      .superRefine(eachPurposeOnce)
      .optional(),
    source: leadSourceSchema.optional(),
    /** Which form it came from; stored in the contact's source and on the interaction. */
    formId: requiredText(limits.externalId).optional(),
  })
  .superRefine((lead, ctx) => {
    if (!lead.email && !lead.firstName && !lead.lastName) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'A lead needs an email address, a first name or a last name' });
    }
  });

// Two answers for one purpose in one submission (granted and refused) leave the consent unknown.
function eachPurposeOnce(consents: readonly { purpose: string }[], ctx: z.core.$RefinementCtx): void {
  const seen = new Set<string>();
  consents.forEach(({ purpose }, i) => {
    if (seen.has(purpose)) ctx.addIssue({ code: 'custom', path: [i, 'purpose'], message: 'Each purpose may appear once' });
    seen.add(purpose);
  });
}

/** What `crm.leads.capture` accepts. */
export type LeadInput = z.input<typeof leadInputSchema>;
/** A lead as validated: trimmed, the email lower-cased, blank fields gone. */
export type Lead = z.output<typeof leadInputSchema>;
/** One consent decision of a lead. */
export type LeadConsent = z.output<typeof leadConsentSchema>;
