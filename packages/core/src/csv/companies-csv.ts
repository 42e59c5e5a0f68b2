import type { z } from 'zod';
import { companyFieldNames, companyInputSchema, type Company } from '../companies/company.schema.js';
import { pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import type { WriteRecord } from '../storage/port.js';
import { maxInValues } from '../storage/query.js';
import { tokenize } from '../storage/search.js';
import { exportRecords, type CsvColumn } from './csv-writer.js';
import type { CsvSource, ExportOptions, ImportOptions, ImportResult } from './csv-types.js';
import { runImport, type BatchOutcome, type ImportSpec } from './import-runner.js';

type CompanyFields = z.output<typeof companyInputSchema>;

const companySynonyms = {
  name: ['name', 'company', 'companyname', 'organization', 'organisation', 'account', 'accountname'],
  domain: ['domain', 'website', 'url', 'web', 'companydomain'],
  industry: ['industry', 'sector', 'vertical'],
  size: ['size', 'companysize', 'employees', 'headcount'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel'],
  ownerId: ['owner', 'ownerid', 'accountowner'],
  tags: ['tags', 'tag', 'labels'],
} as const;

const nameKey = (name: string) => tokenize(name).join(' ');

const companyImportSpec = (ctx: ServiceContext): ImportSpec<CompanyFields> => ({
  what: 'companies',
  synonyms: companySynonyms,
  listFields: new Set(['tags']),
  extraFields: new Set(),
  schema: companyInputSchema,
  collections: ['companies'],
  async writeBatch(tx, rows, policy): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { created: 0, updated: 0, skipped: 0, errors: [] };
    const companies = tx.collection('companies');
    const byDomain = new Map<string, Company>();
    const domains = [...new Set(rows.map((r) => r.input.domain).filter((d): d is string => !!d))];
    // Domains are unique even with policy `create`, so they are always looked up.
    for (let i = 0; i < domains.length; i += maxInValues) {
      const found = await companies.query({ where: { domain: { in: domains.slice(i, i + maxInValues) } }, limit: maxInValues });
      for (const c of found.items) byDomain.set(c.domain as string, c);
    }
    const byName = new Map<string, Company>();
    const now = nowIso(ctx);
    const created: WriteRecord<Company>[] = [];
    const updated = new Map<string, { record: Company; expectedVersion: number }>();
    for (const row of rows) {
      let match = row.input.domain ? byDomain.get(row.input.domain) : byName.get(nameKey(row.input.name));
      if (!match && !row.input.domain && policy !== 'create') {
        const found = await companies.query({ search: row.input.name, where: { deletedAt: null }, limit: 20 });
        match = found.items.find((c) => nameKey(c.name) === nameKey(row.input.name));
      }
      if (match?.deletedAt) {
        outcome.errors.push({ row: row.row, field: 'domain', message: 'A deleted company has this domain: restore or purge it first' });
        continue;
      }
      if (!match || (policy === 'create' && !row.input.domain)) {
        const record = { ...row.input, id: ctx.newId(), createdAt: now, updatedAt: now } as Company;
        created.push(record);
        if (record.domain) byDomain.set(record.domain, record);
        byName.set(nameKey(record.name), record);
        continue;
      }
      if (policy === 'skip' || policy === 'create') {
        outcome.skipped++;
        continue;
      }
      const current = updated.get(match.id)?.record ?? match;
      const existingFields = pickDefined(current, companyFieldNames) as CompanyFields;
      const merged = companyInputSchema.safeParse({
        ...row.input,
        ...existingFields,
        tags: [...current.tags, ...row.input.tags],
        customFields: { ...row.input.customFields, ...current.customFields },
      });
      if (!merged.success) {
        outcome.errors.push({ row: row.row, message: `Merging into the existing company would break a limit: ${merged.error.issues[0]?.message}` });
        continue;
      }
      if (JSON.stringify(merged.data) === JSON.stringify(existingFields)) {
        outcome.skipped++;
        continue;
      }
      const next: Company = { ...current, ...merged.data, updatedAt: now };
      if (created.includes(current)) created[created.indexOf(current)] = next;
      else updated.set(match.id, { record: next, expectedVersion: updated.get(match.id)?.expectedVersion ?? match.version });
      if (next.domain) byDomain.set(next.domain, next);
      byName.set(nameKey(next.name), next);
      outcome.updated++;
    }
    if (created.length) await companies.bulkPut(created);
    for (const { record, expectedVersion } of updated.values()) await companies.put(record, { expectedVersion });
    outcome.created += created.length;
    return outcome;
  },
});

/** Imports companies from CSV for `crm.companies.importCsv`; de-duplicates by domain, then by exact name. */
export function importCompaniesCsv(ctx: ServiceContext, source: CsvSource, options?: ImportOptions): Promise<ImportResult> {
  return runImport(ctx, companyImportSpec(ctx), source, options);
}

const companyColumns: readonly CsvColumn<Company>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'domain', value: (c) => c.domain },
  { header: 'industry', value: (c) => c.industry },
  { header: 'size', value: (c) => c.size },
  { header: 'phone', value: (c) => c.phone },
  { header: 'ownerId', value: (c) => c.ownerId },
  { header: 'tags', value: (c) => c.tags.join('; ') },
  { header: 'createdAt', value: (c) => c.createdAt },
  { header: 'updatedAt', value: (c) => c.updatedAt },
];

/** Exports companies as CSV for `crm.companies.exportCsv`. */
export function exportCompaniesCsv(ctx: ServiceContext, options?: ExportOptions): AsyncGenerator<string> {
  return exportRecords(ctx, 'companies', companyColumns as readonly CsvColumn<never>[], options);
}
