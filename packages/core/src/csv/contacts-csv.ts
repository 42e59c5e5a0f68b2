import type { z } from 'zod';
import { companyInputSchema } from '../companies/company.schema.js';
import { normalizeDomain } from '../companies/domain.js';
import { contactFieldNames, contactInputSchema, type Contact } from '../contacts/contact.schema.js';
import { pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import type { StorageScope, WriteRecord } from '../storage/port.js';
import { maxInValues } from '../storage/query.js';
import { tokenize } from '../storage/search.js';
import type { ColumnMap } from './column-mapping.js';
import { exportRecords, type CsvColumn } from './csv-writer.js';
import type { CsvSource, ExportOptions, ImportOptions, ImportResult, RowError } from './csv-types.js';
import { runImport, type BatchOutcome, type ImportSpec, type ValidRow } from './import-runner.js';

type ContactFields = z.output<typeof contactInputSchema>;

const contactSynonyms = {
  firstName: ['first', 'firstname', 'givenname', 'forename'],
  lastName: ['last', 'lastname', 'surname', 'familyname'],
  fullName: ['name', 'fullname', 'contactname', 'contact'],
  emails: ['email', 'emails', 'emailaddress', 'mail', 'workemail', 'email1', 'email2'],
  phones: ['phone', 'phones', 'phonenumber', 'mobile', 'mobilephone', 'tel', 'telephone', 'workphone'],
  title: ['title', 'jobtitle', 'position', 'role'],
  companyName: ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname', 'employer'],
  companyDomain: ['companydomain', 'domain', 'website', 'companywebsite'],
  ownerId: ['owner', 'ownerid', 'contactowner'],
  lifecycleStage: ['lifecyclestage', 'lifecycle', 'stage'],
  tags: ['tags', 'tag', 'labels'],
  'source.channel': ['source', 'sourcechannel', 'channel', 'leadsource'],
  'source.utmSource': ['utmsource'],
  'source.utmMedium': ['utmmedium'],
  'source.utmCampaign': ['utmcampaign'],
  'source.utmTerm': ['utmterm'],
  'source.utmContent': ['utmcontent'],
  'source.referrer': ['referrer', 'referer'],
} as const;

/** Splits "Ann Marie Lee" into first "Ann Marie" and last "Lee" when the file has one name column. */
function splitFullName(values: Record<string, unknown>): Record<string, unknown> {
  const { fullName, ...rest } = values;
  if (typeof fullName !== 'string' || rest.firstName || rest.lastName) return rest;
  const parts = fullName.trim().split(/\s+/);
  const lastName = parts.length > 1 ? parts.pop() : undefined;
  return { ...rest, firstName: parts.join(' '), ...(lastName ? { lastName } : {}) };
}

/** Fills the stored contact's empty fields from the row and adds to its lists. */
function mergeInto(existing: Contact, row: ContactFields): ContactFields {
  const base = pickDefined(existing, contactFieldNames) as ContactFields;
  return {
    ...row,
    ...base,
    emails: [...new Set([...existing.emails, ...row.emails])],
    phones: [...new Set([...existing.phones, ...row.phones])],
    tags: [...new Set([...existing.tags, ...row.tags])],
    consent: [...existing.consent, ...row.consent],
    customFields: { ...row.customFields, ...existing.customFields },
    lifecycleStage: existing.lifecycleStage,
  };
}

function sameFields(a: ContactFields, b: ContactFields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Finds or creates the companies rows name (by domain first, then exact name), inside the batch's
 * transaction. Found and created companies are remembered across batches once a batch commits.
 */
class CompanyResolver {
  private readonly known = new Map<string, { id: string; name: string }>();
  private staged = new Map<string, { id: string; name: string }>();

  constructor(private readonly ctx: ServiceContext) {}

  committed(): void {
    for (const [key, value] of this.staged) this.known.set(key, value);
    this.staged = new Map();
  }

  rolledBack(): void {
    this.staged = new Map();
  }

  private lookup(key: string) {
    return this.staged.get(key) ?? this.known.get(key);
  }

  /** The company for each row that names one, by row number; failures become row errors. */
  async resolve(tx: StorageScope, rows: readonly ValidRow<ContactFields>[], map: ColumnMap, errors: RowError[]): Promise<Map<number, { id: string; name: string }>> {
    const out = new Map<number, { id: string; name: string }>();
    const companies = tx.collection('companies');
    const wanted = rows.filter((r) => r.extra.companyName || r.extra.companyDomain);
    const domains = [...new Set(wanted.map((r) => r.extra.companyDomain && normalizeDomain(r.extra.companyDomain)).filter((d): d is string => !!d))].filter(
      (d) => !this.lookup(`domain:${d}`),
    );
    for (let i = 0; i < domains.length; i += maxInValues) {
      const found = await companies.query({ where: { domain: { in: domains.slice(i, i + maxInValues) }, deletedAt: null }, limit: maxInValues });
      for (const c of found.items) this.staged.set(`domain:${c.domain}`, { id: c.id, name: c.name });
    }
    const now = nowIso(this.ctx);
    for (const row of wanted) {
      const domain = row.extra.companyDomain ? normalizeDomain(row.extra.companyDomain) : undefined;
      const name = row.extra.companyName?.trim();
      const nameKey = name ? `name:${tokenize(name).join(' ')}` : undefined;
      let company = (domain && this.lookup(`domain:${domain}`)) || (nameKey && this.lookup(nameKey)) || undefined;
      if (!company && name && nameKey && !domain) {
        const matches = await companies.query({ search: name, where: { deletedAt: null }, limit: 20 });
        const exact = matches.items.find((c) => `name:${tokenize(c.name).join(' ')}` === nameKey);
        if (exact) company = { id: exact.id, name: exact.name };
      }
      if (!company) {
        const parsed = companyInputSchema.safeParse({ name: name ?? domain, ...(domain ? { domain } : {}) });
        if (!parsed.success) {
          const column = map.columnOf(name ? 'companyName' : 'companyDomain');
          errors.push({ row: row.row, field: 'companyName', ...(column ? { column } : {}), message: parsed.error.issues[0]?.message ?? 'Invalid company' });
          continue;
        }
        const created = await companies.put({ id: this.ctx.newId(), createdAt: now, updatedAt: now, ...parsed.data }, { expectedVersion: 0 });
        company = { id: created.id, name: created.name };
      }
      if (domain) this.staged.set(`domain:${domain}`, company);
      if (nameKey) this.staged.set(nameKey, company);
      out.set(row.row, company);
    }
    return out;
  }
}

function contactImportSpec(ctx: ServiceContext): ImportSpec<ContactFields> {
  const resolver = new CompanyResolver(ctx);
  return {
    what: 'contacts',
    synonyms: contactSynonyms,
    listFields: new Set(['emails', 'phones', 'tags']),
    extraFields: new Set(['companyName', 'companyDomain']),
    prepare: splitFullName,
    schema: contactInputSchema,
    collections: ['contacts', 'companies'],
    committed: () => resolver.committed(),
    rolledBack: () => resolver.rolledBack(),
    async writeBatch(tx, rows, policy, map): Promise<BatchOutcome> {
      const outcome: BatchOutcome = { created: 0, updated: 0, skipped: 0, errors: [] };
      const companyOf = await resolver.resolve(tx, rows, map, outcome.errors);
      const failedRows = new Set(outcome.errors.map((e) => e.row));
      const contacts = tx.collection('contacts');

      // Stored contacts that share an address with the batch, by address.
      const byEmail = new Map<string, Contact>();
      if (policy !== 'create') {
        const emails = [...new Set(rows.flatMap((r) => r.input.emails))];
        for (let i = 0; i < emails.length; i += maxInValues) {
          const found = await contacts.query({ where: { emails: { in: emails.slice(i, i + maxInValues) }, deletedAt: null }, limit: maxInValues });
          for (const c of found.items) for (const e of c.emails) if (!byEmail.has(e)) byEmail.set(e, c);
        }
      }

      const now = nowIso(ctx);
      const created: WriteRecord<Contact>[] = [];
      const updated = new Map<string, { record: Contact; expectedVersion: number }>();
      for (const row of rows) {
        if (failedRows.has(row.row)) continue;
        const company = companyOf.get(row.row);
        const input: ContactFields = company ? { ...row.input, companyId: company.id } : row.input;
        const match = row.input.emails.map((e) => byEmail.get(e)).find(Boolean);
        if (!match) {
          const record = { ...input, id: ctx.newId(), createdAt: now, updatedAt: now, ...(company ? { companyName: company.name } : {}) } as Contact;
          created.push(record);
          if (policy !== 'create') for (const e of record.emails) byEmail.set(e, record);
          continue;
        }
        if (policy === 'skip') {
          outcome.skipped++;
          continue;
        }
        const current = updated.get(match.id)?.record ?? match;
        const mergedFields = contactInputSchema.safeParse(mergeInto(current, input));
        if (!mergedFields.success) {
          outcome.errors.push({ row: row.row, message: `Merging into the existing contact would break a limit: ${mergedFields.error.issues[0]?.message}` });
          continue;
        }
        if (sameFields(mergedFields.data, pickDefined(current, contactFieldNames) as ContactFields)) {
          outcome.skipped++;
          continue;
        }
        const next: Contact = { ...current, ...mergedFields.data, updatedAt: now };
        if (mergedFields.data.companyId && mergedFields.data.companyId !== current.companyId && company) next.companyName = company.name;
        if (created.includes(current)) created[created.indexOf(current)] = next;
        else updated.set(match.id, { record: next, expectedVersion: updated.get(match.id)?.expectedVersion ?? match.version });
        for (const e of next.emails) byEmail.set(e, next);
        outcome.updated++;
      }
      if (created.length) await contacts.bulkPut(created);
      for (const { record, expectedVersion } of updated.values()) await contacts.put(record, { expectedVersion });
      outcome.created += created.length;
      return outcome;
    },
  };
}

/** Imports contacts from CSV for `crm.contacts.importCsv`. */
export function importContactsCsv(ctx: ServiceContext, source: CsvSource, options?: ImportOptions): Promise<ImportResult> {
  return runImport(ctx, contactImportSpec(ctx), source, options);
}

const list = (values: readonly string[]) => values.join('; ');

const contactColumns: readonly CsvColumn<Contact>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'firstName', value: (c) => c.firstName },
  { header: 'lastName', value: (c) => c.lastName },
  { header: 'emails', value: (c) => list(c.emails) },
  { header: 'phones', value: (c) => list(c.phones) },
  { header: 'title', value: (c) => c.title },
  { header: 'companyId', value: (c) => c.companyId },
  { header: 'companyName', value: (c) => c.companyName },
  { header: 'ownerId', value: (c) => c.ownerId },
  { header: 'lifecycleStage', value: (c) => c.lifecycleStage },
  { header: 'tags', value: (c) => list(c.tags) },
  { header: 'source.channel', value: (c) => c.source?.channel },
  { header: 'source.utmSource', value: (c) => c.source?.utmSource },
  { header: 'source.utmMedium', value: (c) => c.source?.utmMedium },
  { header: 'source.utmCampaign', value: (c) => c.source?.utmCampaign },
  { header: 'createdAt', value: (c) => c.createdAt },
  { header: 'updatedAt', value: (c) => c.updatedAt },
];

/** Exports contacts as CSV for `crm.contacts.exportCsv`. */
export function exportContactsCsv(ctx: ServiceContext, options?: ExportOptions): AsyncGenerator<string> {
  return exportRecords(ctx, 'contacts', contactColumns, options);
}
