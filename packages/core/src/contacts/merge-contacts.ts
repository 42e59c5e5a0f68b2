import { fieldError, parseInput } from '../validation.js';
import { allRecords, checkVersion, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { pickDefined } from '../schema/patch.schema.js';
import { contactFieldNames, contactInputSchema, lifecycleStages, type Contact } from './contact.schema.js';

/** How far along the journey a stage is; `other` ranks lowest so a real stage wins a merge. */
function rank(stage: Contact['lifecycleStage']): number {
  return stage === 'other' ? -1 : lifecycleStages.indexOf(stage);
}

/**
 * The merge of two contacts, inside the caller's transaction: fields the target lacks come from
 * the source; lists are united; every interaction and deal link of the source moves to the
 * target; the source is soft-deleted and points at the target.
 */
export async function mergeContactRecords(
  tx: StorageScope,
  input: { targetId: string; sourceId: string; expectedVersion: number | undefined; now: string },
): Promise<Contact> {
  const target = await requireRecord(tx, 'contacts', input.targetId);
  const source = await requireRecord(tx, 'contacts', input.sourceId);
  checkVersion('contacts', target, input.expectedVersion);

  const mergedFields = {
    ...pickDefined(source, contactFieldNames),
    ...pickDefined(target, contactFieldNames),
    emails: [...target.emails, ...source.emails],
    phones: [...new Set([...target.phones, ...source.phones])],
    tags: [...target.tags, ...source.tags],
    consent: [...target.consent, ...source.consent].sort((a, b) => a.at.localeCompare(b.at)),
    customFields: { ...source.customFields, ...target.customFields },
    lifecycleStage: rank(source.lifecycleStage) > rank(target.lifecycleStage) ? source.lifecycleStage : target.lifecycleStage,
  };
  let fields;
  try {
    fields = parseInput(contactInputSchema, mergedFields, 'merge');
  } catch (error) {
    // Limits (20 emails, 50 tags…) can be exceeded only by the union; say so at the source.
    throw fieldError('merge', ['sourceId'], `The merged contact would break a limit: ${(error as Error).message}`);
  }
  const companyName = target.companyId ? target.companyName : source.companyName;
  const { score: _stale, ...targetRest } = target;
  const merged: Contact = {
    ...targetRest,
    ...fields,
    ...(companyName !== undefined ? { companyName } : {}),
    updatedAt: input.now,
  };

  const interactions = tx.collection('interactions');
  for await (const page of allRecords(tx, 'interactions', { where: { contactId: source.id }, orderBy: timelineOrder })) {
    for (const entry of page) await interactions.put({ ...entry, contactId: target.id }, { expectedVersion: entry.version });
  }
  const deals = tx.collection('deals');
  for await (const page of allRecords(tx, 'deals', { where: { contactIds: source.id } })) {
    for (const deal of page) {
      const contactIds = [...new Set(deal.contactIds.map((id) => (id === source.id ? target.id : id)))];
      await deals.put({ ...deal, contactIds }, { expectedVersion: deal.version });
    }
  }
  const contacts = tx.collection('contacts');
  await contacts.put({ ...source, deletedAt: input.now, mergedIntoId: target.id, updatedAt: input.now }, { expectedVersion: source.version });
  return contacts.put(merged, { expectedVersion: target.version });
}
