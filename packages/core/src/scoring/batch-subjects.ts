import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import { allRecords } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { maxLimit } from '../storage/query.js';

/** A contact with what scoring reads about it: its live company and its timeline. */
export interface ContactWithTimeline {
  readonly contact: Contact;
  readonly company: Company | undefined;
  readonly interactions: readonly Interaction[];
}

/**
 * Contacts per `in` query. An index serves a short list of ids well; a long one can pass the
 * number of keys an adapter is willing to gather (IndexedDB's planner then walks everything).
 */
const idsPerQuery = 100;

/**
 * Loads the companies and timelines of a batch of contacts with a few queries rather than one
 * per contact. `companies` caches companies across batches (a missing or deleted one as
 * `undefined`).
 */
export async function withTimelines(
  scope: StorageScope,
  contacts: readonly Contact[],
  companies: Map<string, Company | undefined>,
): Promise<ContactWithTimeline[]> {
  const missing = [...new Set(contacts.flatMap((c) => (c.companyId && !companies.has(c.companyId) ? [c.companyId] : [])))];
  if (missing.length) {
    const found = await scope.collection('companies').getMany(missing);
    missing.forEach((id, i) => companies.set(id, found[i]?.deletedAt ? undefined : found[i]));
  }
  const timelines = new Map<string, Interaction[]>(contacts.map((c) => [c.id, []]));
  for (let start = 0; start < contacts.length; start += idsPerQuery) {
    const ids = contacts.slice(start, start + idsPerQuery).map((c) => c.id);
    for await (const page of allRecords(scope, 'interactions', { where: { contactId: { in: ids } }, limit: maxLimit })) {
      for (const entry of page) timelines.get(entry.contactId as string)?.push(entry);
    }
  }
  return contacts.map((contact) => ({
    contact,
    company: contact.companyId ? companies.get(contact.companyId) : undefined,
    interactions: timelines.get(contact.id) as Interaction[],
  }));
}
