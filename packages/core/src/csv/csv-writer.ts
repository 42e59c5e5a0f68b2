import Papa from 'papaparse';
import { z } from '../schema/zod.js';
import { customFieldNameSchema } from '../schema/common.schema.js';
import type { ServiceContext } from '../service/context.js';
import { toStorageQuery } from '../service/list-query.js';
import { isObject, parseInput } from '../validation.js';
import type { ExportOptions } from './csv-types.js';

/** One exported column: its header and how to read it from a record. */
export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (record: T) => string | number | boolean | null | undefined;
}

/**
 * Cells a spreadsheet would run as a formula (CSV injection) get a leading `'`. A `+` or `-` that
 * starts a plain number or phone number is left alone, so phone numbers survive a round trip.
 */
const formulaLike = /^[=@\t\r]|^[+-](?![\d\s()./-]*$)/;

const exportOptionsSchema = z
  .strictObject({
    // Not z.record, which drops a `__proto__` key unseen: the port's own check names every condition.
    where: z.custom<Record<string, unknown>>(isObject, { message: 'Must be an object of conditions by field' }).optional(),
    search: z.string().optional(),
    includeDeleted: z.boolean().optional(),
    customFields: z.array(customFieldNameSchema).max(100).optional(),
    batchSize: z.int().min(1).max(1000).optional(),
    signal: z.custom<AbortSignal>((v) => typeof AbortSignal !== 'undefined' && v instanceof AbortSignal, { message: 'Must be an AbortSignal' }).optional(),
  })
  .optional();

/**
 * Yields the matching records of `collection` as CSV (header line first, then one chunk per page
 * read), so an export of any size holds one page at a time.
 */
export async function* exportRecords<N extends 'contacts' | 'companies'>(
  ctx: ServiceContext,
  collection: N,
  columns: readonly CsvColumn<never>[],
  options: ExportOptions | undefined,
): AsyncGenerator<string> {
  const opts = parseInput(exportOptionsSchema, options, 'export options') ?? {};
  const custom = (opts.customFields ?? []).map((name): CsvColumn<{ customFields: Record<string, unknown> }> => ({
    header: `customFields.${name}`,
    value: (record) => record.customFields[name] as string | number | boolean | null | undefined,
  }));
  const all = [...columns, ...custom] as CsvColumn<unknown>[];
  const query = toStorageQuery(
    collection,
    {
      ...(opts.where ? { where: opts.where } : {}),
      ...(opts.search !== undefined ? { search: opts.search } : {}),
      ...(opts.includeDeleted !== undefined ? { includeDeleted: opts.includeDeleted } : {}),
      limit: opts.batchSize ?? 500,
    },
    true,
  );
  const unparse = (rows: unknown[][]) => Papa.unparse(rows, { header: false, newline: '\r\n', escapeFormulae: formulaLike });
  yield `${unparse([all.map((c) => c.header)])}\r\n`;
  let cursor: string | undefined;
  do {
    opts.signal?.throwIfAborted();
    const page = await ctx.storage.collection(collection).query({ ...query, ...(cursor ? { cursor } : {}) });
    if (page.items.length) yield `${unparse(page.items.map((record) => all.map((c) => c.value(record) ?? '')))}\r\n`;
    cursor = page.nextCursor;
  } while (cursor);
}
