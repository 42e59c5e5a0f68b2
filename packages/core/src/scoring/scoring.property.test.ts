import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  anyJunk,
  badId,
  badInt,
  junkForCreate,
  junkWhereEmptyIsValid,
  unknownField,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, expectRefusal, seededWorkspace } from '../testing-support/refusal.test-support.js';
import { scoreAllOptionsSchema } from './scoring.js';

/** How to get every option of scoreAll wrong (`null` is added by junkForCreate: none may be null). */
const scoreAllFields: Record<string, FieldJunk> = {
  onProgress: { junk: anyJunk.filter((v) => typeof v !== 'function' && v !== undefined) },
  signal: { junk: anyJunk.filter((v) => !(v instanceof AbortSignal) && v !== undefined) },
  batchSize: { junk: badInt({ min: 1, max: 1000 }) },
};

/** Valid options to plant one piece of junk in. */
const validOptions = fc.record({ batchSize: fc.integer({ min: 1, max: 1000 }), onProgress: fc.constant(() => {}) }, { requiredKeys: [] });

describe('scoring: malformed options are refused and nothing is written', () => {
  it('the junk table covers every option scoreAll has', () => {
    const shape = (scoreAllOptionsSchema.unwrap() as unknown as { shape: Record<string, unknown> }).shape;
    assert.deepEqual(Object.keys(shape).sort(), Object.keys(scoreAllFields).sort());
  });

  it('scoreAll names the one option that is wrong, or the one it does not know', async () => {
    // The workspace's contacts have no score yet, so a scoreAll that ran would write.
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(validOptions, fc.oneof(junkForCreate(scoreAllFields), unknownField(Object.keys(scoreAllFields))), (options, { field, value }) =>
        expectRefusal(crm, () => crm.scoring.scoreAll(withField(options, field, value) as never), { code: 'validation', path: [field] }),
      ),
      100,
    );
  });

  it('scoreAll refuses options that are not an options object at all', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(
        junkWhereEmptyIsValid.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        (junk) => expectRefusal(crm, () => crm.scoring.scoreAll(junk as never), { code: 'validation', path: [] }),
      ),
      50,
    );
  });

  it('score and rescore name the id when it is not one', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(badId, async (id) => {
        await expectRefusal(crm, () => crm.scoring.score(id as never), { code: 'validation', path: ['id'] });
        await expectRefusal(crm, () => crm.scoring.rescore(id as never), { code: 'validation', path: ['id'] });
      }),
      50,
    );
  });

  it('score and rescore of a contact that is not there, or deleted, is not_found and writes nothing', async () => {
    const { crm, gone } = await seededWorkspace();
    await check(
      fc.asyncProperty(fc.oneof(fc.uuid({ version: 7 }), fc.constant(gone.id)), async (id) => {
        await expectRefusal(crm, () => crm.scoring.score(id), { code: 'not_found' });
        await expectRefusal(crm, () => crm.scoring.rescore(id), { code: 'not_found' });
      }),
      30,
    );
  });

  it("score names the read option that is wrong", async () => {
    const { crm, ann } = await seededWorkspace();
    const readFields: Record<string, FieldJunk> = {
      signal: { junk: anyJunk.filter((v) => !(v instanceof AbortSignal) && v !== undefined) },
      includeDeleted: { junk: anyJunk.filter((v) => typeof v !== 'boolean' && v !== undefined) },
    };
    await check(
      fc.asyncProperty(fc.oneof(junkForCreate(readFields), unknownField(Object.keys(readFields))), ({ field, value }) =>
        expectRefusal(crm, () => crm.scoring.score(ann.id, withField({}, field, value) as never), { code: 'validation', path: [field] }),
      ),
      50,
    );
  });
});
