import type { LeadInput } from '@rapport/core';
import type { LeadField } from './lead-field.js';
import type { FieldValue } from './lead-validation.js';
import type { LeadSource } from './page-source.js';

/** What the form adds to the person's answers. */
export interface LeadBodyExtras {
  /** UTM parameters, referrer and landing page. */
  readonly source: LeadSource;
  /** When the form was shown (ISO 8601): the server refuses a submission made faster than a person could. */
  readonly startedAt: string;
  /** The hidden field only bots fill in. */
  readonly honeypot: string;
  /** Which form this is, when the page names it. */
  readonly formId?: string;
}

/** A submission: the lead as `crm.leads.capture` takes it, and the exact JSON text the endpoint is sent. */
export interface LeadSubmissionBody {
  readonly lead: LeadInput;
  readonly body: string;
}

/**
 * Turns the answers into a lead: the lead's own fields by name, other fields as custom fields,
 * consent checkboxes as decisions carrying their label as the exact text shown (granted or not).
 * Text is trimmed; blank optional answers are left out.
 *
 * @example
 * const { lead, body } = leadBody(fields, values, { source: {}, startedAt: shownAt, honeypot: '' });
 */
export function leadBody(fields: readonly LeadField[], values: ReadonlyMap<string, FieldValue>, extras: LeadBodyExtras): LeadSubmissionBody {
  const lead: Record<string, unknown> = {};
  const customFields: Record<string, string | boolean> = {};
  const consent: { purpose: string; granted: boolean; text: string }[] = [];
  for (const field of fields) {
    // A hidden field sends the page's value, whatever a restored form state says.
    const raw = field.type === 'hidden' ? field.value : (values.get(field.name) ?? (field.type === 'checkbox' ? field.checked : field.value));
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (field.consent !== undefined) consent.push({ purpose: field.consent, granted: value === true, text: field.label });
    else if (value === '') continue;
    else if (field.target === 'lead') lead[field.name] = value;
    else customFields[field.name] = value;
  }
  if (Object.keys(customFields).length) lead.customFields = customFields;
  if (consent.length) lead.consent = consent;
  if (Object.keys(extras.source).length) lead.source = extras.source;
  const formId = extras.formId?.trim();
  if (formId) lead.formId = formId;
  const body = JSON.stringify({ ...lead, honeypot: extras.honeypot, startedAt: extras.startedAt });
  return { lead: lead as LeadInput, body };
}
