import type { z } from 'zod';
import type { ImportOptions, ImportResult, CsvSource, ExportOptions } from '../csv/csv-types.js';
import { exportContactsCsv, importContactsCsv } from '../csv/contacts-csv.js';
import { applyPatch, patchSchema, pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import { toStorageQuery, type ListQuery } from '../service/list-query.js';
import { parseId, parseReadOptions, parseWriteOptions, type ServiceReadOptions, type ServiceWriteOptions } from '../service/options.schema.js';
import { allRecords, checkVersion, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import type { Page } from '../storage/query.js';
import { fieldError, isObject, parseInput } from '../validation.js';
import { contactFieldNames, contactFieldsShape, contactInputSchema, type Contact, type ContactInput } from './contact.schema.js';
import { findContactDuplicates, type DuplicateCandidate } from './find-duplicates.js';
import { mergeContactRecords } from './merge-contacts.js';

/** Validates what `crm.contacts.update` accepts. */
export const contactPatchSchema = patchSchema(contactFieldsShape);

/** What `crm.contacts.update` accepts: any create field; `null` clears an optional one. */
export type ContactPatch = z.input<typeof contactPatchSchema>;

/**
 * The company's name for a contact that links to `companyId`; a ValidationError at `path` when
 * there is no such company.
 */
export async function linkedCompanyName(scope: StorageScope, companyId: string, path: (string | number)[]): Promise<string> {
  const company = await scope.collection('companies').get(companyId);
  if (!company || company.deletedAt) throw fieldError('contact', path, 'No company has this id', 'not_found');
  return company.name;
}

/**
 * People: create, read, update, delete (soft, restorable, then purge), list, search, find and
 * merge duplicates, and import or export CSV. Reached as `crm.contacts`.
 */
export class ContactsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Creates a contact. A contact needs a name or an email address; emails are normalised.
   *
   * @example
   * const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.com'] });
   */
  async create(input: ContactInput): Promise<Contact> {
    const fields = parseInput(contactInputSchema, input, 'contact');
    const now = nowIso(this.ctx);
    const contact = await this.ctx.storage.transaction(['contacts', 'companies'], async (tx) => {
      const companyName = fields.companyId ? await linkedCompanyName(tx, fields.companyId, ['companyId']) : undefined;
      return tx.collection('contacts').put(
        { id: this.ctx.newId(), createdAt: now, updatedAt: now, ...fields, ...(companyName !== undefined ? { companyName } : {}) },
        { expectedVersion: 0 },
      );
    });
    this.ctx.events.emit('contact.created', { contact });
    return contact;
  }

  /**
   * The contact with this id; `NotFoundError` when there is none (or it was deleted, unless
   * `includeDeleted`).
   *
   * @example
   * const contact = await crm.contacts.get(id);
   */
  async get(id: string, options?: ServiceReadOptions): Promise<Contact> {
    const contactId = parseId(id, 'contact id');
    const opts = parseReadOptions(options);
    return requireRecord(this.ctx.storage, 'contacts', contactId, opts);
  }

  /**
   * Changes some fields. Pass the version you read as `expectedVersion` to fail with a
   * `ConflictError` instead of overwriting someone else's edit.
   *
   * @example
   * await crm.contacts.update(ann.id, { title: 'CTO', companyId: null }, { expectedVersion: ann.version });
   */
  async update(id: string, patch: ContactPatch, options?: ServiceWriteOptions): Promise<Contact> {
    const contactId = parseId(id, 'contact id');
    const changes = parseInput(contactPatchSchema, patch, 'contact update');
    const { expectedVersion } = parseWriteOptions(options);
    let previous: Contact | undefined;
    const contact = await this.ctx.storage.transaction(['contacts', 'companies'], async (tx) => {
      const existing = await requireRecord(tx, 'contacts', contactId);
      checkVersion('contacts', existing, expectedVersion);
      previous = existing;
      const fields = parseInput(contactInputSchema, applyPatch(pickDefined(existing, contactFieldNames), changes), 'contact update');
      const next: Contact = { ...existing, ...fields, updatedAt: nowIso(this.ctx) };
      for (const key of contactFieldNames) if (!(key in fields)) delete next[key];
      if (changes.companyId !== undefined) {
        if (fields.companyId) next.companyName = await linkedCompanyName(tx, fields.companyId, ['companyId']);
        else delete next.companyName;
      }
      return tx.collection('contacts').put(next, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('contact.updated', { contact, previous: previous as Contact });
    return contact;
  }

  /**
   * Deletes a contact softly: it disappears from lists and `get`, keeps its history, and can be
   * restored. Use {@link purge} to erase it for good.
   *
   * @example
   * await crm.contacts.delete(id);
   */
  async delete(id: string, options?: ServiceWriteOptions): Promise<Contact> {
    const contactId = parseId(id, 'contact id');
    const { expectedVersion } = parseWriteOptions(options);
    const contact = await this.ctx.storage.transaction(['contacts'], async (tx) => {
      const existing = await requireRecord(tx, 'contacts', contactId);
      checkVersion('contacts', existing, expectedVersion);
      return tx.collection('contacts').put({ ...existing, deletedAt: nowIso(this.ctx), updatedAt: nowIso(this.ctx) }, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('contact.deleted', { contact });
    return contact;
  }

  /**
   * Brings back a soft-deleted contact.
   *
   * @example
   * await crm.contacts.restore(id);
   */
  async restore(id: string): Promise<Contact> {
    let restored = false;
    const contactId = parseId(id, 'contact id');
    const contact = await this.ctx.storage.transaction(['contacts'], async (tx) => {
      const existing = await requireRecord(tx, 'contacts', contactId, { includeDeleted: true });
      if (!existing.deletedAt) return existing;
      restored = true;
      const { deletedAt: _deleted, mergedIntoId: _merged, ...rest } = existing;
      return tx.collection('contacts').put({ ...rest, updatedAt: nowIso(this.ctx) }, { expectedVersion: existing.version });
    });
    if (restored) this.ctx.events.emit('contact.restored', { contact });
    return contact;
  }

  /**
   * Erases a contact for good (the right to erasure): the record, the notes, calls, emails,
   * meetings, tasks and form submissions about them, and their links from deals. System entries
   * of deals (stage changes) stay, without the link.
   *
   * @example
   * await crm.contacts.purge(id);
   */
  async purge(id: string): Promise<void> {
    const contactId = parseId(id, 'contact id');
    await this.ctx.storage.transaction(['contacts', 'interactions', 'deals'], async (tx) => {
      await requireRecord(tx, 'contacts', contactId, { includeDeleted: true });
      const interactions = tx.collection('interactions');
      for await (const page of allRecords(tx, 'interactions', { where: { contactId }, orderBy: timelineOrder })) {
        for (const entry of page) {
          if (entry.type === 'stageChange') {
            const { contactId: _gone, ...rest } = entry;
            await interactions.put(rest, { expectedVersion: entry.version });
          } else {
            await interactions.delete(entry.id, { expectedVersion: entry.version });
          }
        }
      }
      const deals = tx.collection('deals');
      for await (const page of allRecords(tx, 'deals', { where: { contactIds: contactId } })) {
        for (const deal of page) {
          await deals.put({ ...deal, contactIds: deal.contactIds.filter((c) => c !== contactId) }, { expectedVersion: deal.version });
        }
      }
      await tx.collection('contacts').delete(contactId);
    });
    this.ctx.events.emit('contact.purged', { id: contactId });
  }

  /**
   * One page of contacts matching `query` (not deleted ones, unless `includeDeleted`).
   *
   * @example
   * const { items, nextCursor } = await crm.contacts.list({ where: { tags: 'vip' }, orderBy: { field: 'lastName' } });
   */
  async list(query: ListQuery = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Contact>> {
    const storageQuery = toStorageQuery('contacts', query, true);
    const { signal } = parseReadOptions(options);
    return this.ctx.storage.collection('contacts').query(storageQuery, signal ? { signal } : undefined);
  }

  /**
   * Contacts whose names, title, email addresses or company name have words starting with every
   * word of `text` (`"ann ac"` finds Ann Lee of Acme).
   *
   * @example
   * const { items } = await crm.contacts.search('ann ac', { limit: 10 });
   */
  async search(text: string, query: Omit<ListQuery, 'search'> = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Contact>> {
    return this.list(isObject(query) ? { ...query, search: text } : (query as ListQuery), options);
  }

  /**
   * Contacts that are probably the same person as `contact` (a stored contact's id, or input not
   * yet stored): the same email address, or the same full name.
   *
   * @example
   * const dupes = await crm.contacts.findDuplicates({ emails: ['ann@acme.com'] });
   */
  async findDuplicates(contact: string | ContactInput): Promise<DuplicateCandidate[]> {
    if (typeof contact === 'string') {
      const existing = await this.get(contact);
      return findContactDuplicates(this.ctx.storage, existing, existing.id);
    }
    return findContactDuplicates(this.ctx.storage, parseInput(contactInputSchema, contact, 'contact'), undefined);
  }

  /**
   * Merges `sourceId` into `targetId`: the target gains the source's emails, phones, tags,
   * consents and any fields it lacks; every interaction and deal of the source moves to the
   * target; the source is soft-deleted with `mergedIntoId`. All in one transaction.
   *
   * @example
   * const merged = await crm.contacts.merge(keep.id, duplicate.id);
   */
  async merge(targetId: string, sourceId: string, options?: ServiceWriteOptions): Promise<Contact> {
    const target = parseId(targetId, 'merge', 'targetId');
    const source = parseId(sourceId, 'merge', 'sourceId');
    if (target === source) throw fieldError('merge', ['sourceId'], 'A contact cannot be merged into itself');
    const { expectedVersion } = parseWriteOptions(options);
    const contact = await this.ctx.storage.transaction(['contacts', 'interactions', 'deals'], (tx) =>
      mergeContactRecords(tx, { targetId: target, sourceId: source, expectedVersion, now: nowIso(this.ctx) }),
    );
    this.ctx.events.emit('contact.merged', { contact, mergedId: source });
    return contact;
  }

  /**
   * Imports contacts from CSV (a string, a Blob or File, or a stream of text or bytes), in chunks,
   * with per-row errors and de-duplication by email address. See {@link ImportOptions}.
   *
   * @example
   * const result = await crm.contacts.importCsv(file, { onProgress: (p) => bar.update(p.rowsRead) });
   */
  importCsv(source: CsvSource, options?: ImportOptions): Promise<ImportResult> {
    return importContactsCsv(this.ctx, source, options);
  }

  /**
   * The contacts matching `options.where` as CSV text, yielded in chunks (header first).
   *
   * @example
   * for await (const chunk of crm.contacts.exportCsv()) stream.write(chunk);
   */
  exportCsv(options?: ExportOptions): AsyncGenerator<string> {
    return exportContactsCsv(this.ctx, options);
  }
}
