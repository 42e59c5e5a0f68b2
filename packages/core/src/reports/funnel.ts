/**
 * The funnel: of the deals created in a period, how many reached each stage of a pipeline, and
 * how many of those went on to the next one.
 */
import { z } from '../schema/zod.js';
import { idSchema } from '../schema/common.schema.js';
import { NotFoundError } from '../errors.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';
import { parseInput } from '../validation.js';
import { checkPeriod, inPeriod, periodShape } from './period.js';
import { checkData, ownerIdParam } from './report-params.schema.js';

const what = 'funnel parameters';

/** Validates what `crm.reports.funnel` accepts. */
export const funnelParamsSchema = z
  .strictObject({
    /** The pipeline whose stages are the funnel's steps. */
    pipelineId: idSchema,
    /** The cohort: deals created in `[from, to)`. */
    ...periodShape,
    ownerId: ownerIdParam,
  })
  .superRefine(checkPeriod);

/** What `crm.reports.funnel` accepts. */
export type FunnelParams = z.input<typeof funnelParamsSchema>;

/** The records a funnel is computed from. */
export interface FunnelData {
  readonly pipelines: readonly Pipeline[];
  readonly deals: readonly Deal[];
}

/** One step of a funnel: an open stage, or the won stage last. */
export interface FunnelStep {
  readonly stageId: string;
  readonly name: string;
  readonly kind: 'open' | 'won';
  /** Deals of the cohort that got this far. */
  readonly reached: number;
  /** `reached` ÷ the previous step's; `null` for the first step, or when the previous is 0. */
  readonly conversion: number | null;
  /** `reached` ÷ the first step's; `null` when the first is 0. */
  readonly fromStart: number | null;
}

/** What `crm.reports.funnel` answers. */
export interface Funnel {
  readonly pipelineId: string;
  /** The cohort's size: live deals of the pipeline created in the period. */
  readonly deals: number;
  /** The open stages in order, then the won stage when the pipeline has one. Never grows along the steps. */
  readonly steps: FunnelStep[];
}

/**
 * Computes a pipeline's funnel from stage history. A deal reached an open stage when the furthest
 * open stage in its history (by the pipeline's order) is that one or a later one, so a deal that
 * skipped a stage still passed it; a won deal (status won, or a won stage in its history) reached
 * every step. Lost stages are not steps, and history entries for stages the pipeline no longer
 * has are ignored. Deals moved in from another pipeline are counted by their stages here.
 *
 * @example
 * const { steps } = computeFunnel({ pipelines, deals }, { pipelineId: sales.id, from: '2026-01-01' });
 * steps.map((s) => `${s.name}: ${s.reached} (${Math.round((s.conversion ?? 1) * 100)}%)`);
 */
export function computeFunnel(data: FunnelData, params: FunnelParams): Funnel {
  const p = parseInput(funnelParamsSchema, params, what);
  checkData(data, ['pipelines', 'deals'], what);
  const pipeline = data.pipelines.find((candidate) => candidate.id === p.pipelineId);
  if (!pipeline) throw new NotFoundError('pipelines', p.pipelineId);

  const openStages = pipeline.stages.filter((stage) => stage.kind === 'open');
  const wonStage = pipeline.stages.find((stage) => stage.kind === 'won');
  const openIndex = new Map(openStages.map((stage, index) => [stage.id, index]));
  // endedAt[i + 1]: deals whose furthest open stage is i; endedAt[0]: deals that reached none.
  const endedAt = new Array<number>(openStages.length + 1).fill(0);
  let won = 0;
  let cohort = 0;
  for (const deal of data.deals) {
    if (deal.pipelineId !== p.pipelineId || deal.deletedAt || (p.ownerId !== undefined && deal.ownerId !== p.ownerId) || !inPeriod(deal.createdAt, p)) continue;
    cohort++;
    if (deal.status === 'won') {
      won++;
      continue;
    }
    let furthest = -1;
    let wonOnce = false;
    for (const visit of deal.stageHistory) {
      if (wonStage !== undefined && visit.stageId === wonStage.id) {
        wonOnce = true;
        break;
      }
      const index = openIndex.get(visit.stageId);
      if (index !== undefined && index > furthest) furthest = index;
    }
    if (wonOnce) won++;
    else (endedAt[furthest + 1] as number)++;
  }

  // Reached stage i: every deal whose furthest stage is i or later, and every won deal.
  const reached = new Array<number>(openStages.length);
  let atOrBeyond = won;
  for (let i = openStages.length - 1; i >= 0; i--) {
    atOrBeyond += endedAt[i + 1] as number;
    reached[i] = atOrBeyond;
  }
  const rows: Pick<FunnelStep, 'stageId' | 'name' | 'kind' | 'reached'>[] = openStages.map((stage, i) => ({
    stageId: stage.id,
    name: stage.name,
    kind: 'open',
    reached: reached[i] as number,
  }));
  if (wonStage) rows.push({ stageId: wonStage.id, name: wonStage.name, kind: 'won', reached: won });

  const first = rows[0]?.reached ?? 0;
  const steps = rows.map((row, i): FunnelStep => {
    const previous = i === 0 ? 0 : (rows[i - 1] as (typeof rows)[number]).reached;
    return { ...row, conversion: previous === 0 ? null : row.reached / previous, fromStart: first === 0 ? null : row.reached / first };
  });
  return { pipelineId: p.pipelineId, deals: cohort, steps };
}
