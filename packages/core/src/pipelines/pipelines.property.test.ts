import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pipelineInputSchema, stageKinds } from '../index.js';
import {
  anyJunk,
  badCurrency,
  badEnum,
  badId,
  badInt,
  badProbability,
  badRequiredText,
  currency,
  junkForCreate,
  junkForUpdate,
  junkWhereEmptyIsValid,
  name,
  notAList,
  notAnObject,
  unknownField,
  uuid,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, emptyCrm, expectRefusal, seededWorkspace } from '../testing-support/refusal.test-support.js';

/** How to get every field of a stage input wrong. */
const stageFields: Record<string, FieldJunk> = {
  id: { junk: badId, clearable: true },
  name: { junk: badRequiredText },
  probability: { junk: badProbability, clearable: true },
  rottingDays: { junk: badInt({ min: 1, max: 3650 }), clearable: true },
  kind: { junk: badEnum(stageKinds) },
};

/** An open stage, sometimes with a probability and rotting days. */
const openStage = fc.record(
  { name, probability: fc.double({ min: 0, max: 1, noNaN: true }), rottingDays: fc.integer({ min: 1, max: 3650 }) },
  { requiredKeys: ['name'] },
);

/** Stages a pipeline accepts: open ones with distinct names, then maybe a won and a lost one. */
const stages = fc
  .tuple(fc.array(openStage, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean())
  .map(([open, won, lost]) => [...open, ...(won ? [{ name: 'Won', kind: 'won' as const }] : []), ...(lost ? [{ name: 'Lost', kind: 'lost' as const }] : [])])
  .filter((list) => new Set(list.map((s) => s.name.trim().toLowerCase())).size === list.length);

const pipelineInput = fc.record({ name, currency, stages });

/** Stage lists that break a rule: not a list, empty, too long, a bad stage, or a broken pipeline rule. */
const badStages = fc.oneof(
  notAList,
  fc.constant([]),
  fc.constant(Array.from({ length: 51 }, (_, i) => ({ name: `Stage ${i}` }))),
  fc.tuple(stages, junkForCreate(stageFields)).map(([list, { field, value }]) => [...list, withField({ name: 'Extra' }, field, value)]),
  fc.tuple(stages, notAnObject).map(([list, junk]) => [...list, junk]),
  fc.constantFrom<unknown>(
    [{ name: 'New' }, { name: ' new ' }],
    [{ name: 'New' }, { name: 'Won', kind: 'won' }, { name: 'Won again', kind: 'won' }],
    [
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
    [{ name: 'New' }, { name: 'Won', kind: 'won', probability: 0.5 }],
    [{ name: 'New' }, { name: 'Lost', kind: 'lost', probability: 1 }],
    [
      { name: 'New', id: '01900000-0000-7000-8000-000000000001' },
      { name: 'Next', id: '01900000-0000-7000-8000-000000000001' },
    ],
  ),
);

const pipelineFields: Record<string, FieldJunk> = {
  name: { junk: badRequiredText },
  currency: { junk: badCurrency },
  stages: { junk: badStages },
};

describe('pipelines: malformed input is refused and nothing is written', () => {
  it('the junk tables cover every field of a pipeline and a stage input', () => {
    assert.deepEqual(Object.keys(pipelineInputSchema.shape).sort(), Object.keys(pipelineFields).sort());
    assert.deepEqual(Object.keys(pipelineInputSchema.shape.stages.element.shape).sort(), Object.keys(stageFields).sort());
  });

  it('create refuses anything that is not a pipeline input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.pipelines.create(junk as never), { code: 'validation' })));
  });

  it('create names the one field that is wrong (bad currencies and broken stage rules included)', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(pipelineInput, fc.oneof(junkForCreate(pipelineFields), unknownField(Object.keys(pipelineFields))), (input, { field, value }) =>
        expectRefusal(crm, () => crm.pipelines.create(withField(input, field, value) as never), { code: 'validation', path: [field] }),
      ),
      250,
    );
  });

  it('every id argument refuses what is not a UUID, naming the argument', async () => {
    const { crm, sales, qualified } = await seededWorkspace();
    const calls: Record<string, [string, (id: never) => unknown]> = {
      get: ['id', (id) => crm.pipelines.get(id)],
      update: ['id', (id) => crm.pipelines.update(id, { name: 'Sales 2' })],
      delete: ['id', (id) => crm.pipelines.delete(id)],
      addStage: ['pipelineId', (id) => crm.pipelines.addStage(id, { name: 'Demo' })],
      'updateStage pipeline': ['pipelineId', (id) => crm.pipelines.updateStage(id, qualified.id, { name: 'Demo' })],
      'updateStage stage': ['stageId', (id) => crm.pipelines.updateStage(sales.id, id, { name: 'Demo' })],
      'renameStage pipeline': ['pipelineId', (id) => crm.pipelines.renameStage(id, qualified.id, 'Demo')],
      'renameStage stage': ['stageId', (id) => crm.pipelines.renameStage(sales.id, id, 'Demo')],
      reorderStages: [
        'pipelineId',
        (id) =>
          crm.pipelines.reorderStages(
            id,
            sales.stages.map((s) => s.id),
          ),
      ],
      'removeStage pipeline': ['pipelineId', (id) => crm.pipelines.removeStage(id, qualified.id)],
      'removeStage stage': ['stageId', (id) => crm.pipelines.removeStage(sales.id, id)],
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badId, (method, id) => {
        const [field, call] = calls[method] as [string, (id: never) => unknown];
        return expectRefusal(crm, () => call(id as never), { code: 'validation', path: [field] });
      }),
      120,
    );
  });

  it('every method answers NotFoundError for a pipeline id nothing has', async () => {
    const { crm, qualified } = await seededWorkspace();
    const calls: Record<string, (id: string) => unknown> = {
      get: (id) => crm.pipelines.get(id),
      update: (id) => crm.pipelines.update(id, { name: 'Sales 2' }),
      delete: (id) => crm.pipelines.delete(id),
      addStage: (id) => crm.pipelines.addStage(id, { name: 'Demo' }),
      updateStage: (id) => crm.pipelines.updateStage(id, qualified.id, { name: 'Demo' }),
      renameStage: (id) => crm.pipelines.renameStage(id, qualified.id, 'Demo'),
      reorderStages: (id) => crm.pipelines.reorderStages(id, [qualified.id]),
      removeStage: (id) => crm.pipelines.removeStage(id, qualified.id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), uuid, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(id), { code: 'not_found' }),
      ),
      100,
    );
  });

  it('a stage id the pipeline does not have is named: stageId, or moveDealsTo', async () => {
    const { crm, sales, partners, qualified } = await seededWorkspace();
    const strangers = fc.oneof(uuid, fc.constant(partners.stages[0]?.id as string));
    const calls: Record<string, [string, (stageId: string) => unknown]> = {
      updateStage: ['stageId', (stageId) => crm.pipelines.updateStage(sales.id, stageId, { probability: 0.3 })],
      renameStage: ['stageId', (stageId) => crm.pipelines.renameStage(sales.id, stageId, 'Demo')],
      removeStage: ['stageId', (stageId) => crm.pipelines.removeStage(sales.id, stageId)],
      moveDealsTo: ['moveDealsTo', (stageId) => crm.pipelines.removeStage(sales.id, qualified.id, { moveDealsTo: stageId })],
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), strangers, (method, stageId) => {
        const [field, call] = calls[method] as [string, (id: string) => unknown];
        return expectRefusal(crm, () => call(stageId), { code: 'validation', path: [field] });
      }),
    );
  });

  it('update names the field that is wrong; stages change through their own methods', async () => {
    const { crm, sales } = await seededWorkspace();
    const patchFields = { name: pipelineFields.name as FieldJunk, currency: pipelineFields.currency as FieldJunk };
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (patch) => expectRefusal(crm, () => crm.pipelines.update(sales.id, patch as never), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(patchFields), unknownField(['name', 'currency'])), ({ field, value }) =>
        expectRefusal(crm, () => crm.pipelines.update(sales.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      100,
    );
  });

  it('addStage names the field of the stage that is wrong, or the option', async () => {
    const { crm, sales } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (stage) => expectRefusal(crm, () => crm.pipelines.addStage(sales.id, stage as never), { code: 'validation' })));
    await check(
      fc.asyncProperty(fc.oneof(junkForCreate(stageFields), unknownField(Object.keys(stageFields))), ({ field, value }) =>
        expectRefusal(crm, () => crm.pipelines.addStage(sales.id, withField({ name: 'Demo' }, field, value) as never), { code: 'validation', path: [field] }),
      ),
      100,
    );
    const badOptions = fc.oneof(
      badInt({ min: 0 }).map((index) => ({ options: { index }, path: ['index'] })),
      badInt({ min: 0 }).map((expectedVersion) => ({ options: { expectedVersion }, path: ['expectedVersion'] })),
      unknownField(['index', 'expectedVersion']).map(({ field, value }) => ({ options: withField({}, field, value), path: [field] })),
      junkWhereEmptyIsValid.map((options) => ({ options, path: [] })),
    );
    await check(
      fc.asyncProperty(badOptions, ({ options, path }) =>
        expectRefusal(crm, () => crm.pipelines.addStage(sales.id, { name: 'Demo' }, options as never), { code: 'validation', path }),
      ),
    );
  });

  it('addStage refuses a stage that breaks the pipeline rules, at stages', async () => {
    const { crm, sales, qualified } = await seededWorkspace();
    const breaking = fc.constantFrom<object>(
      { name: 'Won again', kind: 'won' },
      { name: 'Lost again', kind: 'lost' },
      { name: ' qualified ' },
      { name: 'Copy', id: qualified.id },
    );
    await check(
      fc.asyncProperty(breaking, (stage) =>
        expectRefusal(crm, () => crm.pipelines.addStage(sales.id, stage as never), { code: 'validation', path: ['stages'] }),
      ),
      20,
    );
  });

  it('updateStage and renameStage name the field that is wrong', async () => {
    const { crm, sales, qualified, wonStage } = await seededWorkspace();
    const patchFields: Record<string, FieldJunk> = {
      name: stageFields.name as FieldJunk,
      probability: stageFields.probability as FieldJunk,
      rottingDays: stageFields.rottingDays as FieldJunk,
    };
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(patchFields), unknownField(Object.keys(patchFields))), ({ field, value }) =>
        expectRefusal(crm, () => crm.pipelines.updateStage(sales.id, qualified.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      100,
    );
    await check(
      fc.asyncProperty(fc.oneof(badRequiredText, fc.constant(undefined)), (newName) =>
        expectRefusal(crm, () => crm.pipelines.renameStage(sales.id, qualified.id, newName as never), { code: 'validation', path: ['name'] }),
      ),
    );
    // A won stage is won for sure: another probability breaks a pipeline rule.
    await check(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true }).filter((p) => p !== 1),
        (p) => expectRefusal(crm, () => crm.pipelines.updateStage(sales.id, wonStage.id, { probability: p }), { code: 'validation', path: ['stages'] }),
      ),
      20,
    );
  });

  it('reorderStages names stageIds unless they list every stage exactly once', async () => {
    const { crm, sales } = await seededWorkspace();
    const ids = sales.stages.map((s) => s.id);
    const badOrders = fc.oneof(
      notAList,
      fc.tuple(fc.shuffledSubarray(ids), badId).map(([some, junk]) => [...some, junk]),
      fc.shuffledSubarray(ids).filter((some) => some.length < ids.length),
      fc.shuffledSubarray(ids, { minLength: ids.length }).chain((all) => fc.constantFrom(...all).map((dupe) => [...all, dupe])),
      fc.tuple(fc.shuffledSubarray(ids, { minLength: ids.length }), uuid).map(([all, stranger]) => [...all.slice(1), stranger]),
    );
    await check(
      fc.asyncProperty(badOrders, (order) =>
        expectRefusal(crm, () => crm.pipelines.reorderStages(sales.id, order as never), { code: 'validation', path: ['stageIds'] }),
      ),
      100,
    );
  });

  it('removeStage names moveDealsTo when the deals in the stage have nowhere valid to go', async () => {
    const { crm, sales, qualified, proposal, wonStage } = await seededWorkspace();
    const targets = fc.constantFrom<unknown>(undefined, qualified.id, wonStage.id);
    await check(
      fc.asyncProperty(targets, (moveDealsTo) =>
        expectRefusal(
          crm,
          () => crm.pipelines.removeStage(sales.id, qualified.id, moveDealsTo === undefined ? undefined : { moveDealsTo: moveDealsTo as string }),
          {
            code: 'validation',
            path: ['moveDealsTo'],
          },
        ),
      ),
      10,
    );
    const badOptions = fc.oneof(
      badId.map((moveDealsTo) => ({ options: { moveDealsTo }, path: ['moveDealsTo'] })),
      badInt({ min: 0 }).map((expectedVersion) => ({ options: { expectedVersion }, path: ['expectedVersion'] })),
      unknownField(['moveDealsTo', 'expectedVersion']).map(({ field, value }) => ({ options: withField({}, field, value), path: [field] })),
      junkWhereEmptyIsValid.map((options) => ({ options, path: [] })),
    );
    await check(
      fc.asyncProperty(badOptions, ({ options, path }) =>
        expectRefusal(crm, () => crm.pipelines.removeStage(sales.id, proposal.id, options as never), { code: 'validation', path }),
      ),
    );
  });

  it('removeStage refuses to remove the last open stage, at stages', async () => {
    const { crm, partners } = await seededWorkspace();
    await expectRefusal(crm, () => crm.pipelines.removeStage(partners.id, partners.stages[0]?.id as string), { code: 'validation', path: ['stages'] });
  });

  it('delete refuses a pipeline that holds deals with an in_use ConflictError', async () => {
    const { crm, sales } = await seededWorkspace();
    await expectRefusal(crm, () => crm.pipelines.delete(sales.id), { code: 'conflict', reason: 'in_use' });
  });

  it('every write refuses a stale expectedVersion with a ConflictError and leaves the pipeline as it was', async () => {
    const { crm, partners } = await seededWorkspace();
    const stageId = partners.stages[0]?.id as string;
    const writes: Record<string, (expectedVersion: number) => unknown> = {
      update: (expectedVersion) => crm.pipelines.update(partners.id, { name: 'Channel' }, { expectedVersion }),
      addStage: (expectedVersion) => crm.pipelines.addStage(partners.id, { name: 'Demo' }, { expectedVersion }),
      updateStage: (expectedVersion) => crm.pipelines.updateStage(partners.id, stageId, { rottingDays: 5 }, { expectedVersion }),
      renameStage: (expectedVersion) => crm.pipelines.renameStage(partners.id, stageId, 'Intro', { expectedVersion }),
      reorderStages: (expectedVersion) => crm.pipelines.reorderStages(partners.id, [stageId], { expectedVersion }),
      removeStage: (expectedVersion) => crm.pipelines.removeStage(partners.id, stageId, { expectedVersion }),
      delete: (expectedVersion) => crm.pipelines.delete(partners.id, { expectedVersion }),
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(writes)),
        fc.nat({ max: 10_000 }).filter((v) => v !== partners.version),
        (method, version) => expectRefusal(crm, () => (writes[method] as (v: number) => unknown)(version), { code: 'conflict', reason: 'version' }),
      ),
      100,
    );
  });

  it('list and read options refuse junk', async () => {
    const { crm, sales } = await seededWorkspace();
    await check(
      fc.asyncProperty(fc.constantFrom('list', 'list options', 'get options'), junkWhereEmptyIsValid, (method, junk) =>
        expectRefusal(
          crm,
          () =>
            method === 'list'
              ? crm.pipelines.list(junk as never)
              : method === 'list options'
              ? crm.pipelines.list({}, junk as never)
              : crm.pipelines.get(sales.id, junk as never),
          { code: 'validation' },
        ),
      ),
    );
    // Pipelines are deleted for good, so a list has no includeDeleted.
    await expectRefusal(crm, () => crm.pipelines.list({ includeDeleted: true } as never), { code: 'validation', path: ['includeDeleted'] });
  });
});

describe('pipelines: valid input round-trips', () => {
  it('create then get returns the stages in order, with ids and probabilities filled in', async () => {
    const crm = emptyCrm();
    await check(
      fc.asyncProperty(pipelineInput, async (input) => {
        const created = await crm.pipelines.create(input);
        assert.deepEqual(await crm.pipelines.get(created.id), created);
        assert.equal(created.currency, input.currency.trim().toUpperCase());
        assert.deepEqual(
          created.stages.map((s) => s.name),
          input.stages.map((s) => s.name.trim()),
        );
        for (const [i, stage] of created.stages.entries()) {
          const given = input.stages[i] as { probability?: number; kind?: string };
          const expected = given.kind === 'won' ? 1 : given.kind === 'lost' ? 0 : given.probability;
          if (expected !== undefined) assert.equal(stage.probability, expected);
          assert.ok(stage.probability >= 0 && stage.probability <= 1);
        }
        assert.equal(new Set(created.stages.map((s) => s.id)).size, created.stages.length);
      }),
    );
  });
});
