import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import { allRecords } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { maxLimit } from '../storage/query.js';
import { withTimelines } from './batch-subjects.js';
import type { FeatureReader } from './features.js';

/** One row to learn from: a contact of a closed deal, its features as of the close, and whether it was won. */
export interface TrainingExample {
  readonly values: readonly number[];
  readonly label: 0 | 1;
}

/** Contacts per batch when reading timelines, so memory stays bounded by the batch, not the workspace. */
const batchSize = 500;

/**
 * Reads the training examples from a store: for every closed (won or lost) live deal, optionally
 * in one pipeline, each of its live contacts, with feature values as of the deal's close. A contact
 * on several closed deals gives one example per deal.
 */
export async function readTrainingSet(
  scope: StorageScope,
  read: FeatureReader,
  options: { pipelineId?: string | undefined; signal?: AbortSignal | undefined },
): Promise<TrainingExample[]> {
  const closings = new Map<string, { label: 0 | 1; asOf: number }[]>();
  const where = { status: { in: ['won', 'lost'] }, deletedAt: null, ...(options.pipelineId ? { pipelineId: options.pipelineId } : {}) };
  for await (const deals of allRecords(scope, 'deals', { where, limit: maxLimit })) {
    options.signal?.throwIfAborted();
    for (const deal of deals) {
      if (!deal.closedAt) continue;
      const closing = { label: deal.status === 'won' ? (1 as const) : (0 as const), asOf: Date.parse(deal.closedAt) };
      for (const contactId of deal.contactIds) {
        const list = closings.get(contactId);
        if (list) list.push(closing);
        else closings.set(contactId, [closing]);
      }
    }
  }

  const examples: TrainingExample[] = [];
  const companies = new Map<string, Company | undefined>();
  const ids = [...closings.keys()].sort();
  for (let start = 0; start < ids.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = ids.slice(start, start + batchSize);
    const contacts = (await scope.collection('contacts').getMany(batch)).filter((c): c is Contact => c !== undefined && !c.deletedAt);
    if (!contacts.length) continue;
    for (const { contact, company, interactions } of await withTimelines(scope, contacts, companies)) {
      for (const { label, asOf } of closings.get(contact.id) ?? []) examples.push({ values: read({ contact, company }, interactions, asOf), label });
    }
  }
  return examples;
}
