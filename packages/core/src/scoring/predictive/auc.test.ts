import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rocAuc } from './auc.js';

/** The definition itself: the share of (positive, negative) pairs ranked right, ties counting half. */
function bruteForceAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  let pairs = 0;
  let wins = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((q, k) => {
      if (labels[k] !== 0) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

// Few distinct scores, so that ties are common.
const examples = fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.constantFrom<0 | 1>(0, 1)), { maxLength: 60 });

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]), 1);
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]), 0);
  });

  it('is 0.5 when every score ties', () => {
    assert.equal(rocAuc([3, 3, 3, 3, 3], [1, 0, 0, 1, 0]), 0.5);
  });

  it('matches a count over every pair', () => {
    fc.assert(
      fc.property(examples, (pairs) => {
        const scores = pairs.map(([s]) => s);
        const labels = pairs.map(([, l]) => l);
        const expected = bruteForceAuc(scores, labels);
        const actual = rocAuc(scores, labels);
        if (expected === null) assert.equal(actual, null);
        else assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);
      }),
    );
  });

  it('does not change under a strictly increasing transform of the scores', () => {
    fc.assert(
      fc.property(examples, (pairs) => {
        const scores = pairs.map(([s]) => s);
        const labels = pairs.map(([, l]) => l);
        assert.equal(rocAuc(scores.map((s) => Math.exp(s) * 3 - 1), labels), rocAuc(scores, labels));
      }),
    );
  });

  it('handles infinite scores', () => {
    assert.equal(rocAuc([Infinity, Infinity, -Infinity], [1, 0, 0]), 0.75);
  });

  it('is null when a class is missing', () => {
    assert.equal(rocAuc([0.1, 0.5], [1, 1]), null);
    assert.equal(rocAuc([0.1, 0.5], [0, 0]), null);
    assert.equal(rocAuc([], []), null);
  });

  it('refuses NaN scores and mismatched lengths', () => {
    assert.throws(() => rocAuc([Number.NaN, 1], [0, 1]), RangeError);
    assert.throws(() => rocAuc([1], [0, 1]), RangeError);
  });
});
