import { z } from '../schema/zod.js';
import { dealStatuses } from '../deals/deal.schema.js';
import { directions, interactionTypes } from '../interactions/interaction.schema.js';
import { requiredText } from '../schema/common.schema.js';
import { isScoreField, scoreFieldHint } from './score-fields.js';

const finite = z.number().finite({ message: 'Must be a finite number' });
const scalar = z.union([z.string().max(500), finite, z.boolean()], { message: 'Must be a string, a number or true/false' });

/** A field path scoring reads, such as `contact.title` or `company.customFields.seats`. */
export const scoreFieldSchema = z.string().max(200).refine(isScoreField, { message: scoreFieldHint });

/** The operators a condition may use; each condition uses exactly one. */
export const conditionOperators = ['equals', 'in', 'exists', 'range', 'contains', 'freeMail'] as const;

/**
 * A test on one field. `equals` and `in` compare exactly (text case-insensitively); `exists`
 * asks whether the field has a value (a non-empty list); `range` takes numbers, both ends
 * included; `contains` finds text inside a string, or an element of a list; `freeMail` asks
 * whether an email field's first address is at a web-mail provider. On a list field, `equals`,
 * `in` and `range` hold when any element does. `negate` turns the answer round.
 */
export const fieldConditionSchema = z
  .strictObject({
    field: scoreFieldSchema,
    equals: scalar.optional(),
    in: z.array(scalar).min(1).max(200).optional(),
    exists: z.boolean().optional(),
    range: z
      .strictObject({ min: finite.optional(), max: finite.optional() })
      .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'Give min, max or both' })
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not be above max', path: ['max'] })
      .optional(),
    contains: requiredText(200).optional(),
    freeMail: z.boolean().optional(),
    negate: z.boolean().optional(),
  })
  .superRefine((condition, ctx) => {
    const used = conditionOperators.filter((op) => condition[op] !== undefined);
    if (used.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `Use exactly one of ${conditionOperators.join(', ')}` });
    }
    if (condition.freeMail !== undefined && condition.field !== 'contact.emails') {
      ctx.addIssue({ code: 'custom', path: ['freeMail'], message: 'freeMail applies to contact.emails only' });
    }
  });

/** A test on one field. */
export type FieldCondition = z.output<typeof fieldConditionSchema>;

const allSchema = z.strictObject({ all: z.array(fieldConditionSchema).min(1).max(20) });
const anySchema = z.strictObject({ any: z.array(fieldConditionSchema).min(1).max(20) });

/** A field test as written. */
export type FieldConditionInput = z.input<typeof fieldConditionSchema>;
/** A condition as written: one field test, or several under `all` or `any`. */
export type ScoreConditionInput = { all: FieldConditionInput[] } | { any: FieldConditionInput[] } | FieldConditionInput;

/**
 * One field test, or several joined with `all` (every one holds) or `any` (at least one does).
 * The form is picked by its key rather than tried in turn (as a union would), so that an error
 * names the offending place (`when.all.2.equals`) instead of the whole condition.
 */
export const scoreConditionSchema = z.custom<ScoreConditionInput>(() => true).transform((value, ctx) => {
  const keyed = typeof value === 'object' && value !== null;
  const schema = keyed && 'all' in value ? allSchema : keyed && 'any' in value ? anySchema : fieldConditionSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  return z.NEVER;
});

/** When a fit rule or condition feature applies. */
export type ScoreCondition = z.output<typeof scoreConditionSchema>;

/** A rule's id: how contributions, features and error messages name it. */
export const ruleIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'Must be 1 to 64 letters, digits, _ . : -' });

const points = finite.min(-1000, { message: 'Must be from -1000 to 1000' }).max(1000, { message: 'Must be from -1000 to 1000' });

/** A fit rule: points when what is known about the person and their company matches. */
export const fitRuleSchema = z.strictObject({
  id: ruleIdSchema,
  /** What people read next to the points (default: the id). */
  label: requiredText(200).optional(),
  points,
  when: scoreConditionSchema,
});

/** A fit rule. */
export type FitRule = z.output<typeof fitRuleSchema>;

/**
 * Which timeline entries an engagement rule counts. Every list given must contain the entry's
 * value: `types`, `outcomes`, `directions`, `formIds` (a form submission's `data.formId`) and
 * `toStatuses` (where a stage change took the deal).
 */
export const engagementMatchSchema = z.strictObject({
  types: z.array(z.enum(interactionTypes, { message: `Must be one of ${interactionTypes.join(', ')}` })).min(1).max(interactionTypes.length).optional(),
  outcomes: z.array(requiredText(64)).min(1).max(50).optional(),
  directions: z.array(z.enum(directions, { message: 'Must be inbound or outbound' })).min(1).max(2).optional(),
  formIds: z.array(requiredText(200)).min(1).max(50).optional(),
  toStatuses: z.array(z.enum(dealStatuses, { message: `Must be one of ${dealStatuses.join(', ')}` })).min(1).max(3).optional(),
});

/** Which timeline entries an engagement rule counts. */
export type EngagementMatch = z.output<typeof engagementMatchSchema>;

/** How recent activity weighs: halving every `halfLifeDays`, and ignored after `withinDays`. */
export const decayShape = {
  /** Each entry's points halve every this many days (default: no decay). */
  halfLifeDays: finite.gt(0, { message: 'Must be above 0' }).max(3650, { message: 'At most 3650 days' }).optional(),
  /** Only entries from the last this many days count (default: all). */
  withinDays: z.int().min(1).max(36500).optional(),
};

/** An engagement rule: points for each matching timeline entry, fading with age. */
export const engagementRuleSchema = z.strictObject({
  id: ruleIdSchema,
  label: requiredText(200).optional(),
  /** Points per matching entry, before decay. */
  points,
  match: engagementMatchSchema,
  ...decayShape,
  /** Counts only the most recent this many matching entries (default: all). */
  maxCount: z.int().min(1).max(1000).optional(),
});

/** An engagement rule. */
export type EngagementRule = z.output<typeof engagementRuleSchema>;

/** Limits on a group's total: it is raised to `floor` and lowered to `cap`. */
const groupLimits = {
  cap: finite.optional(),
  floor: finite.optional(),
};

function checkLimits(group: { cap?: number | undefined; floor?: number | undefined }, ctx: z.core.$RefinementCtx): void {
  if (group.cap !== undefined && group.floor !== undefined && group.floor > group.cap) {
    ctx.addIssue({ code: 'custom', path: ['floor'], message: 'floor must not be above cap' });
  }
}

/** A named grade and the lowest score that earns it. */
export const gradeSchema = z.strictObject({
  name: requiredText(32),
  min: finite.optional(),
});

/** A grade band. */
export type Grade = z.output<typeof gradeSchema>;

/**
 * Lead-scoring rules as data: fit rules on contact and company fields, engagement rules on the
 * timeline, a cap and floor per group, and grades from best to worst. The first grade whose `min`
 * the score reaches applies; the last grade has no `min` and takes every lower score.
 *
 * @example
 * const rules = scoringRulesSchema.parse({
 *   fit: { cap: 50, rules: [{ id: 'big-company', points: 20, when: { field: 'company.size', in: ['1001-5000', '5001+'] } }] },
 *   engagement: { rules: [{ id: 'meetings', points: 10, match: { types: ['meeting'] }, halfLifeDays: 30 }] },
 *   grades: [{ name: 'A', min: 50 }, { name: 'B', min: 20 }, { name: 'C' }],
 * });
 */
export const scoringRulesSchema = z
  .strictObject({
    fit: z.strictObject({ ...groupLimits, rules: z.array(fitRuleSchema).max(200) }).superRefine(checkLimits),
    engagement: z.strictObject({ ...groupLimits, rules: z.array(engagementRuleSchema).max(200) }).superRefine(checkLimits),
    grades: z.array(gradeSchema).min(1).max(10),
    /** More web-mail domains for `freeMail` conditions, on top of the built-in list. */
    freeMailDomains: z.array(requiredText(253).transform((d) => d.toLowerCase())).max(1000).optional(),
  })
  .superRefine((rules, ctx) => {
    const seen = new Map<string, string>();
    for (const group of ['fit', 'engagement'] as const) {
      rules[group].rules.forEach((rule, index) => {
        if (/^(fit|engagement)\.(cap|floor)$/.test(rule.id)) {
          ctx.addIssue({ code: 'custom', path: [group, 'rules', index, 'id'], message: 'This id names a group limit in scores; choose another' });
        }
        if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [group, 'rules', index, 'id'], message: `Another rule is already called "${rule.id}"` });
        seen.set(rule.id, group);
      });
    }
    const names = new Set<string>();
    rules.grades.forEach((grade, index) => {
      const last = index === rules.grades.length - 1;
      if (names.has(grade.name)) ctx.addIssue({ code: 'custom', path: ['grades', index, 'name'], message: `Another grade is already called "${grade.name}"` });
      names.add(grade.name);
      if (last && grade.min !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['grades', index, 'min'], message: 'The last grade takes every lower score; leave out its min' });
      }
      if (!last && grade.min === undefined) ctx.addIssue({ code: 'custom', path: ['grades', index, 'min'], message: 'Every grade but the last needs a min' });
      const previous = rules.grades[index - 1]?.min;
      if (grade.min !== undefined && previous !== undefined && grade.min >= previous) {
        ctx.addIssue({ code: 'custom', path: ['grades', index, 'min'], message: 'Grades go from best to worst: each min must be below the one before' });
      }
    });
  });

/** Lead-scoring rules, as `createCrm({ scoring: { rules } })` and `computeScore` take them. */
export type ScoringRules = z.output<typeof scoringRulesSchema>;
/** Lead-scoring rules as written (before defaults and normalisation). */
export type ScoringRulesInput = z.input<typeof scoringRulesSchema>;
