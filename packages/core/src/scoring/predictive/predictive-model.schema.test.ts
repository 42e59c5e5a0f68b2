import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors.js';
import { parsePredictiveModel, type PredictiveModel } from './predictive-model.schema.js';

/** A feature that reads a numeric custom field; the kind does not matter to these tests. */
function feature(name: string) {
  return { name, kind: 'number' as const, field: `contact.customFields.${name}` };
}

function model(): PredictiveModel {
  return {
    format: 'rapport.logistic-regression',
    version: 1,
    features: [feature('emailsOpened'), { name: 'isCustomer', kind: 'condition', when: { field: 'contact.lifecycleStage', equals: 'customer' } }],
    scaling: [
      { mean: 3.25, std: 1.5 },
      { mean: 120, std: 1 },
    ],
    weights: [0.8123456789012345, -0.1],
    intercept: -0.4,
    trainedAt: '2026-05-01T08:00:00.000Z',
    metrics: { auc: 0.81, trainingExamples: 160, holdoutExamples: 40, positives: 90, negatives: 110 },
    options: { seed: 42, iterations: 500, learningRate: 0.5, l2: 0.01, holdoutFraction: 0.2 },
  };
}

/** The paths of the issues a refusal names, joined for easy comparison. */
function refusalPaths(input: unknown): string[] {
  try {
    parsePredictiveModel(input);
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.issues.map((issue) => issue.path.join('.'));
  }
  assert.fail('expected a ValidationError');
}

describe('parsePredictiveModel', () => {
  it('reads back exactly what JSON.stringify wrote, from a string or an object', () => {
    const original = model();
    assert.deepEqual(parsePredictiveModel(JSON.stringify(original)), original);
    assert.deepEqual(parsePredictiveModel(JSON.parse(JSON.stringify(original))), original);
  });

  it('accepts a null AUC and no features', () => {
    const empty = { ...model(), features: [], scaling: [], weights: [], metrics: { ...model().metrics, auc: null } };
    assert.deepEqual(parsePredictiveModel(JSON.stringify(empty)), empty);
  });

  it('names the weights when there is not one weight per feature', () => {
    assert.deepEqual(refusalPaths({ ...model(), weights: [1] }), ['weights']);
  });

  it('names the scaling when there is not one entry per feature', () => {
    assert.deepEqual(refusalPaths({ ...model(), scaling: [{ mean: 0, std: 1 }] }), ['scaling']);
  });

  it('names a duplicate feature name', () => {
    assert.deepEqual(refusalPaths({ ...model(), features: [feature('a'), feature('a')] }), ['features.1.name']);
  });

  it('names each malformed field', () => {
    assert.deepEqual(refusalPaths({ ...model(), metrics: { ...model().metrics, auc: 2 } }), ['metrics.auc']);
    assert.deepEqual(refusalPaths({ ...model(), scaling: [{ mean: 0, std: 0 }, { mean: 0, std: 1 }] }), ['scaling.0.std']);
    assert.deepEqual(refusalPaths({ ...model(), version: 2 }), ['version']);
    assert.deepEqual(refusalPaths({ ...model(), format: 'other' }), ['format']);
    assert.deepEqual(refusalPaths({ ...model(), trainedAt: 'yesterday' }), ['trainedAt']);
    assert.deepEqual(refusalPaths({ ...model(), extra: true }), ['extra']);
    assert.deepEqual(refusalPaths({ ...model(), features: [{ ...feature('a'), name: '' }, feature('b')] }), ['features.0.name']);
  });

  it('refuses a string that is not JSON with a ValidationError', () => {
    assert.throws(() => parsePredictiveModel('{"format": '), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.issues[0]?.code, 'invalid_json');
      assert.ok(error.cause instanceof SyntaxError);
      return true;
    });
    assert.deepEqual(refusalPaths('null'), ['']);
  });
});
