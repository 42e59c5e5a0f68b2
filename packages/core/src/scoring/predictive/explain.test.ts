import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { explainPrediction } from './explain.js';
import { sigmoid } from './logistic-regression.js';

/** A feature that reads a numeric custom field; the kind does not matter to an explanation. */
function feature(name: string) {
  return { name, kind: 'number' as const, field: `contact.customFields.${name}` };
}

const model = {
  features: [feature('meetings'), feature('emails'), feature('size')],
  scaling: [
    { mean: 2, std: 1 },
    { mean: 10, std: 5 },
    { mean: 50, std: 25 },
  ],
  weights: [1.2, -0.4, 0.05],
  intercept: -0.5,
};

describe('explainPrediction', () => {
  it('computes each contribution as weight × standardized value, largest first', () => {
    const explanation = explainPrediction(model, [4, 0, 75]);
    assert.deepEqual(explanation.contributions, [
      { feature: 'meetings', value: 4, contribution: 2.4 },
      { feature: 'emails', value: 0, contribution: 0.8 },
      { feature: 'size', value: 75, contribution: 0.05 },
    ]);
    assert.equal(explanation.intercept, -0.5);
  });

  it('breaks ties in size by feature name', () => {
    const tied = { ...model, weights: [1, 1, 1], scaling: model.scaling.map(() => ({ mean: 0, std: 1 })) };
    const names = explainPrediction({ ...tied, features: [feature('b'), feature('c'), feature('a')] }, [1, -1, 1]).contributions.map((c) => c.feature);
    assert.deepEqual(names, ['a', 'b', 'c']);
  });

  it('adds up: intercept plus contributions is the logit, and the probability is its sigmoid, inside (0, 1)', () => {
    fc.assert(
      // Up to 10 standard deviations from each mean, which keeps |logit| below 36: beyond that
      // sigmoid is 1 to double precision (see the next test).
      fc.property(fc.tuple(...model.scaling.map(({ mean, std }) => fc.double({ min: mean - 10 * std, max: mean + 10 * std, noNaN: true }))), (values) => {
        const { logit, intercept, probability, contributions } = explainPrediction(model, values);
        const sum = contributions.reduce((total, c) => total + c.contribution, intercept);
        assert.ok(Math.abs(sum - logit) < 1e-9, `${sum} vs ${logit}`);
        assert.equal(probability, sigmoid(logit));
        assert.ok(probability > 0 && probability < 1, `probability ${probability}`);
      }),
    );
  });

  it('stays within [0, 1] for extreme values, where doubles cannot hold a probability short of 1', () => {
    const high = explainPrediction(model, [1e6, 0, 0]);
    const low = explainPrediction(model, [-1e6, 0, 0]);
    assert.equal(high.probability, 1);
    assert.equal(low.probability, 0);
    assert.ok(Number.isFinite(high.logit) && Number.isFinite(low.logit));
  });

  it('refuses the wrong number of values', () => {
    assert.throws(() => explainPrediction(model, [1, 2]), RangeError);
  });
});
