import { ValidationError } from '../errors.js';
import { idSchema } from '../schema/common.schema.js';
import { z } from '../schema/zod.js';
import { featureSchema, type Feature } from './feature.schema.js';
import { rocAuc } from './predictive/auc.js';
import { fitLogisticRegression, predictLogit } from './predictive/logistic-regression.js';
import type { PredictiveModel } from './predictive/predictive-model.schema.js';
import { fitScaling, standardizeRows } from './predictive/standardize.js';
import { stratifiedSplit } from './predictive/stratified-split.js';
import type { TrainingExample } from './training-set.js';

/** What `crm.scoring.train` accepts; every setting has a default. */
export const trainOptionsSchema = z
  .strictObject({
    /** The model's inputs (default: one per scoring rule). Names must be unique. */
    features: z
      .array(featureSchema)
      .min(1)
      .max(200)
      .superRefine((features, ctx) => {
        const seen = new Set<string>();
        features.forEach((f, i) => {
          if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Another feature is already called "${f.name}"` });
          seen.add(f.name);
        });
      })
      .optional(),
    /** Learn only from the closed deals of this pipeline. */
    pipelineId: idSchema.optional(),
    /** Seeds the holdout split: the same data and seed give the same model. */
    seed: z.int().min(0).max(2 ** 31 - 1).default(1),
    /** The share of examples held out to measure AUC. */
    holdoutFraction: z.number().min(0.05).max(0.5).default(0.25),
    iterations: z.int().min(1).max(10_000).default(500),
    learningRate: z.number().gt(0).max(10).default(0.5),
    /** L2 penalty on the weights; keeps them small when data is scarce. */
    l2: z.number().min(0).max(100).default(0.01),
    /** Refuse to train on fewer examples than this. */
    minExamples: z.int().min(4).max(1_000_000).default(20),
    /** Refuse to train unless each class (won, lost) has at least this many examples. */
    minPerClass: z.int().min(2).max(1_000_000).default(5),
    signal: z.custom<AbortSignal>((value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal, { message: 'Must be an AbortSignal' }).optional(),
  })
  // Parsed, not copied, so that leaving the options out still fills every default.
  .prefault({});

/** What `crm.scoring.train` accepts. */
export type TrainOptions = z.input<typeof trainOptionsSchema>;
type ParsedTrainOptions = z.output<typeof trainOptionsSchema>;

function refuse(message: string): ValidationError {
  return new ValidationError('Not enough data to train a model', [{ path: ['examples'], message, code: 'insufficient_data' }]);
}

/**
 * Fits a logistic regression to training examples, deterministically for a seed: a stratified
 * holdout measures AUC, then the model is fitted on the training part. Refuses with a
 * `ValidationError` (path `examples`) when there is too little data or only one class.
 */
export function trainModel(examples: readonly TrainingExample[], features: readonly Feature[], options: ParsedTrainOptions, trainedAt: string): PredictiveModel {
  const labels = examples.map((e) => e.label);
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const found = `${examples.length} examples (contacts of closed deals: ${positives} won, ${negatives} lost)`;
  if (positives === 0 || negatives === 0) {
    throw refuse(`Found ${found}; a model needs both won and lost deals to learn the difference`);
  }
  if (examples.length < options.minExamples || Math.min(positives, negatives) < options.minPerClass) {
    throw refuse(`Found ${found}; training needs at least ${options.minExamples}, with ${options.minPerClass} of each`);
  }

  const { train, holdout } = stratifiedSplit(labels, options.holdoutFraction, options.seed);
  const trainRows = train.map((i) => (examples[i] as TrainingExample).values);
  const scaling = fitScaling(trainRows);
  const fit = fitLogisticRegression(standardizeRows(trainRows, scaling), train.map((i) => labels[i] as 0 | 1), options);
  const holdoutScores = standardizeRows(holdout.map((i) => (examples[i] as TrainingExample).values), scaling).map((row) => predictLogit(fit.weights, fit.intercept, row));
  const auc = rocAuc(holdoutScores, holdout.map((i) => labels[i] as 0 | 1));

  return {
    format: 'rapport.logistic-regression',
    version: 1,
    features: [...features],
    scaling,
    weights: fit.weights,
    intercept: fit.intercept,
    trainedAt,
    metrics: { auc, trainingExamples: train.length, holdoutExamples: holdout.length, positives, negatives },
    options: { seed: options.seed, iterations: options.iterations, learningRate: options.learningRate, l2: options.l2, holdoutFraction: options.holdoutFraction },
  };
}
