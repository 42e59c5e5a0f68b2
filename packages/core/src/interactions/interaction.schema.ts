import { z } from '../schema/zod.js';
import { dealStatuses } from '../deals/deal.schema.js';
import {
  customFieldsSchema,
  externalIdSchema,
  idSchema,
  limits,
  recordMetaShape,
  requiredText,
  text,
  timestampSchema,
} from '../schema/common.schema.js';

/** Every kind of timeline entry. */
export const interactionTypes = ['note', 'call', 'email', 'meeting', 'task', 'formSubmission', 'stageChange', 'custom'] as const;

/** One of {@link interactionTypes}. */
export type InteractionType = (typeof interactionTypes)[number];

/** The kinds a caller may log; `stageChange` entries are written by the deals service only. */
export const loggableInteractionTypes = interactionTypes.filter((t) => t !== 'stageChange') as Exclude<InteractionType, 'stageChange'>[];

/** Whether the other party reached out (`inbound`) or we did (`outbound`). */
export const directions = ['inbound', 'outbound'] as const;

/** What a `stageChange` entry records about the move. */
export const stageChangeSchema = z.strictObject({
  fromStageId: idSchema.optional(),
  toStageId: idSchema,
  fromStatus: z.enum(dealStatuses).optional(),
  toStatus: z.enum(dealStatuses),
  lostReason: requiredText(limits.shortText).optional(),
});

/** What a `stageChange` entry records. */
export type StageChange = z.output<typeof stageChangeSchema>;

const linkAndBodyShape = {
  contactId: idSchema.optional(),
  companyId: idSchema.optional(),
  dealId: idSchema.optional(),
  subject: requiredText(limits.shortText).optional(),
  body: text(limits.longText).optional(),
  direction: z.enum(directions, { message: 'Must be inbound or outbound' }).optional(),
  /** How long a call or meeting took, in seconds. */
  durationSec: z.int().min(0).max(7 * 24 * 3600).optional(),
  /** How it went, in the workspace's own words (e.g. `connected`, `no-answer`). */
  outcome: requiredText(64).optional(),
  /** Who logged or did it. */
  ownerId: externalIdSchema.optional(),
  /** Tasks: when it is due, when it was done, whose it is. */
  dueAt: timestampSchema.optional(),
  completedAt: timestampSchema.optional(),
  assigneeId: externalIdSchema.optional(),
  /** Structured data, such as the fields of a form submission. */
  data: customFieldsSchema.optional(),
};

/** The fields a caller provides when logging or updating an interaction. */
export const interactionFieldsShape = {
  type: z.enum(loggableInteractionTypes, { message: `Must be one of ${loggableInteractionTypes.join(', ')}` }),
  occurredAt: timestampSchema.optional(),
  ...linkAndBodyShape,
};

type InteractionLike = {
  type: InteractionType;
  contactId?: string | undefined;
  companyId?: string | undefined;
  dealId?: string | undefined;
  dueAt?: string | undefined;
  completedAt?: string | undefined;
  assigneeId?: string | undefined;
  durationSec?: number | undefined;
  stageChange?: unknown;
};

/** Rules across fields: at least one link; task fields on tasks only; durations on calls and meetings. */
export function checkInteraction(value: InteractionLike, ctx: z.core.$RefinementCtx): void {
  if (!value.contactId && !value.companyId && !value.dealId) {
    ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'An interaction links to a contact, a company or a deal' });
  }
  if (value.type !== 'task') {
    for (const field of ['dueAt', 'completedAt', 'assigneeId'] as const) {
      if (value[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'Only tasks have this field' });
    }
  }
  if (value.durationSec !== undefined && value.type !== 'call' && value.type !== 'meeting') {
    ctx.addIssue({ code: 'custom', path: ['durationSec'], message: 'Only calls and meetings have a duration' });
  }
  if (value.type === 'stageChange' && (!value.dealId || value.stageChange === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['stageChange'], message: 'A stage change names its deal and stages' });
  }
  if (value.type !== 'stageChange' && value.stageChange !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['stageChange'], message: 'Only stage changes have this field' });
  }
}

/** What `crm.interactions.log` accepts. */
export const interactionInputSchema = z.strictObject(interactionFieldsShape).superRefine(checkInteraction);

/** A timeline entry (note, call, email, meeting, task, form submission, stage change), as stored. */
export const interactionSchema = z
  .strictObject({
    ...recordMetaShape,
    ...linkAndBodyShape,
    type: z.enum(interactionTypes),
    occurredAt: z.iso.datetime(),
    stageChange: stageChangeSchema.optional(),
  })
  .superRefine(checkInteraction);

/** A stored interaction. */
export type Interaction = z.output<typeof interactionSchema>;
/** What `crm.interactions.log` accepts. */
export type InteractionInput = z.input<typeof interactionInputSchema>;
