import { z } from '../schema/zod.js';
import { expectedVersionSchema, externalIdSchema, idSchema, timestampSchema } from '../schema/common.schema.js';
import { applyPatch, patchSchema, pickDefined } from '../schema/patch.schema.js';
import { nowIso, type ServiceContext } from '../service/context.js';
import { parseId, parseReadOptions, parseWriteOptions, type ServiceReadOptions, type ServiceWriteOptions } from '../service/options.schema.js';
import { checkVersion, requireRecord } from '../service/records.js';
import type { StorageScope } from '../storage/port.js';
import { maxLimit, type Condition, type Page } from '../storage/query.js';
import { fieldError, parseInput } from '../validation.js';
import {
  interactionFieldsShape,
  interactionInputSchema,
  interactionTypes,
  type Interaction,
  type InteractionInput,
  type InteractionType,
} from './interaction.schema.js';

const interactionFieldNames = Object.keys(interactionFieldsShape) as (keyof typeof interactionFieldsShape)[];
/** Validates what `crm.interactions.update` accepts. */
export const interactionPatchSchema = patchSchema(interactionFieldsShape);

/** What `crm.interactions.update` accepts; `null` clears an optional field (`completedAt: null` reopens a task). */
export type InteractionPatch = z.input<typeof interactionPatchSchema>;

const pageShape = {
  limit: z.int().min(1).max(maxLimit).optional(),
  cursor: z.string().max(8192).optional(),
};

/** Validates what `crm.interactions.list` accepts. */
export const timelineQuerySchema = z
  .strictObject({
    contactId: idSchema.optional(),
    companyId: idSchema.optional(),
    dealId: idSchema.optional(),
    /** Only these kinds of entry. */
    types: z.array(z.enum(interactionTypes)).min(1).max(interactionTypes.length).optional(),
    ...pageShape,
  })
  .refine((q) => [q.contactId, q.companyId, q.dealId].filter(Boolean).length === 1, {
    message: 'Name exactly one of contactId, companyId or dealId',
    path: ['contactId'],
  });

/** Whose timeline to list, newest first. */
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

/** Validates what `crm.interactions.overdue` accepts. */
export const overdueQuerySchema = z.strictObject({
  assigneeId: externalIdSchema,
  /** The time that counts as now (default: the service's clock). */
  now: timestampSchema.optional(),
  ...pageShape,
});

/** Whose overdue tasks to list. */
export type OverdueQuery = z.input<typeof overdueQuerySchema>;

const completeOptionsSchema = z.strictObject({ at: timestampSchema.optional(), expectedVersion: expectedVersionSchema.optional() }).optional();

/**
 * Fills links implied by the ones given (a contact's or deal's company) and checks that every
 * link points at a live record; the error names the offending field.
 */
async function resolveLinks<T extends { contactId?: string | undefined; companyId?: string | undefined; dealId?: string | undefined }>(
  tx: StorageScope,
  entry: T,
): Promise<T> {
  const out = { ...entry };
  if (entry.contactId) {
    const contact = await tx.collection('contacts').get(entry.contactId);
    if (!contact || contact.deletedAt) throw fieldError('interaction', ['contactId'], 'No contact has this id', 'not_found');
    if (!out.companyId && contact.companyId) out.companyId = contact.companyId;
  }
  if (entry.dealId) {
    const deal = await tx.collection('deals').get(entry.dealId);
    if (!deal || deal.deletedAt) throw fieldError('interaction', ['dealId'], 'No deal has this id', 'not_found');
    if (!out.companyId && deal.companyId) out.companyId = deal.companyId;
  }
  if (entry.companyId) {
    const company = await tx.collection('companies').get(entry.companyId);
    if (!company || company.deletedAt) throw fieldError('interaction', ['companyId'], 'No company has this id', 'not_found');
  }
  return out;
}

/**
 * The timeline: notes, calls, emails, meetings, tasks and form submissions, linked to a contact,
 * a company and/or a deal. Reached as `crm.interactions`.
 */
export class InteractionsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Logs an interaction (default `occurredAt`: now). An entry about a contact or deal is also
   * linked to their company, so the company's timeline shows it.
   *
   * @example
   * await crm.interactions.log({ type: 'call', contactId: ann.id, direction: 'outbound', durationSec: 300, outcome: 'connected' });
   * await crm.interactions.log({ type: 'task', contactId: ann.id, subject: 'Send quote', dueAt: '2026-05-02T09:00:00Z', assigneeId: 'u1' });
   */
  async log(input: InteractionInput): Promise<Interaction> {
    const fields = parseInput(interactionInputSchema, input, 'interaction');
    const now = nowIso(this.ctx);
    const interaction = await this.ctx.storage.transaction(['interactions', 'contacts', 'companies', 'deals'], async (tx) => {
      const linked = await resolveLinks(tx, fields);
      return tx.collection('interactions').put(
        { ...linked, occurredAt: fields.occurredAt ?? now, id: this.ctx.newId(), createdAt: now, updatedAt: now },
        { expectedVersion: 0 },
      );
    });
    this.ctx.events.emit('interaction.logged', { interaction });
    return interaction;
  }

  /**
   * The interaction with this id; `NotFoundError` when there is none.
   *
   * @example
   * const entry = await crm.interactions.get(id);
   */
  async get(id: string, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Interaction> {
    return requireRecord(this.ctx.storage, 'interactions', parseId(id, 'interaction id'), parseReadOptions(options));
  }

  /**
   * Changes an interaction. Stage changes are the deals service's record and cannot be edited.
   *
   * @example
   * await crm.interactions.update(note.id, { body: 'Corrected notes' }, { expectedVersion: note.version });
   */
  async update(id: string, patch: InteractionPatch, options?: ServiceWriteOptions): Promise<Interaction> {
    const interactionId = parseId(id, 'interaction id');
    const changes = parseInput(interactionPatchSchema, patch, 'interaction update');
    const { expectedVersion } = parseWriteOptions(options);
    let previous: Interaction | undefined;
    const interaction = await this.ctx.storage.transaction(['interactions', 'contacts', 'companies', 'deals'], async (tx) => {
      const existing = await requireRecord(tx, 'interactions', interactionId);
      checkVersion('interactions', existing, expectedVersion);
      if (existing.type === 'stageChange') throw fieldError('interaction update', ['type'], 'Stage changes are written by the deals service and cannot be edited');
      previous = existing;
      const merged = applyPatch(pickDefined(existing as InteractionInput & Interaction, interactionFieldNames), changes);
      const fields = parseInput(interactionInputSchema, merged, 'interaction update');
      const linksChanged = changes.contactId !== undefined || changes.companyId !== undefined || changes.dealId !== undefined;
      const linked = linksChanged ? await resolveLinks(tx, fields) : fields;
      const next: Interaction = { ...existing, ...linked, updatedAt: nowIso(this.ctx) };
      for (const key of interactionFieldNames) if (!(key in linked)) delete next[key as keyof Interaction];
      next.occurredAt = fields.occurredAt ?? existing.occurredAt;
      return tx.collection('interactions').put(next, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('interaction.updated', { interaction, previous: previous as Interaction });
    return interaction;
  }

  /**
   * Deletes an interaction for good.
   *
   * @example
   * await crm.interactions.delete(note.id);
   */
  async delete(id: string, options?: ServiceWriteOptions): Promise<void> {
    const interactionId = parseId(id, 'interaction id');
    const { expectedVersion } = parseWriteOptions(options);
    await this.ctx.storage.transaction(['interactions'], async (tx) => {
      const existing = await requireRecord(tx, 'interactions', interactionId);
      checkVersion('interactions', existing, expectedVersion);
      await tx.collection('interactions').delete(interactionId, { expectedVersion: existing.version });
    });
    this.ctx.events.emit('interaction.deleted', { id: interactionId });
  }

  /**
   * One page of a contact's, company's or deal's timeline, newest first, optionally of some types only.
   *
   * @example
   * const { items, nextCursor } = await crm.interactions.list({ contactId: ann.id, types: ['call', 'meeting'], limit: 20 });
   */
  async list(query: TimelineQuery, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Interaction>> {
    const q = parseInput(timelineQuerySchema, query, 'timeline query');
    const { signal } = parseReadOptions(options);
    const where: Record<string, Condition> = q.contactId ? { contactId: q.contactId } : q.companyId ? { companyId: q.companyId } : { dealId: q.dealId as string };
    if (q.types) where.type = { in: q.types };
    return this.ctx.storage.collection('interactions').query(
      {
        where,
        orderBy: { field: 'occurredAt', direction: 'desc' },
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      },
      signal ? { signal } : undefined,
    );
  }

  /**
   * Marks a task done (at `options.at`, default now); a task already done stays as it is.
   * Reopen it with `update(id, { completedAt: null })`.
   *
   * @example
   * await crm.interactions.complete(task.id);
   */
  async complete(id: string, options?: { at?: string | Date; expectedVersion?: number }): Promise<Interaction> {
    const taskId = parseId(id, 'task id');
    const opts = parseInput(completeOptionsSchema, options, 'task completion') ?? {};
    let completed = false;
    const interaction = await this.ctx.storage.transaction(['interactions'], async (tx) => {
      const existing = await requireRecord(tx, 'interactions', taskId);
      checkVersion('interactions', existing, opts.expectedVersion);
      if (existing.type !== 'task') throw fieldError('task completion', ['id'], 'Only tasks can be completed');
      if (existing.completedAt) return existing;
      completed = true;
      const now = nowIso(this.ctx);
      return tx.collection('interactions').put({ ...existing, completedAt: opts.at ?? now, updatedAt: now }, { expectedVersion: existing.version });
    });
    if (completed) this.ctx.events.emit('task.completed', { interaction });
    return interaction;
  }

  /**
   * An assignee's open tasks whose due time has passed, most overdue first.
   *
   * @example
   * const { items } = await crm.interactions.overdue({ assigneeId: 'user-7' });
   */
  async overdue(query: OverdueQuery, options?: Pick<ServiceReadOptions, 'signal'>): Promise<Page<Interaction>> {
    const q = parseInput(overdueQuerySchema, query, 'overdue query');
    const { signal } = parseReadOptions(options);
    return this.ctx.storage.collection('interactions').query(
      {
        where: { assigneeId: q.assigneeId, type: 'task', completedAt: null, dueAt: { lt: q.now ?? nowIso(this.ctx) } },
        orderBy: { field: 'dueAt', direction: 'asc' },
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      },
      signal ? { signal } : undefined,
    );
  }
}
