import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stratifiedSplit } from './stratified-split.js';

const labels = fc.array(fc.constantFrom<0 | 1>(0, 1), { maxLength: 200 });
const fraction = fc.double({ min: 0.01, max: 0.99, noNaN: true });
const seed = fc.integer();

describe('stratifiedSplit', () => {
  it('gives the same split for the same seed', () => {
    fc.assert(
      fc.property(labels, fraction, seed, (ls, f, s) => {
        assert.deepEqual(stratifiedSplit(ls, f, s), stratifiedSplit(ls, f, s));
      }),
    );
  });

  it('gives a different split for a different seed', () => {
    const ls = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 0) as 0 | 1);
    const a = stratifiedSplit(ls, 0.3, 1);
    const b = stratifiedSplit(ls, 0.3, 2);
    assert.notDeepEqual(a.holdout, b.holdout);
    assert.equal(a.holdout.length, b.holdout.length);
  });

  it('uses every index exactly once, in ascending order', () => {
    fc.assert(
      fc.property(labels, fraction, seed, (ls, f, s) => {
        const { train, holdout } = stratifiedSplit(ls, f, s);
        assert.deepEqual([...train, ...holdout].sort((a, b) => a - b), ls.map((_, i) => i));
        assert.deepEqual(train, [...train].sort((a, b) => a - b));
        assert.deepEqual(holdout, [...holdout].sort((a, b) => a - b));
      }),
    );
  });

  it('holds out round(size × fraction) of each class, at least one, leaving one to train on', () => {
    fc.assert(
      fc.property(labels, fraction, seed, (ls, f, s) => {
        const { train, holdout } = stratifiedSplit(ls, f, s);
        for (const label of [0, 1]) {
          const size = ls.filter((l) => l === label).length;
          const held = holdout.filter((i) => ls[i] === label).length;
          const kept = train.filter((i) => ls[i] === label).length;
          if (size >= 2) {
            assert.equal(held, Math.min(size - 1, Math.max(1, Math.round(size * f))));
            assert.ok(held >= 1 && kept >= 1);
          } else {
            // A lone member is kept for training: the model must see each class.
            assert.equal(held, 0);
            assert.equal(kept, size);
          }
        }
      }),
    );
  });

  it('keeps the class balance in the holdout', () => {
    const ls = Array.from({ length: 1000 }, (_, i) => (i < 100 ? 1 : 0) as 0 | 1);
    const { holdout } = stratifiedSplit(ls, 0.2, 7);
    assert.equal(holdout.filter((i) => ls[i] === 1).length, 20);
    assert.equal(holdout.filter((i) => ls[i] === 0).length, 180);
  });

  it('refuses a fraction outside (0, 1)', () => {
    for (const f of [0, 1, -0.1, Number.NaN]) assert.throws(() => stratifiedSplit([0, 1], f, 1), RangeError);
  });
});
