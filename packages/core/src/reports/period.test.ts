import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketKey, bucketNumber, bucketStart, lastBucketBefore } from './buckets.js';
import { dateBounds, periodBoundSchema } from './period.js';

describe('periods', () => {
  it('read a date as its midnight UTC and a date-time in UTC', () => {
    assert.equal(periodBoundSchema.parse('2026-05-01'), '2026-05-01T00:00:00.000Z');
    assert.equal(periodBoundSchema.parse('2026-05-01T08:00:00+02:00'), '2026-05-01T06:00:00.000Z');
    assert.equal(periodBoundSchema.parse(new Date('2026-05-01T06:00:00Z')), '2026-05-01T06:00:00.000Z');
  });

  it('refuse what is neither, and years that would not sort', () => {
    for (const bad of ['2026-02-30', 'May 1', '2026-05-01T08:00:00', 20260501, new Date(Number.NaN), new Date('+020000-01-01T00:00:00Z')]) {
      assert.equal(periodBoundSchema.safeParse(bad).success, false, String(bad));
    }
  });

  it('turn into calendar dates whose midnight falls in the period', () => {
    assert.deepEqual(dateBounds({ from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' }), { from: '2026-05-01', to: '2026-06-01' });
    // 05-01 at midnight is before 12:00, so the first date in is 05-02; 06-01 at midnight is before 06-01 12:00, so it is in.
    assert.deepEqual(dateBounds({ from: '2026-05-01T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z' }), { from: '2026-05-02', to: '2026-06-02' });
    assert.deepEqual(dateBounds({ to: '2026-12-31T23:59:59.999Z' }), { from: undefined, to: '2027-01-01' });
  });
});

describe('buckets', () => {
  it('number months and quarters consecutively across years', () => {
    assert.equal(bucketNumber('2027-01-15', 'month') - bucketNumber('2026-12-31T23:00:00.000Z', 'month'), 1);
    assert.equal(bucketNumber('2027-01-01', 'quarter') - bucketNumber('2026-12-01', 'quarter'), 1);
    assert.equal(bucketNumber('2026-10-01', 'quarter'), bucketNumber('2026-12-31', 'quarter'));
  });

  it('name buckets and their first days', () => {
    const q4 = bucketNumber('2026-11-15', 'quarter');
    assert.deepEqual([bucketKey(q4, 'quarter'), bucketStart(q4, 'quarter'), bucketStart(q4 + 1, 'quarter')], ['2026-Q4', '2026-10-01', '2027-01-01']);
    const november = bucketNumber('2026-11-15', 'month');
    assert.deepEqual([bucketKey(november, 'month'), bucketStart(november, 'month'), bucketStart(november + 1, 'month')], ['2026-11', '2026-11-01', '2026-12-01']);
  });

  it('end a period at the bucket holding its last instant', () => {
    assert.equal(lastBucketBefore('2027-01-01T00:00:00.000Z', 'quarter'), bucketNumber('2026-12-31', 'quarter'));
    assert.equal(lastBucketBefore('2027-01-01T00:00:00.001Z', 'quarter'), bucketNumber('2027-01-01', 'quarter'));
    assert.equal(lastBucketBefore('2026-11-02T00:00:00.000Z', 'month'), bucketNumber('2026-11-01', 'month'));
  });
});
