import { z } from '../schema/zod.js';
import type { Deal } from '../deals/deal.schema.js';
import { enterStage, placeOf } from '../deals/stage-transition.js';
import { positionFor } from '../deals/position.js';
import { ConflictError, ValidationError } from '../errors.js';
import { idSchema, limits, requiredText } from '../schema/common.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import { toStorageQuery } from '../service/list-query.js';
import { parseId, parseReadOptions, parseWriteOptions, type ServiceReadOptions, type ServiceWriteOptions } from '../service/options.schema.js';
import { allRecords, checkVersion, requireRecord } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { compareValues } from '../storage/query-eval.js';
import type { Page, Query } from '../storage/query.js';
import { fieldError, parseInput } from '../validation.js';
import {
  stageIssues,
  pipelineInputSchema,
  pipelinePatchSchema,
  stageInputSchema,
  type Pipeline,
  type PipelineInput,
  type PipelinePatch,
  type Stage,
  type StageInput,
} from './pipeline.schema.js';

/** Validates what `crm.pipelines.updateStage` accepts. */
export const stagePatchSchema = z.strictObject({
  name: requiredText(limits.name).optional(),
  probability: z.number().min(0, { message: 'Must be between 0 and 1' }).max(1, { message: 'Must be between 0 and 1' }).optional(),
  rottingDays: z.int().min(1).max(3650).nullable().optional(),
});

/** What `crm.pipelines.updateStage` accepts; `rottingDays: null` turns rotting off. */
export type StagePatch = z.input<typeof stagePatchSchema>;

const addStageOptionsSchema = z
  .strictObject({ index: z.int().min(0).optional(), expectedVersion: z.int().min(0).optional() })
  .optional();

const removeStageOptionsSchema = z.strictObject({ moveDealsTo: idSchema.optional(), expectedVersion: z.int().min(0).optional() }).optional();

/** Fills in stage ids and default probabilities: open stages evenly spaced, won 1, lost 0. */
function completeStages(stages: readonly z.output<typeof stageInputSchema>[], newId: () => string): Stage[] {
  const openCount = stages.filter((s) => s.kind === 'open').length;
  let openIndex = 0;
  return stages.map((stage) => {
    const fallback = stage.kind === 'won' ? 1 : stage.kind === 'lost' ? 0 : Math.round(((++openIndex) / (openCount + 1)) * 100) / 100;
    return { ...stage, id: stage.id ?? newId(), probability: stage.probability ?? fallback };
  });
}

/** Throws a ValidationError unless the stage list keeps the pipeline's rules. */
function assertStages(stages: readonly Stage[], what: string): void {
  const issues = stageIssues(stages);
  if (issues.length) throw new ValidationError(`Invalid ${what}`, issues);
}

function stageOf(pipeline: Pipeline, stageId: string, field: string): Stage {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw fieldError('stage', [field], `Pipeline "${pipeline.name}" has no stage with this id`, 'not_found');
  return stage;
}

/**
 * Sales processes and their ordered stages. Reached as `crm.pipelines`.
 */
export class PipelinesService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Creates a pipeline with its stages, in order. Stages default to `open`; open stages without a
   * probability get evenly spaced ones; a won stage has probability 1, a lost one 0.
   *
   * @example
   * const sales = await crm.pipelines.create({
   *   name: 'Sales', currency: 'EUR',
   *   stages: [{ name: 'Qualified' }, { name: 'Proposal', rottingDays: 14 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
   * });
   */
  async create(input: PipelineInput): Promise<Pipeline> {
    const fields = parseInput(pipelineInputSchema, input, 'pipeline');
    const now = nowIso(this.ctx);
    const pipeline = await this.ctx.storage.collection('pipelines').put(
      { id: this.ctx.newId(), createdAt: now, updatedAt: now, ...fields, stages: completeStages(fields.stages, this.ctx.newId) },
      { expectedVersion: 0 },
    );
    this.ctx.events.emit('pipeline.created', { pipeline });
    return pipeline;
  }

  /**
   * The pipeline with this id; `NotFoundError` when there is none.
   *
   * @example
   * const pipeline = await crm.pipelines.get(id);
   */
  async get(id: string, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Pipeline> {
    return requireRecord(this.ctx.storage, 'pipelines', parseId(id, 'pipeline id'), parseReadOptions(options));
  }

  /**
   * One page of pipelines.
   *
   * @example
   * const { items } = await crm.pipelines.list({ orderBy: { field: 'name' } });
   */
  async list(query: Query = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Pipeline>> {
    const storageQuery = toStorageQuery('pipelines', query, false);
    const { signal } = parseReadOptions(options);
    return this.ctx.storage.collection('pipelines').query(storageQuery, signal ? { signal } : undefined);
  }

  /**
   * Renames a pipeline or changes its currency.
   *
   * @example
   * await crm.pipelines.update(id, { name: 'New business' });
   */
  async update(id: string, patch: PipelinePatch, options?: ServiceWriteOptions): Promise<Pipeline> {
    const pipelineId = parseId(id, 'pipeline id');
    const changes = parseInput(pipelinePatchSchema, patch, 'pipeline update');
    const { expectedVersion } = parseWriteOptions(options);
    return this.change(pipelineId, expectedVersion, async (pipeline) => ({ ...pipeline, ...stripUndefined(changes) }));
  }

  /**
   * Adds a stage at `options.index` (default: after the last open stage, before won and lost).
   *
   * @example
   * await crm.pipelines.addStage(id, { name: 'Demo', probability: 0.4 }, { index: 1 });
   */
  async addStage(pipelineId: string, stage: StageInput, options?: { index?: number; expectedVersion?: number }): Promise<Pipeline> {
    const id = parseId(pipelineId, 'pipeline id', 'pipelineId');
    const input = parseInput(stageInputSchema, stage, 'stage');
    const opts = parseInput(addStageOptionsSchema, options, 'stage options') ?? {};
    return this.change(id, opts.expectedVersion, async (pipeline) => {
      const [added] = completeStages([input], this.ctx.newId) as [Stage];
      const lastOpen = pipeline.stages.reduce((at, s, i) => (s.kind === 'open' ? i + 1 : at), 0);
      const index = Math.min(opts.index ?? lastOpen, pipeline.stages.length);
      const stages = [...pipeline.stages.slice(0, index), added, ...pipeline.stages.slice(index)];
      assertStages(stages, 'stage');
      return { ...pipeline, stages };
    });
  }

  /**
   * Changes a stage's name, probability or rotting days.
   *
   * @example
   * await crm.pipelines.updateStage(pipelineId, stageId, { probability: 0.6, rottingDays: 10 });
   */
  async updateStage(pipelineId: string, stageId: string, patch: StagePatch, options?: ServiceWriteOptions): Promise<Pipeline> {
    const id = parseId(pipelineId, 'pipeline id', 'pipelineId');
    const sid = parseId(stageId, 'stage id', 'stageId');
    const changes = parseInput(stagePatchSchema, patch, 'stage update');
    const { expectedVersion } = parseWriteOptions(options);
    return this.change(id, expectedVersion, async (pipeline) => {
      const current = stageOf(pipeline, sid, 'stageId');
      const next: Stage = { ...current, ...stripUndefined(changes) } as Stage;
      if (changes.rottingDays === null) delete next.rottingDays;
      const stages = pipeline.stages.map((s) => (s.id === sid ? next : s));
      assertStages(stages, 'stage update');
      return { ...pipeline, stages };
    });
  }

  /**
   * Renames a stage.
   *
   * @example
   * await crm.pipelines.renameStage(pipelineId, stageId, 'Negotiation');
   */
  async renameStage(pipelineId: string, stageId: string, name: string, options?: ServiceWriteOptions): Promise<Pipeline> {
    // updateStage reads an absent name as "leave it"; a rename without one is a mistake.
    if (name === undefined) throw fieldError('stage update', ['name'], 'A new name is required');
    return this.updateStage(pipelineId, stageId, { name }, options);
  }

  /**
   * Puts the stages in a new order: `stageIds` lists every stage exactly once.
   *
   * @example
   * await crm.pipelines.reorderStages(id, [c.id, a.id, b.id, won.id, lost.id]);
   */
  async reorderStages(pipelineId: string, stageIds: readonly string[], options?: ServiceWriteOptions): Promise<Pipeline> {
    const id = parseId(pipelineId, 'pipeline id', 'pipelineId');
    const { stageIds: order } = parseInput(z.strictObject({ stageIds: z.array(idSchema) }), { stageIds }, 'stage order');
    const { expectedVersion } = parseWriteOptions(options);
    return this.change(id, expectedVersion, async (pipeline) => {
      const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
      const unique = new Set(order);
      if (unique.size !== order.length || order.length !== pipeline.stages.length || order.some((s) => !byId.has(s))) {
        throw fieldError('stage order', ['stageIds'], 'List every stage of the pipeline exactly once');
      }
      return { ...pipeline, stages: order.map((s) => byId.get(s) as Stage) };
    });
  }

  /**
   * Removes a stage. If deals are in it, `moveDealsTo` must name another stage of the same kind;
   * they move there (end of the column, in their order, with history and timeline entries) in the
   * same transaction, and a `deal.moved` event fires for each.
   *
   * @example
   * await crm.pipelines.removeStage(id, oldStage.id, { moveDealsTo: qualified.id });
   */
  async removeStage(pipelineId: string, stageId: string, options?: { moveDealsTo?: string; expectedVersion?: number }): Promise<Pipeline> {
    const id = parseId(pipelineId, 'pipeline id', 'pipelineId');
    const sid = parseId(stageId, 'stage id', 'stageId');
    const opts = parseInput(removeStageOptionsSchema, options, 'stage removal') ?? {};
    const moved: (readonly [Deal, Deal])[] = [];
    const result = await this.change(id, opts.expectedVersion, async (pipeline, tx) => {
      const removed = stageOf(pipeline, sid, 'stageId');
      const stages = pipeline.stages.filter((s) => s.id !== sid);
      assertStages(stages, 'stage removal');
      const held = await tx.collection('deals').count({ where: { pipelineId: id, stageId: sid } });
      if (held > 0) {
        if (!opts.moveDealsTo) {
          throw fieldError('stage removal', ['moveDealsTo'], `Stage "${removed.name}" holds ${held} deal(s): name a stage to move them to`);
        }
        if (opts.moveDealsTo === sid) throw fieldError('stage removal', ['moveDealsTo'], 'Name a stage other than the one removed');
        const target = stageOf(pipeline, opts.moveDealsTo, 'moveDealsTo');
        if (target.kind !== removed.kind) {
          throw fieldError('stage removal', ['moveDealsTo'], `Move the deals to another ${removed.kind} stage`);
        }
        moved.push(...(await this.moveAllDeals(tx, pipeline, sid, target)));
      }
      return { ...pipeline, stages };
    });
    for (const [before, after] of moved) this.ctx.events.emit('deal.moved', { deal: after, from: placeOf(before), to: placeOf(after) });
    return result;
  }

  /**
   * Deletes a pipeline that holds no deals; one that does fails with a `ConflictError` (reason `in_use`).
   *
   * @example
   * await crm.pipelines.delete(id);
   */
  async delete(id: string, options?: ServiceWriteOptions): Promise<void> {
    const pipelineId = parseId(id, 'pipeline id');
    const { expectedVersion } = parseWriteOptions(options);
    await this.ctx.storage.transaction(['pipelines', 'deals'], async (tx) => {
      const pipeline = await requireRecord(tx, 'pipelines', pipelineId);
      checkVersion('pipelines', pipeline, expectedVersion);
      const held = await tx.collection('deals').count({ where: { pipelineId } });
      if (held > 0) {
        throw new ConflictError({
          reason: 'in_use',
          collection: 'pipelines',
          id: pipelineId,
          message: `Conflict: pipeline "${pipeline.name}" still holds ${held} deal(s); move or purge them first`,
        });
      }
      await tx.collection('pipelines').delete(pipelineId, { expectedVersion: pipeline.version });
    });
    this.ctx.events.emit('pipeline.deleted', { id: pipelineId });
  }

  /** Reads, changes and writes a pipeline in one transaction that may also move deals. */
  private async change(
    id: string,
    expectedVersion: number | undefined,
    fn: (pipeline: Pipeline, tx: StorageScope) => Promise<Pipeline>,
  ): Promise<Pipeline> {
    let previous: Pipeline | undefined;
    const pipeline = await this.ctx.storage.transaction(['pipelines', 'deals', 'interactions'], async (tx) => {
      const existing = await requireRecord(tx, 'pipelines', id);
      checkVersion('pipelines', existing, expectedVersion);
      previous = existing;
      const next = await fn(existing, tx);
      return tx.collection('pipelines').put({ ...next, updatedAt: nowIso(this.ctx) }, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('pipeline.updated', { pipeline, previous: previous as Pipeline });
    return pipeline;
  }

  /** Moves every deal of a stage to the end of `target`, in column order; returns each deal before and after. */
  private async moveAllDeals(tx: StorageScope, pipeline: Pipeline, fromStageId: string, target: Stage): Promise<(readonly [Deal, Deal])[]> {
    const now = nowIso(this.ctx);
    const deals = tx.collection('deals');
    const interactions = tx.collection('interactions');
    // Read the whole column first and move it in its own order, so the deals keep their ranking.
    const held: Deal[] = [];
    for await (const page of allRecords(tx, 'deals', { where: { pipelineId: pipeline.id, stageId: fromStageId } })) held.push(...page);
    held.sort((a, b) => compareValues(a.position, b.position) || compareValues(a.id, b.id));
    const moved: (readonly [Deal, Deal])[] = [];
    for (const deal of held) {
      const position = await positionFor(tx, { pipelineId: pipeline.id, stageId: target.id, movingId: deal.id });
      const { deal: next, interaction } = enterStage(deal, { pipeline, stage: target, position, lostReason: deal.lostReason }, now, this.ctx.newId, deal.status);
      moved.push([deal, await deals.put(next, { expectedVersion: deal.version })]);
      if (interaction) await interactions.put(interaction, { expectedVersion: 0 });
    }
    return moved;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
