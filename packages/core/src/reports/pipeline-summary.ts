/**
 * The pipeline summary: how many deals sit in each stage of a pipeline, what they are worth, and
 * what they are worth weighted by their chance of being won.
 */
import { z } from '../schema/zod.js';
import { idSchema } from '../schema/common.schema.js';
import { NotFoundError } from '../errors.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Money } from '../money/money.schema.js';
import type { Pipeline, StageKind } from '../pipelines/pipeline.schema.js';
import { parseInput } from '../validation.js';
import { conversionSchema, converterFor, MoneyTotals } from './money-totals.js';
import { checkData, ownerIdParam } from './report-params.schema.js';

const what = 'pipeline summary parameters';

/** Validates what `crm.reports.pipelineSummary` accepts. */
export const pipelineSummaryParamsSchema = z.strictObject({
  /** The pipeline to summarise. */
  pipelineId: idSchema,
  /** Only this owner's deals. */
  ownerId: ownerIdParam,
  /** Report every amount in one currency, at these rates. */
  convert: conversionSchema.optional(),
});

/** What `crm.reports.pipelineSummary` accepts. */
export type PipelineSummaryParams = z.input<typeof pipelineSummaryParamsSchema>;

/** The records a pipeline summary is computed from. */
export interface PipelineSummaryData {
  readonly pipelines: readonly Pipeline[];
  readonly deals: readonly Deal[];
}

/** One stage's line of a pipeline summary. */
export interface StageSummary {
  readonly stageId: string;
  readonly name: string;
  readonly kind: StageKind;
  /** The stage's probability, which weights deals that do not set their own. */
  readonly probability: number;
  /** Deals in the stage. */
  readonly count: number;
  /** Their amounts, one entry per currency (with `convert`, exactly one). */
  readonly amounts: Money[];
  /** Σ amount × probability (the deal's, else the stage's), rounded once per currency. */
  readonly weighted: Money[];
}

/** What `crm.reports.pipelineSummary` answers. */
export interface PipelineSummary {
  readonly pipelineId: string;
  /** Every stage, in the pipeline's order; an empty one has count 0 and no amounts (with `convert`, one amount of 0). */
  readonly stages: StageSummary[];
  /** The stages added up: the total of each currency is the sum of the stages' rounded values. */
  readonly total: { readonly count: number; readonly amounts: Money[]; readonly weighted: Money[] };
}

/**
 * Counts and sums the live deals of a pipeline per stage, plain and weighted by probability
 * (the deal's own, else its stage's). Deleted deals and deals in stages the pipeline no longer
 * has are left out. Throws `NotFoundError` when `pipelines` does not hold the pipeline.
 *
 * @example
 * const summary = computePipelineSummary({ pipelines, deals }, { pipelineId: sales.id });
 * summary.stages.map((s) => `${s.name}: ${s.count}`);
 */
export function computePipelineSummary(data: PipelineSummaryData, params: PipelineSummaryParams): PipelineSummary {
  const { pipelineId, ownerId, convert } = parseInput(pipelineSummaryParamsSchema, params, what);
  checkData(data, ['pipelines', 'deals'], what);
  const pipeline = data.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw new NotFoundError('pipelines', pipelineId);
  const converter = converterFor(convert, what);

  const { stages } = pipeline;
  const stageIndex = new Map(stages.map((stage, index) => [stage.id, index]));
  const counts = stages.map(() => 0);
  const totals = stages.map(() => new MoneyTotals(converter));
  for (const deal of data.deals) {
    if (deal.pipelineId !== pipelineId || deal.deletedAt || (ownerId !== undefined && deal.ownerId !== ownerId)) continue;
    const index = stageIndex.get(deal.stageId);
    if (index === undefined) continue;
    (counts[index] as number)++;
    (totals[index] as MoneyTotals).add(deal.amount, deal.probability ?? (stages[index] as (typeof stages)[number]).probability);
  }

  const total = new MoneyTotals(converter);
  let count = 0;
  const lines = stages.map((stage, index): StageSummary => {
    const stageTotals = totals[index] as MoneyTotals;
    total.addTotals(stageTotals);
    count += counts[index] as number;
    return {
      stageId: stage.id,
      name: stage.name,
      kind: stage.kind,
      probability: stage.probability,
      count: counts[index] as number,
      amounts: stageTotals.amounts(),
      weighted: stageTotals.weighted(),
    };
  });
  return { pipelineId, stages: lines, total: { count, amounts: total.amounts(), weighted: total.weighted() } };
}
