import { pickDefined } from '../schema/patch.schema.js';
import { allRecords, checkVersion, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { fieldError, parseInput } from '../validation.js';
import { companyFieldNames, companyInputSchema, type Company } from './company.schema.js';

/**
 * The merge of two companies, inside the caller's transaction: fields the target lacks come from
 * the source (its domain too, which the source gives up first, as domains are unique); contacts,
 * deals and interactions move to the target; the source is soft-deleted and points at it.
 */
export async function mergeCompanyRecords(
  tx: StorageScope,
  input: { targetId: string; sourceId: string; expectedVersion: number | undefined; now: string },
): Promise<Company> {
  const target = await requireRecord(tx, 'companies', input.targetId);
  const source = await requireRecord(tx, 'companies', input.sourceId);
  checkVersion('companies', target, input.expectedVersion);

  let fields;
  try {
    fields = parseInput(
      companyInputSchema,
      {
        ...pickDefined(source, companyFieldNames),
        ...pickDefined(target, companyFieldNames),
        tags: [...target.tags, ...source.tags],
        customFields: { ...source.customFields, ...target.customFields },
      },
      'merge',
    );
  } catch (error) {
    throw fieldError('merge', ['sourceId'], `The merged company would break a limit: ${(error as Error).message}`);
  }

  const companies = tx.collection('companies');
  const { domain: _given, ...sourceRest } = source;
  await companies.put({ ...sourceRest, deletedAt: input.now, mergedIntoId: target.id, updatedAt: input.now }, { expectedVersion: source.version });
  const merged = await companies.put({ ...target, ...fields, updatedAt: input.now }, { expectedVersion: target.version });

  const contacts = tx.collection('contacts');
  for await (const page of allRecords(tx, 'contacts', { where: { companyId: source.id } })) {
    for (const contact of page) {
      await contacts.put({ ...contact, companyId: merged.id, companyName: merged.name }, { expectedVersion: contact.version });
    }
  }
  const deals = tx.collection('deals');
  for await (const page of allRecords(tx, 'deals', { where: { companyId: source.id } })) {
    for (const deal of page) await deals.put({ ...deal, companyId: merged.id }, { expectedVersion: deal.version });
  }
  const interactions = tx.collection('interactions');
  for await (const page of allRecords(tx, 'interactions', { where: { companyId: source.id }, orderBy: timelineOrder })) {
    for (const entry of page) await interactions.put({ ...entry, companyId: merged.id }, { expectedVersion: entry.version });
  }
  return merged;
}
