import type { StorageScope } from '../storage/port.js';
import { tokenize } from '../storage/search.js';
import type { Contact } from './contact.schema.js';

/** Why a contact looks like a duplicate. */
export type DuplicateReason = 'email' | 'name';

/** A contact that is probably the same person, and why. */
export interface DuplicateCandidate {
  readonly contact: Contact;
  readonly reasons: readonly DuplicateReason[];
}

type Probe = { firstName?: string | undefined; lastName?: string | undefined; emails: readonly string[] };

/** The full name in comparable form: accent-free, lower-case words. */
function nameKey(person: { firstName?: string | undefined; lastName?: string | undefined }): string {
  return tokenize(`${person.firstName ?? ''} ${person.lastName ?? ''}`).join(' ');
}

/**
 * Stored contacts that share an email address with `probe`, or its full name (first and last);
 * strongest matches first. `selfId` is left out of the answer.
 */
export async function findContactDuplicates(scope: StorageScope, probe: Probe, selfId: string | undefined): Promise<DuplicateCandidate[]> {
  const contacts = scope.collection('contacts');
  const found = new Map<string, { contact: Contact; reasons: Set<DuplicateReason> }>();
  const note = (contact: Contact, reason: DuplicateReason) => {
    if (contact.id === selfId) return;
    const entry = found.get(contact.id) ?? { contact, reasons: new Set<DuplicateReason>() };
    entry.reasons.add(reason);
    found.set(contact.id, entry);
  };

  if (probe.emails.length) {
    const byEmail = await contacts.query({ where: { emails: { in: [...probe.emails] }, deletedAt: null }, limit: 100 });
    for (const contact of byEmail.items) note(contact, 'email');
  }
  const key = nameKey(probe);
  if (probe.firstName && probe.lastName && key) {
    const byName = await contacts.query({ search: key, where: { deletedAt: null }, limit: 100 });
    for (const contact of byName.items) if (nameKey(contact) === key) note(contact, 'name');
  }
  return [...found.values()]
    .map(({ contact, reasons }) => ({ contact, reasons: [...reasons] }))
    .sort((a, b) => b.reasons.length - a.reasons.length || (a.reasons[0] === 'email' ? -1 : 1));
}
