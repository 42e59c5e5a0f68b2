/** How long and how hard {@link fitLogisticRegression} trains. */
export interface LogisticRegressionOptions {
  /** How many gradient steps to take (each is one pass over all rows). */
  readonly iterations: number;
  /** The first step size; halved whenever a step would raise the loss. */
  readonly learningRate: number;
  /** The L2 penalty on the weights (not on the intercept): the loss adds `l2 / 2 × Σ w²`. */
  readonly l2: number;
}

/** A fitted logistic regression: one weight per (standardized) feature, an intercept, and its loss. */
export interface LogisticRegressionFit {
  /** Log-odds added per unit of each standardized feature, in the order of the row's columns. */
  readonly weights: number[];
  /** The log-odds of a row whose standardized features are all 0 (an average row). */
  readonly intercept: number;
  /** The penalised loss at the returned solution: mean log-loss plus `l2 / 2 × Σ w²`. */
  readonly loss: number;
}

/**
 * Turns log-odds into a probability, without overflow for large positive or negative inputs.
 *
 * @example
 * sigmoid(0); // 0.5
 */
export function sigmoid(logit: number): number {
  // exp of a non-positive number only: it can underflow to 0, which is harmless, but never overflow.
  if (logit >= 0) return 1 / (1 + Math.exp(-logit));
  const e = Math.exp(logit);
  return e / (1 + e);
}

/**
 * Computes the log-odds a model gives one standardized row: intercept plus weighted sum.
 *
 * @example
 * sigmoid(predictLogit(fit.weights, fit.intercept, standardize(values, scaling)));
 */
export function predictLogit(weights: readonly number[], intercept: number, row: readonly number[]): number {
  if (row.length !== weights.length) throw new RangeError(`Invalid feature row: ${row.length} values, expected ${weights.length}`);
  let logit = intercept;
  for (let j = 0; j < weights.length; j++) logit += (weights[j] as number) * (row[j] as number);
  return logit;
}

/**
 * Fits a logistic regression to labelled rows by full-batch gradient descent, deterministically
 * (same input, same output to the bit).
 *
 * Rows should be standardized (see `standardize.ts`): the step size then means the same thing
 * for every feature, and the weights are comparable as log-odds per standard deviation. Weights
 * start at 0 and the intercept at the training log-odds, where the intercept's gradient is
 * already 0. The loss minimised is the mean log-loss plus `l2 / 2 × Σ w²`.
 *
 * A step that would raise the loss is not taken, and the step size is halved instead: with
 * strongly correlated features a step size that suits standardized data can still overshoot,
 * and plain gradient descent would then diverge rather than merely slow down.
 *
 * @example
 * const fit = fitLogisticRegression(standardizeRows(rows, scaling), labels, { iterations: 500, learningRate: 0.5, l2: 0.01 });
 */
export function fitLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  options: LogisticRegressionOptions,
): LogisticRegressionFit {
  const { iterations, learningRate, l2 } = options;
  // Callers' bugs rather than user input (the service validates options and builds the rows),
  // but each would otherwise end in NaN weights without a word.
  if (rows.length === 0 || rows.length !== labels.length) {
    throw new RangeError(`Invalid training set: ${rows.length} rows and ${labels.length} labels`);
  }
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`Invalid iterations: ${iterations}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`Invalid learning rate: ${learningRate}`);
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new RangeError(`Invalid l2: ${l2}`);

  const n = rows.length;
  const d = (rows[0] as readonly number[]).length;
  // One flat, row-major typed array: the inner loops then run over contiguous doubles.
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as readonly number[];
    if (row.length !== d) throw new RangeError(`Invalid feature row ${i}: ${row.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) x[i * d + j] = row[j] as number;
    y[i] = labels[i] as number;
  }

  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] as number;
  // With one class missing the log-odds are infinite; half an example of each keeps the start finite.
  const p = positives > 0 && positives < n ? positives / n : (positives + 0.5) / (n + 1);

  const problem: Problem = { x, y, n, d, l2 };
  let current: Point = { weights: new Float64Array(d), intercept: Math.log(p / (1 - p)), gradient: new Float64Array(d), interceptGradient: 0 };
  let candidate: Point = { weights: new Float64Array(d), intercept: 0, gradient: new Float64Array(d), interceptGradient: 0 };
  let loss = evaluate(problem, current);
  let step = learningRate;
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let j = 0; j < d; j++) candidate.weights[j] = (current.weights[j] as number) - step * (current.gradient[j] as number);
    candidate.intercept = current.intercept - step * current.interceptGradient;
    const candidateLoss = evaluate(problem, candidate);
    // `<=` rather than `<`: near the optimum rounding makes equal losses common, and those steps are fine.
    if (candidateLoss <= loss) {
      [current, candidate] = [candidate, current];
      loss = candidateLoss;
    } else {
      step /= 2;
    }
  }
  return { weights: Array.from(current.weights), intercept: current.intercept, loss };
}

interface Problem {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly l2: number;
}

/** Parameters, and the loss gradient at them once {@link evaluate} has run. */
interface Point {
  readonly weights: Float64Array;
  intercept: number;
  readonly gradient: Float64Array;
  interceptGradient: number;
}

/** The penalised loss at `point`, writing its gradient into `point` in the same pass over the rows. */
function evaluate({ x, y, n, d, l2 }: Problem, point: Point): number {
  const { weights, gradient } = point;
  gradient.fill(0);
  let interceptGradient = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    let z = point.intercept;
    for (let j = 0; j < d; j++) z += (weights[j] as number) * (x[offset + j] as number);
    // Both the loss and the probability from one exp(−|z|), which never overflows:
    // −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z), softplus(t) = max(t, 0) + log1p(exp(−|t|)).
    const e = Math.exp(-Math.abs(z));
    const probability = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const label = y[i] as number;
    logLoss += Math.log1p(e) + (label === 1 ? Math.max(-z, 0) : Math.max(z, 0));
    const residual = probability - label;
    interceptGradient += residual;
    for (let j = 0; j < d; j++) gradient[j] = (gradient[j] as number) + residual * (x[offset + j] as number);
  }
  let penalty = 0;
  for (let j = 0; j < d; j++) {
    const w = weights[j] as number;
    penalty += w * w;
    gradient[j] = (gradient[j] as number) / n + l2 * w;
  }
  point.interceptGradient = interceptGradient / n;
  return logLoss / n + (l2 / 2) * penalty;
}
