import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../seed/random.js';
import { rocAuc } from './auc.js';
import { fitLogisticRegression, predictLogit, sigmoid } from './logistic-regression.js';
import { fitScaling, standardizeRows } from './standardize.js';

/** A standard normal draw (Box–Muller); `1 − u` keeps log away from 0. */
function gaussian(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.float())) * Math.cos(2 * Math.PI * random.float());
}

/** Rows of independent standard normals, labelled by sampling from a known logistic model. */
function sample(seed: number, n: number, weights: readonly number[], intercept: number): { rows: number[][]; labels: (0 | 1)[] } {
  const random = new SeededRandom(seed);
  const rows: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const row = weights.map(() => gaussian(random));
    rows.push(row);
    labels.push(random.chance(sigmoid(predictLogit(weights, intercept, row))) ? 1 : 0);
  }
  return { rows, labels };
}

/** The gradient of the penalised loss, written out plainly, independently of the fitting code. */
function gradient(rows: number[][], labels: (0 | 1)[], weights: number[], intercept: number, l2: number): number[] {
  const g = new Array<number>(weights.length + 1).fill(0);
  rows.forEach((row, i) => {
    const residual = sigmoid(predictLogit(weights, intercept, row)) - (labels[i] as number);
    row.forEach((x, j) => (g[j] = (g[j] as number) + (residual * x) / rows.length));
    g[weights.length] = (g[weights.length] as number) + residual / rows.length;
  });
  return g.map((v, j) => (j < weights.length ? v + l2 * (weights[j] as number) : v));
}

const norm = (v: readonly number[]) => Math.hypot(...v);

describe('sigmoid', () => {
  it('is 0.5 at 0, symmetric, and finite far out', () => {
    assert.equal(sigmoid(0), 0.5);
    assert.ok(Math.abs(sigmoid(2) + sigmoid(-2) - 1) < 1e-15);
    assert.equal(sigmoid(1000), 1);
    assert.equal(sigmoid(-1000), 0);
  });
});

describe('fitLogisticRegression', () => {
  it('on separable 1-D data, gives a positive weight and ranks every positive first', () => {
    const xs = [-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2];
    const labels = xs.map((x) => (x > 0 ? 1 : 0) as 0 | 1);
    const fit = fitLogisticRegression(xs.map((x) => [x]), labels, { iterations: 300, learningRate: 1, l2: 0.01 });
    assert.ok((fit.weights[0] as number) > 0);
    const scores = xs.map((x) => predictLogit(fit.weights, fit.intercept, [x]));
    assert.equal(rocAuc(scores, labels), 1);

    const flipped = fitLogisticRegression(xs.map((x) => [-x]), labels, { iterations: 300, learningRate: 1, l2: 0.01 });
    assert.ok((flipped.weights[0] as number) < 0);
  });

  it('recovers the weights of the model that generated the data', () => {
    const trueWeights = [1.5, -1, 0.5];
    const trueIntercept = -0.3;
    const { rows, labels } = sample(11, 4000, trueWeights, trueIntercept);
    const fit = fitLogisticRegression(rows, labels, { iterations: 1000, learningRate: 1, l2: 0 });
    // With 4000 rows the maximum-likelihood estimates have a standard error of about 0.04–0.06
    // (the inverse Fisher information, sqrt(1 / (n · E[p(1−p)x²])) with E[p(1−p)] ≈ 0.13–0.15 here).
    // 0.25 is over four standard errors: a wrong sign, scale or feature order fails; sampling noise does not.
    [...fit.weights, fit.intercept].forEach((w, j) => {
      const expected = [...trueWeights, trueIntercept][j] as number;
      assert.ok(Math.abs(w - expected) < 0.25, `parameter ${j}: ${w} vs ${expected}`);
    });
  });

  it('converges: the gradient of the penalised loss is near zero at the solution', () => {
    const { rows, labels } = sample(5, 2000, [0.8, -0.4, 0, 1.2], 0.5);
    const x = standardizeRows(rows, fitScaling(rows));
    const l2 = 0.01;
    const fit = fitLogisticRegression(x, labels, { iterations: 500, learningRate: 1, l2 });
    const g = gradient(x, labels, fit.weights, fit.intercept, l2);
    assert.ok(norm(g) < 1e-6, `gradient norm ${norm(g)}`);
  });

  it('still converges when the learning rate is far too large for correlated features', () => {
    // Two near-copies of one feature double the curvature along their sum; 50 would diverge unchecked.
    const { rows: base, labels } = sample(3, 1000, [1], 0);
    const random = new SeededRandom(4);
    const rows = base.map(([v]) => [v as number, (v as number) + 0.1 * gaussian(random), v as number]);
    const x = standardizeRows(rows, fitScaling(rows));
    const fit = fitLogisticRegression(x, labels, { iterations: 2000, learningRate: 50, l2: 0.01 });
    assert.ok(Number.isFinite(fit.loss));
    const g = gradient(x, labels, fit.weights, fit.intercept, 0.01);
    assert.ok(norm(g) < 1e-4, `gradient norm ${norm(g)}`);
  });

  it('reports the penalised loss at the returned solution', () => {
    const { rows, labels } = sample(8, 300, [1, -1], 0);
    const l2 = 0.1;
    const fit = fitLogisticRegression(rows, labels, { iterations: 50, learningRate: 0.5, l2 });
    let logLoss = 0;
    rows.forEach((row, i) => {
      const p = sigmoid(predictLogit(fit.weights, fit.intercept, row));
      logLoss -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    });
    const expected = logLoss / rows.length + (l2 / 2) * norm(fit.weights) ** 2;
    assert.ok(Math.abs(fit.loss - expected) < 1e-12, `${fit.loss} vs ${expected}`);
  });

  it('shrinks the weights as l2 grows', () => {
    const { rows, labels } = sample(9, 1000, [2, -1, 0.5], 0);
    const options = { iterations: 500, learningRate: 1 };
    const sizes = [0, 0.1, 1].map((l2) => norm(fitLogisticRegression(rows, labels, { ...options, l2 }).weights));
    assert.ok(sizes[0]! > sizes[1]! && sizes[1]! > sizes[2]!, `weight norms ${sizes.join(', ')}`);
  });

  it('gives identical output for identical input', () => {
    const { rows, labels } = sample(10, 500, [1, 2], -1);
    const options = { iterations: 200, learningRate: 0.7, l2: 0.05 };
    assert.deepEqual(fitLogisticRegression(rows, labels, options), fitLogisticRegression(rows, labels, options));
  });

  it('stays finite with a single class', () => {
    const fit = fitLogisticRegression([[1], [2], [3]], [1, 1, 1], { iterations: 100, learningRate: 1, l2: 0 });
    assert.ok(Number.isFinite(fit.intercept) && Number.isFinite(fit.loss) && fit.weights.every(Number.isFinite));
  });

  it('refuses ragged rows, mismatched labels and bad options', () => {
    const options = { iterations: 10, learningRate: 1, l2: 0 };
    assert.throws(() => fitLogisticRegression([[1, 2], [3]], [0, 1], options), RangeError);
    assert.throws(() => fitLogisticRegression([[1]], [0, 1], options), RangeError);
    assert.throws(() => fitLogisticRegression([], [], options), RangeError);
    assert.throws(() => fitLogisticRegression([[1]], [0], { ...options, learningRate: 0 }), RangeError);
    assert.throws(() => fitLogisticRegression([[1]], [0], { ...options, l2: -1 }), RangeError);
    assert.throws(() => fitLogisticRegression([[1]], [0], { ...options, iterations: 1.5 }), RangeError);
  });
});
