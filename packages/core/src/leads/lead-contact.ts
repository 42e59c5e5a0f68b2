/**
 * What a lead does to a contact: the contact it creates, or how it merges into the one that
 * already has its email address. Pure: records in, record out.
 */
import type { Consent, Contact, ContactSource } from '../contacts/contact.schema.js';
import { limits, type CustomFieldValue } from '../schema/common.schema.js';
import type { WriteRecord } from '../storage/port.js';
import type { Lead } from './lead.schema.js';

/** The most consent records a contact keeps (the limit of `contactSchema`'s `consent`). */
const maxConsentRecords = 200;

/** `value` without its `undefined` entries, so stored records hold no empty keys. */
export function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Where a lead came from, as a contact's source: the form channel, its UTM parameters and form. */
export function leadSource(lead: Lead): ContactSource {
  return { channel: 'form', ...definedOnly({ ...lead.source }), ...definedOnly({ formId: lead.formId }) };
}

/** A new contact made from a lead: a `lead` in the lifecycle, its source the form. */
export function contactFromLead(lead: Lead, consent: readonly Consent[], id: string, now: string): WriteRecord<Contact> {
  return {
    id,
    createdAt: now,
    updatedAt: now,
    ...definedOnly({ firstName: lead.firstName, lastName: lead.lastName, title: lead.title, companyName: lead.company }),
    emails: lead.email ? [lead.email] : [],
    phones: lead.phone ? [lead.phone] : [],
    lifecycleStage: 'lead',
    source: leadSource(lead),
    tags: [],
    consent: [...consent],
    customFields: { ...lead.customFields },
  };
}

/** A phone number's digits, so that `+1 555 0100` and `+15550100` are the same number. */
function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

function isEmpty(value: CustomFieldValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * `existing` with the lead merged in, or `undefined` when the lead adds nothing. The CRM's data
 * wins: only empty fields are filled (a name, title or company it has is never overwritten), a
 * new phone number is added, the first-touch `source` stays, and the lifecycle stage is never
 * lowered (a `subscriber` who fills in a form becomes a `lead`). Consent decisions are appended.
 * Limits (20 phones, 100 custom fields) are kept by leaving out what does not fit rather than
 * refusing the lead.
 */
export function mergeLead(existing: Contact, lead: Lead, consent: readonly Consent[], now: string): Contact | undefined {
  const next: Contact = { ...existing };
  if (lead.firstName && !existing.firstName) next.firstName = lead.firstName;
  if (lead.lastName && !existing.lastName) next.lastName = lead.lastName;
  if (lead.title && !existing.title) next.title = lead.title;
  // A linked company's name is kept in step with the company; only an unlinked contact takes the typed one.
  if (lead.company && !existing.companyId && !existing.companyName) next.companyName = lead.company;
  const phone = lead.phone;
  if (phone && existing.phones.length < limits.phones && !existing.phones.some((p) => phoneDigits(p) === phoneDigits(phone))) {
    next.phones = [...existing.phones, phone];
  }
  if (!existing.source) next.source = leadSource(lead);
  if (existing.lifecycleStage === 'subscriber') next.lifecycleStage = 'lead';
  if (lead.customFields) next.customFields = fillCustomFields(existing.customFields, lead.customFields);
  if (consent.length) next.consent = appendConsent(existing.consent, consent);
  if (JSON.stringify(next) === JSON.stringify(existing)) return undefined;
  next.updatedAt = now;
  return next;
}

/** The stored custom fields with the lead's filled in where they are empty, within the limit. */
function fillCustomFields(stored: Contact['customFields'], submitted: Readonly<Record<string, CustomFieldValue>>): Contact['customFields'] {
  const out = { ...stored };
  let count = Object.keys(out).length;
  for (const [name, value] of Object.entries(submitted)) {
    if (!isEmpty(out[name]) || isEmpty(value)) continue;
    if (!Object.hasOwn(out, name)) {
      if (count >= limits.customFields) continue;
      count++;
    }
    out[name] = value;
  }
  return out;
}

/**
 * The stored consent records followed by the new ones. Past the limit, the oldest decisions that
 * a later one of the same purpose replaced are dropped first, so a withdrawal is never refused
 * and the current decision for every purpose stays on record.
 */
export function appendConsent(stored: readonly Consent[], added: readonly Consent[], max = maxConsentRecords): Consent[] {
  const all = [...stored, ...added];
  if (all.length <= max) return all;
  const latest = new Map<string, number>();
  all.forEach((record, i) => latest.set(record.purpose, i));
  let excess = all.length - max;
  const kept = all.filter((record, i) => {
    if (excess > 0 && latest.get(record.purpose) !== i) {
      excess--;
      return false;
    }
    return true;
  });
  // Only a contact with more purposes than the limit gets here; keep the newest decisions.
  return kept.slice(-max);
}
