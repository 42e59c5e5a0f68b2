import type { Consent, Contact } from '../contacts/contact.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { CustomFieldValue } from '../schema/common.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import type { StorageScope, WriteRecord } from '../storage/port.js';
import { parseInput } from '../validation.js';
import { contactFromLead, definedOnly, mergeLead } from './lead-contact.js';
import { leadInputSchema, type Lead, type LeadInput } from './lead.schema.js';
import { sha256Hex } from './sha256-hex.js';

/** What `crm.leads.capture` gives back. */
export interface LeadCaptureResult {
  /** The contact the lead created or was merged into, as stored. */
  readonly contact: Contact;
  /** Whether the contact is new (`false`: an existing contact had the email address). */
  readonly created: boolean;
  /** The `formSubmission` entry on the contact's timeline. */
  readonly interaction: Interaction;
}

/** The live contact (not deleted, not merged away) with this normalised email address; the oldest if several. */
async function contactWithEmail(tx: StorageScope, email: string): Promise<Contact | undefined> {
  const page = await tx.collection('contacts').query({ where: { emails: email, deletedAt: null }, limit: 10 });
  return page.items.find((contact) => !contact.mergedIntoId);
}

/** The consent records a lead's decisions become; the text is hashed, never stored. */
async function consentRecords(lead: Lead, at: string): Promise<Consent[]> {
  return Promise.all(
    (lead.consent ?? []).map(async ({ purpose, granted, text }) => ({ purpose, granted, at, textHash: await sha256Hex(text), method: 'form' as const })),
  );
}

/** The timeline entry of a submission: the message as its body, the form and UTM parameters as its data. */
function submissionEntry(lead: Lead, contact: Contact, id: string, now: string): WriteRecord<Interaction> {
  const data: Record<string, CustomFieldValue> = definedOnly({ formId: lead.formId, ...lead.source });
  return {
    id,
    type: 'formSubmission',
    contactId: contact.id,
    // As `crm.interactions.log` does: an entry about a contact shows on its company's timeline too.
    ...(contact.companyId ? { companyId: contact.companyId } : {}),
    occurredAt: now,
    direction: 'inbound',
    ...(lead.message ? { body: lead.message } : {}),
    ...(Object.keys(data).length ? { data } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Lead capture: turns a form submission into a contact, de-duplicated by email address, with
 * consent on record and the submission on the timeline. Reached as `crm.leads`.
 */
export class LeadsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Captures a lead in one transaction. A live contact with the same email address (compared
   * trimmed and lower-cased) absorbs it: empty fields are filled, a new phone number added, the
   * first-touch source and the lifecycle stage kept (a `subscriber` becomes a `lead`). Otherwise a
   * contact is created with lifecycle stage `lead` and source `{ channel: 'form', formId, utm… }`.
   * Each consent decision is appended as `{ purpose, granted, at, textHash, method: 'form' }`, where
   * `textHash` is the SHA-256 (hex) of the exact text shown. A `formSubmission` interaction records
   * the message, the form and the UTM parameters. Fires `contact.created` or `contact.updated`
   * (when the contact changed), then `interaction.logged`. An edit of the contact made meanwhile
   * makes it fail with a `ConflictError` rather than be overwritten.
   *
   * @example
   * const { contact, created } = await crm.leads.capture({
   *   email: 'ada@example.com',
   *   firstName: 'Ada',
   *   message: 'Please call me about the pro plan',
   *   consent: [{ purpose: 'marketing-email', granted: true, text: 'Send me product news by email.' }],
   *   source: { utmSource: 'newsletter', landingPage: 'https://example.com/pricing' },
   *   formId: 'pricing-contact',
   * });
   */
  async capture(input: LeadInput): Promise<LeadCaptureResult> {
    const lead = parseInput(leadInputSchema, input, 'lead');
    const now = nowIso(this.ctx);
    // Hashing awaits Web Crypto, which must not happen inside a transaction (an IndexedDB one would end).
    const consent = await consentRecords(lead, now);
    let previous: Contact | undefined;
    let changed = false;
    const result = await this.ctx.storage.transaction(['contacts', 'interactions'], async (tx) => {
      const contacts = tx.collection('contacts');
      const existing = lead.email ? await contactWithEmail(tx, lead.email) : undefined;
      let contact: Contact;
      if (existing) {
        const merged = mergeLead(existing, lead, consent, now);
        previous = existing;
        changed = merged !== undefined;
        contact = merged ? await contacts.put(merged, { expectedVersion: existing.version }) : existing;
      } else {
        contact = await contacts.put(contactFromLead(lead, consent, this.ctx.newId(), now), { expectedVersion: 0 });
      }
      const interaction = await tx.collection('interactions').put(submissionEntry(lead, contact, this.ctx.newId(), now), { expectedVersion: 0 });
      return { contact, created: existing === undefined, interaction };
    });
    if (result.created) this.ctx.events.emit('contact.created', { contact: result.contact });
    else if (changed) this.ctx.events.emit('contact.updated', { contact: result.contact, previous: previous as Contact });
    this.ctx.events.emit('interaction.logged', { interaction: result.interaction });
    return result;
  }
}
