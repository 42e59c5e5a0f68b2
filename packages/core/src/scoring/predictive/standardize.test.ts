import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fitScaling, standardize, standardizeRows } from './standardize.js';

describe('fitScaling and standardize', () => {
  it('uses the population standard deviation', () => {
    assert.deepEqual(fitScaling([[1], [3]]), [{ mean: 2, std: 1 }]);
    assert.deepEqual(standardize([4], [{ mean: 2, std: 1 }]), [2]);
  });

  it('scales a constant feature by 1, so that it standardizes to exactly 0', () => {
    const rows = [[0.1, 1], [0.1, 2], [0.1, 3]];
    const scaling = fitScaling(rows);
    assert.deepEqual(scaling[0], { mean: 0.1, std: 1 });
    for (const row of standardizeRows(rows, scaling)) assert.equal(row[0], 0);
  });

  it('gives training columns mean 0 and standard deviation 1', () => {
    // Values with two decimals, as counts and amounts are: squares of values near 1e-162 underflow
    // to 0, and such a column is then (rightly, for a model) treated as constant.
    const value = fc.integer({ min: -1e8, max: 1e8 }).map((cents) => cents / 100);
    const row = fc.array(value, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 50 }), (rows) => {
        const scaling = fitScaling(rows);
        const z = standardizeRows(rows, scaling);
        for (let j = 0; j < 3; j++) {
          const column = z.map((r) => r[j] as number);
          const mean = column.reduce((a, b) => a + b, 0) / column.length;
          const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
          assert.ok(Math.abs(mean) < 1e-6, `mean ${mean}`);
          // 1 for a varying column, 0 for a constant one.
          assert.ok(Math.abs(variance - 1) < 1e-6 || variance === 0, `variance ${variance}`);
        }
      }),
    );
  });

  it('refuses a row of the wrong width', () => {
    assert.throws(() => fitScaling([[1, 2], [3]]), RangeError);
    assert.throws(() => standardize([1], [{ mean: 0, std: 1 }, { mean: 0, std: 1 }]), RangeError);
  });
});
