import { z } from '../schema/zod.js';
import { moneySchema } from '../money/money.schema.js';
import {
  customFieldsSchema,
  dateSchema,
  externalIdSchema,
  idSchema,
  limits,
  recordMetaShape,
  requiredText,
  tagsSchema,
} from '../schema/common.schema.js';

/** Whether a deal is being worked, or was won or lost. */
export const dealStatuses = ['open', 'won', 'lost'] as const;

/** One of {@link dealStatuses}. */
export type DealStatus = (typeof dealStatuses)[number];

/** The most contacts one deal links to. */
export const maxDealContacts = 50;

/** The fields a caller provides when creating or updating a deal. */
export const dealFieldsShape = {
  title: requiredText(limits.name),
  amount: moneySchema,
  contactIds: z
    .array(idSchema)
    .max(maxDealContacts, { message: `At most ${maxDealContacts} contacts` })
    .transform((ids) => [...new Set(ids)])
    .default([]),
  companyId: idSchema.optional(),
  ownerId: externalIdSchema.optional(),
  expectedCloseDate: dateSchema.optional(),
  /** Overrides the stage's probability for this deal (0–1). */
  probability: z.number().min(0, { message: 'Must be between 0 and 1' }).max(1, { message: 'Must be between 0 and 1' }).optional(),
  tags: tagsSchema.default([]),
  customFields: customFieldsSchema.default({}),
};

/** Why a deal was lost, as the user put it. */
export const lostReasonSchema = requiredText(limits.shortText);

/** What `crm.deals.create` accepts. The deal goes to the end of `stageId` (default: the first open stage). */
export const dealInputSchema = z.strictObject({
  ...dealFieldsShape,
  pipelineId: idSchema,
  stageId: idSchema.optional(),
  /** Required when the deal is created straight into a lost stage. */
  lostReason: lostReasonSchema.optional(),
});

/** One entry of a deal's stage history: which stage, and since when. */
export const stageVisitSchema = z.strictObject({
  stageId: idSchema,
  enteredAt: z.iso.datetime(),
});

/** A position key: orders deals within a stage and sorts as a plain string (code unit order). */
export const positionSchema = z.string().min(1).max(256).regex(/^[0-9A-Za-z]+$/);

/** A sales opportunity moving through a pipeline, as stored. */
export const dealSchema = z.strictObject({
  ...recordMetaShape,
  ...dealFieldsShape,
  pipelineId: idSchema,
  stageId: idSchema,
  position: positionSchema,
  status: z.enum(dealStatuses),
  lostReason: lostReasonSchema.optional(),
  stageHistory: z.array(stageVisitSchema).min(1),
  closedAt: z.iso.datetime().optional(),
  deletedAt: z.iso.datetime().optional(),
});

/** A stored deal. */
export type Deal = z.output<typeof dealSchema>;
/** What `crm.deals.create` accepts. */
export type DealInput = z.input<typeof dealInputSchema>;
/** One entry of a deal's stage history. */
export type StageVisit = z.output<typeof stageVisitSchema>;
