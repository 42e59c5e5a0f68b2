import { ValidationError } from '../../errors.js';
import { z } from '../../schema/zod.js';
import { parseInput } from '../../validation.js';
import { featureSchema } from './feature.schema.js';

// zod 4's z.number() refuses Infinity and NaN, so every number below is finite without saying so.

/** The stored centring and scaling of one feature; see `standardize.ts`. */
const scalingSchema = z.strictObject({
  mean: z.number(),
  std: z.number().positive(),
});

/** How well the model did, and on how much data. */
const metricsSchema = z.strictObject({
  /** Null when the holdout lacked a class, so no AUC could be measured. */
  auc: z.number().min(0).max(1).nullable(),
  trainingExamples: z.int().min(1),
  holdoutExamples: z.int().min(0),
  positives: z.int().min(0),
  negatives: z.int().min(0),
});

/** The settings the model was trained with, so that training can be repeated exactly. */
const optionsSchema = z.strictObject({
  seed: z.int(),
  iterations: z.int().min(0),
  learningRate: z.number().positive(),
  l2: z.number().min(0),
  holdoutFraction: z.number().gt(0).lt(1),
});

/**
 * Validates the JSON form of a trained lead-scoring model, so that a stored or imported model is
 * checked before it scores anyone.
 *
 * Besides each field's shape, it checks that there is one scaling entry and one weight per
 * feature, and that feature names are unique (explanations are keyed by name).
 *
 * @example
 * const model = predictiveModelSchema.parse(JSON.parse(stored));
 */
export const predictiveModelSchema = z
  .strictObject({
    format: z.literal('rapport.logistic-regression'),
    version: z.literal(1),
    features: z.array(featureSchema),
    scaling: z.array(scalingSchema),
    weights: z.array(z.number()),
    intercept: z.number(),
    trainedAt: z.iso.datetime(),
    metrics: metricsSchema,
    options: optionsSchema,
  })
  .superRefine((model, ctx) => {
    const count = model.features.length;
    // Each mismatch is reported at the array that disagrees with the features, so the path names
    // the field to fix.
    if (model.weights.length !== count) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: `Must hold one weight per feature: ${model.weights.length} weights for ${count} features` });
    }
    if (model.scaling.length !== count) {
      ctx.addIssue({ code: 'custom', path: ['scaling'], message: `Must hold one entry per feature: ${model.scaling.length} entries for ${count} features` });
    }
    const seen = new Set<string>();
    model.features.forEach((feature, i) => {
      if (seen.has(feature.name)) ctx.addIssue({ code: 'custom', path: ['features', i, 'name'], message: `Duplicate feature name: ${feature.name}` });
      seen.add(feature.name);
    });
  });

/** A trained lead-scoring model in its JSON form: features, scaling, weights, metrics and settings. */
export type PredictiveModel = z.output<typeof predictiveModelSchema>;

/**
 * Reads a stored model back, from a parsed object or a JSON string, refusing anything malformed.
 *
 * @throws {ValidationError} when the string is not JSON or the model is malformed; each issue names the field.
 * @example
 * const model = parsePredictiveModel(localStorage.getItem('lead-model'));
 */
export function parsePredictiveModel(json: unknown): PredictiveModel {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ValidationError('Invalid predictive model', [{ path: [], message: `Not valid JSON: ${reason}`, code: 'invalid_json' }], { cause: error });
    }
  }
  return parseInput(predictiveModelSchema, input, 'predictive model');
}
