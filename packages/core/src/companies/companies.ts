import type { z } from 'zod';
import { exportCompaniesCsv, importCompaniesCsv } from '../csv/companies-csv.js';
import type { CsvSource, ExportOptions, ImportOptions, ImportResult } from '../csv/csv-types.js';
import { applyPatch, patchSchema, pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import { toStorageQuery, type ListQuery } from '../service/list-query.js';
import { parseId, parseReadOptions, parseWriteOptions, type ServiceReadOptions, type ServiceWriteOptions } from '../service/options.schema.js';
import { allRecords, checkVersion, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import type { Page } from '../storage/query.js';
import { tokenize } from '../storage/search.js';
import { fieldError, isObject, parseInput } from '../validation.js';
import { companyFieldNames, companyFieldsShape, companyInputSchema, type Company, type CompanyInput } from './company.schema.js';
import { mergeCompanyRecords } from './merge-companies.js';

/** Validates what `crm.companies.update` accepts. */
export const companyPatchSchema = patchSchema(companyFieldsShape);

/** What `crm.companies.update` accepts: any create field; `null` clears an optional one. */
export type CompanyPatch = z.input<typeof companyPatchSchema>;

/** A company that probably is the same organisation, and why. */
export interface CompanyDuplicateCandidate {
  readonly company: Company;
  readonly reasons: readonly ('domain' | 'name')[];
}

/** Keeps the company name copied onto contacts in step after a rename or an unlink. */
export async function syncContactCompanyName(tx: StorageScope, companyId: string, name: string | undefined): Promise<void> {
  const contacts = tx.collection('contacts');
  for await (const page of allRecords(tx, 'contacts', { where: { companyId } })) {
    for (const contact of page) {
      if (contact.companyName === name) continue;
      const { companyName: _old, ...rest } = contact;
      await contacts.put(name === undefined ? rest : { ...rest, companyName: name }, { expectedVersion: contact.version });
    }
  }
}

/**
 * Organisations: create, read, update, delete (soft, restorable, then purge), list, search, find
 * and merge duplicates, and CSV. A company's domain is normalised and unique. Reached as `crm.companies`.
 */
export class CompaniesService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Creates a company. A domain already used by another company fails with a `ConflictError`
   * (reason `unique`, field `domain`).
   *
   * @example
   * const acme = await crm.companies.create({ name: 'Acme', domain: 'https://www.acme.com' }); // domain: 'acme.com'
   */
  async create(input: CompanyInput): Promise<Company> {
    const fields = parseInput(companyInputSchema, input, 'company');
    const now = nowIso(this.ctx);
    const company = await this.ctx.storage
      .collection('companies')
      .put({ id: this.ctx.newId(), createdAt: now, updatedAt: now, ...fields }, { expectedVersion: 0 });
    this.ctx.events.emit('company.created', { company });
    return company;
  }

  /**
   * The company with this id; `NotFoundError` when there is none.
   *
   * @example
   * const company = await crm.companies.get(id);
   */
  async get(id: string, options?: ServiceReadOptions): Promise<Company> {
    return requireRecord(this.ctx.storage, 'companies', parseId(id, 'company id'), parseReadOptions(options));
  }

  /**
   * Changes some fields; a new name is copied to the company's contacts in the same transaction.
   *
   * @example
   * await crm.companies.update(acme.id, { name: 'Acme Inc.' }, { expectedVersion: acme.version });
   */
  async update(id: string, patch: CompanyPatch, options?: ServiceWriteOptions): Promise<Company> {
    const companyId = parseId(id, 'company id');
    const changes = parseInput(companyPatchSchema, patch, 'company update');
    const { expectedVersion } = parseWriteOptions(options);
    let previous: Company | undefined;
    const company = await this.ctx.storage.transaction(['companies', 'contacts'], async (tx) => {
      const existing = await requireRecord(tx, 'companies', companyId);
      checkVersion('companies', existing, expectedVersion);
      previous = existing;
      const fields = parseInput(companyInputSchema, applyPatch(pickDefined(existing, companyFieldNames), changes), 'company update');
      const next: Company = { ...existing, ...fields, updatedAt: nowIso(this.ctx) };
      for (const key of companyFieldNames) if (!(key in fields)) delete next[key];
      const saved = await tx.collection('companies').put(next, { expectedVersion: existing.version });
      if (saved.name !== existing.name) await syncContactCompanyName(tx, saved.id, saved.name);
      return saved;
    });
    this.ctx.events.emit('company.updated', { company, previous: previous as Company });
    return company;
  }

  /**
   * Deletes a company softly: hidden from lists and `get`, links kept, restorable.
   *
   * @example
   * await crm.companies.delete(id);
   */
  async delete(id: string, options?: ServiceWriteOptions): Promise<Company> {
    const companyId = parseId(id, 'company id');
    const { expectedVersion } = parseWriteOptions(options);
    const company = await this.ctx.storage.transaction(['companies'], async (tx) => {
      const existing = await requireRecord(tx, 'companies', companyId);
      checkVersion('companies', existing, expectedVersion);
      const now = nowIso(this.ctx);
      return tx.collection('companies').put({ ...existing, deletedAt: now, updatedAt: now }, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('company.deleted', { company });
    return company;
  }

  /**
   * Brings back a soft-deleted company (a `ConflictError` if its domain was taken meanwhile).
   *
   * @example
   * await crm.companies.restore(id);
   */
  async restore(id: string): Promise<Company> {
    let restored = false;
    const companyId = parseId(id, 'company id');
    const company = await this.ctx.storage.transaction(['companies'], async (tx) => {
      const existing = await requireRecord(tx, 'companies', companyId, { includeDeleted: true });
      if (!existing.deletedAt) return existing;
      restored = true;
      const { deletedAt: _deleted, mergedIntoId: _merged, ...rest } = existing;
      return tx.collection('companies').put({ ...rest, updatedAt: nowIso(this.ctx) }, { expectedVersion: existing.version });
    });
    if (restored) this.ctx.events.emit('company.restored', { company });
    return company;
  }

  /**
   * Erases a company for good: unlinks its contacts and deals, deletes the interactions that
   * concern only it, and unlinks the others.
   *
   * @example
   * await crm.companies.purge(id);
   */
  async purge(id: string): Promise<void> {
    const companyId = parseId(id, 'company id');
    await this.ctx.storage.transaction(['companies', 'contacts', 'deals', 'interactions'], async (tx) => {
      await requireRecord(tx, 'companies', companyId, { includeDeleted: true });
      const contacts = tx.collection('contacts');
      for await (const page of allRecords(tx, 'contacts', { where: { companyId } })) {
        for (const contact of page) {
          const { companyId: _id, companyName: _name, ...rest } = contact;
          await contacts.put(rest, { expectedVersion: contact.version });
        }
      }
      const deals = tx.collection('deals');
      for await (const page of allRecords(tx, 'deals', { where: { companyId } })) {
        for (const deal of page) {
          const { companyId: _id, ...rest } = deal;
          await deals.put(rest, { expectedVersion: deal.version });
        }
      }
      const interactions = tx.collection('interactions');
      for await (const page of allRecords(tx, 'interactions', { where: { companyId }, orderBy: timelineOrder })) {
        for (const entry of page) {
          const { companyId: _id, ...rest } = entry;
          if (rest.contactId || rest.dealId) await interactions.put(rest, { expectedVersion: entry.version });
          else await interactions.delete(entry.id, { expectedVersion: entry.version });
        }
      }
      await tx.collection('companies').delete(companyId);
    });
    this.ctx.events.emit('company.purged', { id: companyId });
  }

  /**
   * One page of companies matching `query` (not deleted ones, unless `includeDeleted`).
   *
   * @example
   * const { items } = await crm.companies.list({ orderBy: { field: 'name' } });
   */
  async list(query: ListQuery = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Company>> {
    const storageQuery = toStorageQuery('companies', query, true);
    const { signal } = parseReadOptions(options);
    return this.ctx.storage.collection('companies').query(storageQuery, signal ? { signal } : undefined);
  }

  /**
   * Companies whose name or domain has words starting with every word of `text`.
   *
   * @example
   * const { items } = await crm.companies.search('acm');
   */
  async search(text: string, query: Omit<ListQuery, 'search'> = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Company>> {
    return this.list(isObject(query) ? { ...query, search: text } : (query as ListQuery), options);
  }

  /**
   * Companies that are probably the same organisation as `company` (an id or unsaved input): the
   * same domain (a soft-deleted one, as live domains are unique) or the same name.
   *
   * @example
   * const dupes = await crm.companies.findDuplicates({ name: 'ACME' });
   */
  async findDuplicates(company: string | CompanyInput): Promise<CompanyDuplicateCandidate[]> {
    const probe = typeof company === 'string' ? await this.get(company) : parseInput(companyInputSchema, company, 'company');
    const selfId = typeof company === 'string' ? (probe as Company).id : undefined;
    const found = new Map<string, { company: Company; reasons: Set<'domain' | 'name'> }>();
    const note = (c: Company, reason: 'domain' | 'name') => {
      if (c.id === selfId || c.mergedIntoId) return;
      const entry = found.get(c.id) ?? { company: c, reasons: new Set() };
      entry.reasons.add(reason);
      found.set(c.id, entry);
    };
    const companies = this.ctx.storage.collection('companies');
    if (probe.domain) for (const c of (await companies.query({ where: { domain: probe.domain }, limit: 10 })).items) note(c, 'domain');
    const key = tokenize(probe.name).join(' ');
    if (key) {
      const byName = await companies.query({ search: key, where: { deletedAt: null }, limit: 100 });
      for (const c of byName.items) if (tokenize(c.name).join(' ') === key) note(c, 'name');
    }
    return [...found.values()].map(({ company: c, reasons }) => ({ company: c, reasons: [...reasons] }));
  }

  /**
   * Merges `sourceId` into `targetId`: fields the target lacks come from the source; contacts,
   * deals and interactions of the source move to the target; the source is soft-deleted.
   *
   * @example
   * await crm.companies.merge(keep.id, duplicate.id);
   */
  async merge(targetId: string, sourceId: string, options?: ServiceWriteOptions): Promise<Company> {
    const target = parseId(targetId, 'merge', 'targetId');
    const source = parseId(sourceId, 'merge', 'sourceId');
    if (target === source) throw fieldError('merge', ['sourceId'], 'A company cannot be merged into itself');
    const { expectedVersion } = parseWriteOptions(options);
    const company = await this.ctx.storage.transaction(['companies', 'contacts', 'deals', 'interactions'], (tx) =>
      mergeCompanyRecords(tx, { targetId: target, sourceId: source, expectedVersion, now: nowIso(this.ctx) }),
    );
    this.ctx.events.emit('company.merged', { company, mergedId: source });
    return company;
  }

  /**
   * Imports companies from CSV, de-duplicating by domain. See {@link ImportOptions}.
   *
   * @example
   * const result = await crm.companies.importCsv(csvText);
   */
  importCsv(source: CsvSource, options?: ImportOptions): Promise<ImportResult> {
    return importCompaniesCsv(this.ctx, source, options);
  }

  /**
   * The companies matching `options.where` as CSV text, in chunks (header first).
   *
   * @example
   * for await (const chunk of crm.companies.exportCsv()) stream.write(chunk);
   */
  exportCsv(options?: ExportOptions): AsyncGenerator<string> {
    return exportCompaniesCsv(this.ctx, options);
  }
}
