/**
 * Runs a report against a store: validates the parameters, loads only the records the report
 * needs and computes it with the pure function. `crm.reports` calls it when the store does not
 * compute reports itself; a server (or an adapter that offers `computeReport`) calls it over its
 * own store, so that both give the same result.
 */
import { z } from '../schema/zod.js';
import { allRecords, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import type { Where } from '../storage/query.js';
import { parseInput } from '../validation.js';
import { reportDefinition, type ReportCollection, type ReportComputeParamsMap, type ReportData, type ReportName, type ReportParamsOutput, type ReportResultMap } from './report-definitions.js';

/** Options of a report run. */
export interface ReportOptions {
  /** Cancels the run between pages of records; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Validates {@link ReportOptions}. */
export const reportOptionsSchema = z
  .strictObject({
    signal: z.custom<AbortSignal>((value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal, { message: 'Must be an AbortSignal' }).optional(),
  })
  .optional();

/** Every record of `collection` matching `where`, page by page, checking `signal` between pages. */
async function loadAll(scope: StorageScope, collection: ReportCollection, where: Where, signal: AbortSignal | undefined): Promise<unknown[]> {
  const records: unknown[] = [];
  // Interactions are walked along the timeline index, which every store keeps on occurredAt.
  const query = collection === 'interactions' ? { where, orderBy: timelineOrder } : { where };
  for await (const page of allRecords(scope, collection, query)) {
    signal?.throwIfAborted();
    for (const record of page) records.push(record);
  }
  return records;
}

/**
 * Computes the report called `name` from the records in `scope` (a store, or a transaction's
 * scope for a consistent snapshot). Parameters are those of the pure function (`staleDeals`
 * needs its `asOf`), or what a store's `computeReport` receives. Each collection the report
 * reads is one query, narrowed by the report's `where`, read page by page.
 *
 * @example
 * // In a server, over its own store:
 * const summary = await runReport(storage, 'pipelineSummary', { pipelineId }, { signal: request.signal });
 */
export async function runReport<N extends ReportName>(
  scope: StorageScope,
  name: N,
  params: ReportComputeParamsMap[N] | ReportParamsOutput[N],
  options?: ReportOptions,
): Promise<ReportResultMap[N]> {
  const definition = reportDefinition(name);
  const parsed = parseInput(definition.params, params, `${definition.label} parameters`);
  const signal = parseInput(reportOptionsSchema, options, 'report options')?.signal;
  signal?.throwIfAborted();
  const needed = Object.entries(definition.load(parsed)) as [ReportCollection, Where][];
  const loaded = await Promise.all(needed.map(([collection, where]) => loadAll(scope, collection, where, signal)));
  const data: Record<ReportCollection, unknown[]> = { pipelines: [], deals: [], contacts: [], interactions: [] };
  needed.forEach(([collection], i) => (data[collection] = loaded[i] as unknown[]));
  signal?.throwIfAborted();
  return definition.compute(data as unknown as ReportData, parsed);
}
