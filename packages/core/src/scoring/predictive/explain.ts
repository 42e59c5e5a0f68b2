import { predictLogit, sigmoid } from './logistic-regression.js';
import type { PredictiveModel } from './predictive-model.schema.js';
import { standardize } from './standardize.js';

/** How much one feature moved a prediction. */
export interface FeatureContribution {
  /** The feature's name. */
  readonly feature: string;
  /** The feature's raw value, before scaling. */
  readonly value: number;
  /** The log-odds it added (negative: it lowered the probability): weight × standardized value. */
  readonly contribution: number;
}

/** A prediction with the reasons for it. */
export interface PredictionExplanation {
  /** The predicted probability of winning, `sigmoid(logit)`. */
  readonly probability: number;
  /** The predicted log-odds: `intercept` plus every contribution. */
  readonly logit: number;
  /** The log-odds of an average contact (all standardized features 0). */
  readonly intercept: number;
  /** One entry per feature, the largest effect (either way) first, then by name. */
  readonly contributions: FeatureContribution[];
}

/**
 * Predicts for one set of feature values and says how much each feature pushed the prediction
 * up or down, in log-odds, so that a score can be explained to the person who sees it.
 *
 * Log-odds are used because they add up: the intercept plus the contributions is the logit,
 * whereas shares of a probability do not add.
 *
 * @example
 * const { probability, contributions } = explainPrediction(model, [3, 0, 1]);
 * // contributions[0] is the feature that mattered most for this contact
 */
export function explainPrediction(
  model: Pick<PredictiveModel, 'features' | 'scaling' | 'weights' | 'intercept'>,
  values: readonly number[],
): PredictionExplanation {
  if (values.length !== model.features.length) {
    throw new RangeError(`Invalid feature values: ${values.length} values, expected ${model.features.length}`);
  }
  const standardized = standardize(values, model.scaling);
  const logit = predictLogit(model.weights, model.intercept, standardized);
  const contributions = model.features.map((feature, j) => ({
    feature: feature.name,
    value: values[j] as number,
    contribution: (model.weights[j] as number) * (standardized[j] as number),
  }));
  // Names compare by code unit, not locale, so that the order is the same on every machine.
  contributions.sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0),
  );
  return { probability: sigmoid(logit), logit, intercept: model.intercept, contributions };
}
