/**
 * In the page: a board column, the deals of one stage ordered by position, first page of 50, in a
 * pipeline of 10,000 deals (`crm.deals.list`), against the same page read by a raw Dexie query on
 * the same compound index `[pipelineId+stageId+position+id]` of the same database.
 */
import Dexie from 'dexie';
import { createCrm, type Deal } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { indexName } from '../../../packages/adapters/src/indexeddb/schema.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, rawTable, seed } from './databases.ts';
import { compareLatency, type LatencyResult } from './latency.ts';
import { progress } from './progress.ts';

/** What the Node side asks for. */
export interface BoardArgs {
  /** Deals in the pipeline. */
  readonly deals: number;
  readonly warmupRounds: number;
  readonly rounds: number;
}

/** The latencies, and the columns' names and sizes (in the order of the per-query medians). */
export interface BoardTimings extends LatencyResult {
  readonly columns: string[];
  readonly columnSizes: number[];
  readonly deals: number;
}

/**
 * Seeds a pipeline of `deals` deals (not timed): the generator's "Sales" pipeline, whose deals
 * sit in all six stages in position order; then times the first page of every column.
 *
 * @example
 * const t = await boardColumn({ deals: 10_000, warmupRounds: 2, rounds: 40 });
 */
export async function boardColumn(args: BoardArgs): Promise<BoardTimings> {
  // The generator puts four deals in five in Sales: make enough, then keep Sales' first `deals`.
  const workspace = generateWorkspace({ seed: 9, contacts: 4000, deals: Math.ceil(args.deals * 1.3), interactionsPerContact: 0 });
  const pipeline = workspace.pipelines[0];
  if (!pipeline) throw new Error('The generated workspace has no pipeline');
  const deals = workspace.deals.filter((d) => d.pipelineId === pipeline.id).slice(0, args.deals);
  if (deals.length < args.deals) throw new Error(`Only ${deals.length} deals in ${pipeline.name}, wanted ${args.deals}`);

  const name = freshName('board');
  const db = rawDatabase(name);
  await seed(db, 'pipelines', workspace.pipelines);
  await seed(db, 'deals', deals);
  progress(`seeded ${deals.length.toLocaleString('en-US')} deals in ${pipeline.name}`);

  const adapter = await openAdapter(name);
  const crm = createCrm({ storage: adapter });
  const index = indexName('deals', { fields: ['pipelineId', 'stageId', 'position'] });
  const table = rawTable(db, 'deals');
  const limit = 50;
  const columns = pipeline.stages.map((stage) => stage.id);
  try {
    const result = await compareLatency(
      columns,
      async (stageId) => (await crm.deals.list({ where: { pipelineId: pipeline.id, stageId }, orderBy: { field: 'position' }, limit })).items.map((d: Deal) => d.id),
      async (stageId) => (await table.where(index).between([pipeline.id, stageId], [pipeline.id, stageId, Dexie.maxKey]).limit(limit).toArray()).map((d) => d.id),
      {
        warmupRounds: args.warmupRounds,
        rounds: args.rounds,
        check(stageId, subject, baseline) {
          if (baseline.length !== limit) throw new Error(`column ${stageId} has ${baseline.length} deals: too few for a page of ${limit}`);
          return subject.join() === baseline.join() ? undefined : `column ${stageId}: crm.deals.list and the raw index read returned different pages`;
        },
      },
    );
    return {
      ...result,
      columns: pipeline.stages.map((s) => s.name),
      columnSizes: columns.map((id) => deals.filter((d) => d.stageId === id).length),
      deals: deals.length,
    };
  } finally {
    await adapter.close?.();
    db.close();
    await dropDatabase(name);
  }
}
