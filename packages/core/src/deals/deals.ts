import { z } from '../schema/zod.js';
import type { Pipeline, Stage } from '../pipelines/pipeline.schema.js';
import { expectedVersionSchema, idSchema } from '../schema/common.schema.js';
import { applyPatch, patchSchema, pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import { toStorageQuery, type ListQuery } from '../service/list-query.js';
import { parseId, parseReadOptions, parseWriteOptions, type ServiceReadOptions, type ServiceWriteOptions } from '../service/options.schema.js';
import { allRecords, checkVersion, requireRecord, timelineOrder } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import type { Page } from '../storage/query.js';
import { fieldError, parseInput } from '../validation.js';
import { dealFieldsShape, dealInputSchema, lostReasonSchema, type Deal, type DealInput } from './deal.schema.js';
import { positionFor } from './position.js';
import { enterStage, placeOf, statusIn, type Transition } from './stage-transition.js';

const dealFieldNames = Object.keys(dealFieldsShape) as (keyof typeof dealFieldsShape)[];
/** Validates what `crm.deals.update` accepts. */
export const dealPatchSchema = patchSchema(dealFieldsShape);

/** What `crm.deals.update` accepts: any of the deal's own fields; `null` clears an optional one. */
export type DealPatch = z.input<typeof dealPatchSchema>;

/** Validates what `crm.deals.move` accepts. */
export const dealMoveSchema = z.strictObject({
  /** The stage to move to. */
  stageId: idSchema,
  /** The pipeline of that stage, when it is not the deal's current pipeline. */
  pipelineId: idSchema.optional(),
  /** Place the deal right after this deal of the target stage… */
  after: idSchema.optional(),
  /** …and/or right before this one. Neither: the end of the column. */
  before: idSchema.optional(),
  /** Required when the target is a lost stage. */
  lostReason: lostReasonSchema.optional(),
  expectedVersion: expectedVersionSchema.optional(),
});

/** Where `crm.deals.move` puts a deal. */
export type DealMove = z.input<typeof dealMoveSchema>;

const loseSchema = z.strictObject({ reason: lostReasonSchema, expectedVersion: expectedVersionSchema.optional() });
const reopenSchema = z.strictObject({ stageId: idSchema.optional(), expectedVersion: expectedVersionSchema.optional() }).optional();

/** The open stage a deal was last in (still in the pipeline), else the pipeline's first open stage. */
function lastOpenStage(deal: Deal, pipeline: Pipeline): Stage {
  const open = new Map(pipeline.stages.filter((s) => s.kind === 'open').map((s) => [s.id, s]));
  const visited = [...deal.stageHistory].reverse().find((visit) => open.has(visit.stageId));
  return (visited && open.get(visited.stageId)) ?? (pipeline.stages.find((s) => s.kind === 'open') as Stage);
}

function stageIn(pipeline: Pipeline, stageId: string, field: string): Stage {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw fieldError('deal', [field], `Pipeline "${pipeline.name}" has no stage with this id`, 'not_found');
  return stage;
}

/** Checks that the linked contacts and company exist; the error names the offending field. */
async function checkLinks(tx: StorageScope, fields: { contactIds?: readonly string[]; companyId?: string | undefined }): Promise<void> {
  if (fields.contactIds?.length) {
    const found = await tx.collection('contacts').getMany(fields.contactIds);
    found.forEach((contact, i) => {
      if (!contact || contact.deletedAt) throw fieldError('deal', ['contactIds', i], 'No contact has this id', 'not_found');
    });
  }
  if (fields.companyId) {
    const company = await tx.collection('companies').get(fields.companyId);
    if (!company || company.deletedAt) throw fieldError('deal', ['companyId'], 'No company has this id', 'not_found');
  }
}

async function pipelineFor(tx: StorageScope, pipelineId: string, field: string): Promise<Pipeline> {
  const pipeline = await tx.collection('pipelines').get(pipelineId);
  if (!pipeline) throw fieldError('deal', [field], 'No pipeline has this id', 'not_found');
  return pipeline;
}

/**
 * Sales opportunities: create, update, move between stages (with history and timeline entries),
 * win, lose, reopen, delete (soft), restore and purge. Reached as `crm.deals`.
 */
export class DealsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Creates a deal at the end of `stageId` (default: the pipeline's first open stage).
   *
   * @example
   * const deal = await crm.deals.create({
   *   title: 'Acme renewal', amount: { minor: 1_200_000, currency: 'EUR' },
   *   pipelineId: sales.id, contactIds: [ann.id], companyId: acme.id,
   * });
   */
  async create(input: DealInput): Promise<Deal> {
    const fields = parseInput(dealInputSchema, input, 'deal');
    const now = nowIso(this.ctx);
    const deal = await this.ctx.storage.transaction(['deals', 'pipelines', 'contacts', 'companies'], async (tx) => {
      const pipeline = await pipelineFor(tx, fields.pipelineId, 'pipelineId');
      const stage = fields.stageId ? stageIn(pipeline, fields.stageId, 'stageId') : (pipeline.stages.find((s) => s.kind === 'open') as Stage);
      if (stage.kind === 'lost' && !fields.lostReason) throw fieldError('deal', ['lostReason'], 'A deal created as lost needs a reason');
      // The caller's list, not the de-duplicated one, so an error's index points into what was sent.
      await checkLinks(tx, { contactIds: input.contactIds, companyId: fields.companyId });
      const { lostReason, stageId: _stage, ...rest } = fields;
      const position = await positionFor(tx, { pipelineId: pipeline.id, stageId: stage.id });
      const closed = stage.kind === 'open' ? {} : { closedAt: now, probability: stage.kind === 'won' ? 1 : 0 };
      return tx.collection('deals').put(
        {
          ...rest,
          id: this.ctx.newId(),
          stageId: stage.id,
          position,
          status: stage.kind,
          stageHistory: [{ stageId: stage.id, enteredAt: now }],
          ...closed,
          ...(stage.kind === 'lost' ? { lostReason } : {}),
          createdAt: now,
          updatedAt: now,
        },
        { expectedVersion: 0 },
      );
    });
    this.ctx.events.emit('deal.created', { deal });
    return deal;
  }

  /**
   * The deal with this id; `NotFoundError` when there is none (or it was deleted, unless `includeDeleted`).
   *
   * @example
   * const deal = await crm.deals.get(id);
   */
  async get(id: string, options?: ServiceReadOptions): Promise<Deal> {
    return requireRecord(this.ctx.storage, 'deals', parseId(id, 'deal id'), parseReadOptions(options));
  }

  /**
   * One page of deals matching `query`. A board column is
   * `{ where: { pipelineId, stageId }, orderBy: { field: 'position' } }`.
   *
   * @example
   * const column = await crm.deals.list({ where: { pipelineId, stageId }, orderBy: { field: 'position' } });
   */
  async list(query: ListQuery = {}, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Deal>> {
    const storageQuery = toStorageQuery('deals', query, true);
    const { signal } = parseReadOptions(options);
    return this.ctx.storage.collection('deals').query(storageQuery, signal ? { signal } : undefined);
  }

  /**
   * Changes the deal's own fields (title, amount, links, owner, close date…). Stage and status
   * change through {@link move}, {@link win}, {@link lose} and {@link reopen}.
   *
   * @example
   * await crm.deals.update(deal.id, { amount: { minor: 990_000, currency: 'EUR' } }, { expectedVersion: deal.version });
   */
  async update(id: string, patch: DealPatch, options?: ServiceWriteOptions): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const changes = parseInput(dealPatchSchema, patch, 'deal update');
    const { expectedVersion } = parseWriteOptions(options);
    let previous: Deal | undefined;
    const deal = await this.ctx.storage.transaction(['deals', 'contacts', 'companies'], async (tx) => {
      const existing = await requireRecord(tx, 'deals', dealId);
      checkVersion('deals', existing, expectedVersion);
      previous = existing;
      if (existing.status !== 'open' && changes.probability !== undefined) {
        throw fieldError('deal update', ['probability'], `A ${existing.status} deal's probability is ${existing.status === 'won' ? 1 : 0}; reopen it to change it`);
      }
      const fields = parseInput(z.strictObject(dealFieldsShape), applyPatch(pickDefined(existing, dealFieldNames), changes), 'deal update');
      await checkLinks(tx, { contactIds: changes.contactIds ? patch.contactIds : [], companyId: changes.companyId ?? undefined });
      const next: Deal = { ...existing, ...fields, updatedAt: nowIso(this.ctx) };
      for (const key of dealFieldNames) if (!(key in fields)) delete next[key];
      return tx.collection('deals').put(next, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('deal.updated', { deal, previous: previous as Deal });
    return deal;
  }

  /**
   * Moves a deal to a stage (of this or another pipeline) and a place in its column. A change of
   * stage appends to the stage history and logs a `stageChange` interaction in the same
   * transaction; entering a won or lost stage wins or loses the deal (lost needs `lostReason`);
   * entering an open stage reopens it. Only the moved deal is written: no renumbering.
   *
   * @example
   * await crm.deals.move(deal.id, { stageId: proposal.id, after: other.id, expectedVersion: deal.version });
   */
  async move(id: string, move: DealMove): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const m = parseInput(dealMoveSchema, move, 'deal move');
    if (m.after && m.after === m.before) throw fieldError('deal move', ['before'], 'A deal cannot be both right after and right before the same deal');
    if (m.after === dealId || m.before === dealId) throw fieldError('deal move', [m.after === dealId ? 'after' : 'before'], 'A deal cannot be placed next to itself');
    return this.transition(dealId, m.expectedVersion, async (tx, deal) => {
      const pipeline = await pipelineFor(tx, m.pipelineId ?? deal.pipelineId, 'pipelineId');
      const stage = stageIn(pipeline, m.stageId, 'stageId');
      if (stage.kind === 'lost' && deal.status !== 'lost' && !m.lostReason) {
        throw fieldError('deal move', ['lostReason'], 'Moving a deal to a lost stage needs a reason');
      }
      const neighbour = async (neighbourId: string | undefined, field: 'after' | 'before') => {
        if (!neighbourId) return undefined;
        const other = await tx.collection('deals').get(neighbourId);
        if (!other || other.pipelineId !== pipeline.id || other.stageId !== stage.id) {
          throw fieldError('deal move', [field], 'Not a deal of the target stage', 'not_found');
        }
        return other;
      };
      const after = await neighbour(m.after, 'after');
      const before = await neighbour(m.before, 'before');
      if (after && before && after.position > before.position) {
        throw fieldError('deal move', ['before'], '"after" must come before "before" in the column');
      }
      const position = await positionFor(tx, { pipelineId: pipeline.id, stageId: stage.id, after, before, movingId: deal.id });
      // Reordering within its column keeps a deal's status (one won or lost in place stays closed).
      const sameStage = stage.id === deal.stageId && pipeline.id === deal.pipelineId;
      const status = sameStage ? deal.status : statusIn(stage);
      return enterStage(deal, { pipeline, stage, position, lostReason: m.lostReason ?? deal.lostReason }, nowIso(this.ctx), this.ctx.newId, status);
    });
  }

  /**
   * Marks a deal won: status `won`, `closedAt`, probability 1; it moves to the pipeline's won stage
   * when there is one. Winning a won deal changes nothing.
   *
   * @example
   * await crm.deals.win(deal.id);
   */
  async win(id: string, options?: ServiceWriteOptions): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const { expectedVersion } = parseWriteOptions(options);
    return this.close(dealId, 'won', undefined, expectedVersion);
  }

  /**
   * Marks a deal lost with the reason given: status `lost`, `closedAt`, probability 0; it moves
   * to the pipeline's lost stage when there is one.
   *
   * @example
   * await crm.deals.lose(deal.id, { reason: 'Chose a competitor' });
   */
  async lose(id: string, options: { reason: string; expectedVersion?: number }): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const { reason, expectedVersion } = parseInput(loseSchema, options, 'deal loss');
    return this.close(dealId, 'lost', reason, expectedVersion);
  }

  /**
   * Reopens a won or lost deal into `stageId`, or else the last open stage it was in, or else the
   * first open stage.
   *
   * @example
   * await crm.deals.reopen(deal.id);
   */
  async reopen(id: string, options?: { stageId?: string; expectedVersion?: number }): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const opts = parseInput(reopenSchema, options, 'deal reopen') ?? {};
    return this.transition(dealId, opts.expectedVersion, async (tx, deal) => {
      if (deal.status === 'open' && !opts.stageId) return { deal, interaction: undefined };
      const pipeline = await pipelineFor(tx, deal.pipelineId, 'pipelineId');
      let stage: Stage | undefined;
      if (opts.stageId) {
        stage = stageIn(pipeline, opts.stageId, 'stageId');
        if (stage.kind !== 'open') throw fieldError('deal reopen', ['stageId'], 'Reopen into an open stage');
        // An open deal has nothing to reopen, but a stage it cannot be reopened into is still named.
        if (deal.status === 'open') return { deal, interaction: undefined };
      } else {
        stage = lastOpenStage(deal, pipeline);
      }
      const position = stage.id === deal.stageId ? deal.position : await positionFor(tx, { pipelineId: pipeline.id, stageId: stage.id, movingId: deal.id });
      return enterStage(deal, { pipeline, stage, position }, nowIso(this.ctx), this.ctx.newId, 'open');
    });
  }

  /**
   * Deletes a deal softly: hidden from lists, history kept, restorable.
   *
   * @example
   * await crm.deals.delete(deal.id);
   */
  async delete(id: string, options?: ServiceWriteOptions): Promise<Deal> {
    const dealId = parseId(id, 'deal id');
    const { expectedVersion } = parseWriteOptions(options);
    const deal = await this.ctx.storage.transaction(['deals'], async (tx) => {
      const existing = await requireRecord(tx, 'deals', dealId);
      checkVersion('deals', existing, expectedVersion);
      const now = nowIso(this.ctx);
      return tx.collection('deals').put({ ...existing, deletedAt: now, updatedAt: now }, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('deal.deleted', { deal });
    return deal;
  }

  /**
   * Brings back a soft-deleted deal.
   *
   * @example
   * await crm.deals.restore(deal.id);
   */
  async restore(id: string): Promise<Deal> {
    let restored = false;
    const dealId = parseId(id, 'deal id');
    const deal = await this.ctx.storage.transaction(['deals'], async (tx) => {
      const existing = await requireRecord(tx, 'deals', dealId, { includeDeleted: true });
      if (!existing.deletedAt) return existing;
      restored = true;
      const { deletedAt: _deleted, ...rest } = existing;
      return tx.collection('deals').put({ ...rest, updatedAt: nowIso(this.ctx) }, { expectedVersion: existing.version });
    });
    if (restored) this.ctx.events.emit('deal.restored', { deal });
    return deal;
  }

  /**
   * Erases a deal for good, with its stage changes; other interactions that name it lose the link
   * (or go, when the deal was their only link).
   *
   * @example
   * await crm.deals.purge(deal.id);
   */
  async purge(id: string): Promise<void> {
    const dealId = parseId(id, 'deal id');
    await this.ctx.storage.transaction(['deals', 'interactions'], async (tx) => {
      await requireRecord(tx, 'deals', dealId, { includeDeleted: true });
      const interactions = tx.collection('interactions');
      for await (const page of allRecords(tx, 'interactions', { where: { dealId }, orderBy: timelineOrder })) {
        for (const entry of page) {
          const { dealId: _id, ...rest } = entry;
          if (entry.type !== 'stageChange' && (rest.contactId || rest.companyId)) await interactions.put(rest, { expectedVersion: entry.version });
          else await interactions.delete(entry.id, { expectedVersion: entry.version });
        }
      }
      await tx.collection('deals').delete(dealId);
    });
    this.ctx.events.emit('deal.purged', { id: dealId });
  }

  private async close(dealId: string, status: 'won' | 'lost', reason: string | undefined, expectedVersion: number | undefined): Promise<Deal> {
    return this.transition(dealId, expectedVersion, async (tx, deal) => {
      if (deal.status === status) {
        // Closing a closed deal again changes nothing, except a new reason for a loss.
        if (status === 'won' || deal.lostReason === reason) return { deal, interaction: undefined };
        return { deal: { ...deal, lostReason: reason as string, updatedAt: nowIso(this.ctx) }, interaction: undefined };
      }
      const pipeline = await pipelineFor(tx, deal.pipelineId, 'pipelineId');
      // To the pipeline's won (lost) stage; without one, the deal stays where it is, unless that
      // is a stage of the other closed kind: then it goes back to its last open stage.
      const current = pipeline.stages.find((s) => s.id === deal.stageId) as Stage;
      const stage = pipeline.stages.find((s) => s.kind === status) ?? (current.kind === 'open' ? current : lastOpenStage(deal, pipeline));
      const position = stage.id === deal.stageId ? deal.position : await positionFor(tx, { pipelineId: pipeline.id, stageId: stage.id, movingId: deal.id });
      return enterStage(deal, { pipeline, stage, position, lostReason: reason }, nowIso(this.ctx), this.ctx.newId, status);
    });
  }

  /** Runs a stage or status change in one transaction and fires the events it calls for. */
  private async transition(
    dealId: string,
    expectedVersion: number | undefined,
    fn: (tx: StorageScope, deal: Deal) => Promise<Transition>,
  ): Promise<Deal> {
    let before: Deal | undefined;
    let changed = false;
    const deal = await this.ctx.storage.transaction(['deals', 'pipelines', 'interactions'], async (tx) => {
      const existing = await requireRecord(tx, 'deals', dealId);
      checkVersion('deals', existing, expectedVersion);
      before = existing;
      const { deal: next, interaction } = await fn(tx, existing);
      if (next === existing) return existing;
      changed = true;
      const saved = await tx.collection('deals').put(next, { expectedVersion: existing.version });
      if (interaction) await tx.collection('interactions').put(interaction, { expectedVersion: 0 });
      return saved;
    });
    if (changed && before) this.emitTransition(before, deal);
    return deal;
  }

  private emitTransition(before: Deal, deal: Deal): void {
    const { events } = this.ctx;
    if (before.stageId !== deal.stageId || before.pipelineId !== deal.pipelineId || before.position !== deal.position) {
      events.emit('deal.moved', { deal, from: placeOf(before), to: placeOf(deal) });
    }
    if (before.status !== deal.status) {
      if (deal.status === 'won') events.emit('deal.won', { deal });
      else if (deal.status === 'lost') events.emit('deal.lost', { deal, reason: deal.lostReason ?? '' });
      else events.emit('deal.reopened', { deal });
    } else if (deal.status === 'lost' && before.lostReason !== deal.lostReason) {
      events.emit('deal.lost', { deal, reason: deal.lostReason ?? '' });
    }
  }
}
