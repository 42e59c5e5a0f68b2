import { z } from '../schema/zod.js';
import { currencySchema } from '../money/money.schema.js';
import type { ValidationIssue } from '../errors.js';
import { idSchema, limits, recordMetaShape, requiredText } from '../schema/common.schema.js';

/** Whether a stage holds deals still being worked (`open`) or closed ones (`won`, `lost`). */
export const stageKinds = ['open', 'won', 'lost'] as const;

/** One of {@link stageKinds}. */
export type StageKind = (typeof stageKinds)[number];

/** The most stages one pipeline can have. */
export const maxStages = 50;

/** What a caller provides for a stage; missing ids and probabilities are filled in. */
export const stageInputSchema = z.strictObject({
  id: idSchema.optional(),
  name: requiredText(limits.name),
  /** The chance (0–1) that a deal in this stage is won; weights forecasts. */
  probability: z.number().min(0, { message: 'Must be between 0 and 1' }).max(1, { message: 'Must be between 0 and 1' }).optional(),
  /** After this many days without activity, a deal in this stage counts as rotting. */
  rottingDays: z.int().min(1).max(3650).optional(),
  kind: z.enum(stageKinds, { message: `Must be one of ${stageKinds.join(', ')}` }).default('open'),
});

/** A stage as stored: always has an id and a probability. */
export const stageSchema = z.strictObject({
  id: idSchema,
  name: requiredText(limits.name),
  probability: z.number().min(0).max(1),
  rottingDays: z.int().min(1).max(3650).optional(),
  kind: z.enum(stageKinds),
});

/** A stage of a pipeline. */
export type Stage = z.output<typeof stageSchema>;
/** What a caller provides for a stage. */
export type StageInput = z.input<typeof stageInputSchema>;

type StageLike = { id?: string | undefined; name: string; probability?: number | undefined; kind: StageKind };

/**
 * The rules a pipeline's stage list must keep: unique names and ids, at least one open stage, at
 * most one won and one lost stage, won at probability 1 and lost at 0. Returns what is broken.
 */
export function stageIssues(stages: readonly StageLike[], basePath: readonly (string | number)[] = ['stages']): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path: [...basePath, ...path], message, code: 'custom' });
  const names = new Set<string>();
  const ids = new Set<string>();
  const closed = { won: 0, lost: 0 };
  stages.forEach((stage, index) => {
    const key = stage.name.toLowerCase();
    if (names.has(key)) add([index, 'name'], `Another stage is already called "${stage.name}"`);
    names.add(key);
    if (stage.id !== undefined) {
      if (ids.has(stage.id)) add([index, 'id'], 'Stage ids must be unique');
      ids.add(stage.id);
    }
    if (stage.kind === 'open') return;
    closed[stage.kind]++;
    if (closed[stage.kind] > 1) add([index, 'kind'], `A pipeline has at most one ${stage.kind} stage`);
    const required = stage.kind === 'won' ? 1 : 0;
    if (stage.probability !== undefined && stage.probability !== required) {
      add([index, 'probability'], `A ${stage.kind} stage has probability ${required}`);
    }
  });
  if (!stages.some((stage) => stage.kind === 'open')) add([], 'A pipeline needs at least one open stage');
  return issues;
}

const stagesInput = z
  .array(stageInputSchema, { message: 'Must be a list of stages' })
  .min(1, { message: 'A pipeline needs at least one stage' })
  .max(maxStages, { message: `At most ${maxStages} stages` })
  .superRefine((stages, ctx) => {
    for (const issue of stageIssues(stages, [])) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  });

/** What `crm.pipelines.create` accepts. */
export const pipelineInputSchema = z.strictObject({
  name: requiredText(limits.name),
  /** The currency the pipeline's board and forecasts are shown in. */
  currency: currencySchema,
  stages: stagesInput,
});

/** What `crm.pipelines.update` accepts: the pipeline's own fields (stages have their own methods). */
export const pipelinePatchSchema = z.strictObject({
  name: requiredText(limits.name).optional(),
  currency: currencySchema.optional(),
});

/** A sales process: ordered stages that deals move through, as stored. */
export const pipelineSchema = z.strictObject({
  ...recordMetaShape,
  name: requiredText(limits.name),
  currency: currencySchema,
  stages: z.array(stageSchema).min(1).max(maxStages),
});

/** A stored pipeline. */
export type Pipeline = z.output<typeof pipelineSchema>;
/** What `crm.pipelines.create` accepts. */
export type PipelineInput = z.input<typeof pipelineInputSchema>;
/** What `crm.pipelines.update` accepts. */
export type PipelinePatch = z.input<typeof pipelinePatchSchema>;
