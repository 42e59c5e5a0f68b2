import { z } from '../schema/zod.js';
import { scoreConditionSchema, decayShape, engagementMatchSchema, scoreFieldSchema } from './scoring-rules.schema.js';

const featureName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'Must be 1 to 64 letters, digits, _ . : -' });

/**
 * One input of the predictive model, declared as data: `condition` is 1 when a fit condition
 * holds and 0 otherwise; `number` reads a numeric field (such as a custom field) and uses
 * `missing` (default 0) when it has no number; `activity` counts matching timeline entries,
 * decayed like an engagement rule, as log(1 + count) so a flood of emails does not swamp it.
 */
export const featureSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ name: featureName, kind: z.literal('condition'), when: scoreConditionSchema }),
    z.strictObject({ name: featureName, kind: z.literal('number'), field: scoreFieldSchema, missing: z.number().finite().optional() }),
    z.strictObject({ name: featureName, kind: z.literal('activity'), match: engagementMatchSchema, ...decayShape }),
  ],
  { message: 'Must be a feature with kind condition, number or activity' },
);

/** One declared input of the predictive model. */
export type Feature = z.output<typeof featureSchema>;
