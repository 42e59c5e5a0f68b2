import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dealInputSchema } from '../index.js';
import {
  anyJunk,
  badCustomFields,
  badDate,
  badId,
  badInt,
  badList,
  badMoney,
  badProbability,
  badRequiredText,
  calendarDate,
  customFields,
  junkForCreate,
  junkForUpdate,
  junkWhereEmptyIsValid,
  money,
  name,
  probability,
  tag,
  unknownField,
  uuid,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, expectRefusal, seededWorkspace, type Workspace } from '../testing-support/refusal.test-support.js';

/** How to get every field of a deal input wrong. */
const dealFields: Record<string, FieldJunk> = {
  title: { junk: badRequiredText },
  amount: { junk: badMoney },
  contactIds: { junk: badList(badId, uuid) },
  companyId: { junk: badId, clearable: true },
  ownerId: { junk: badRequiredText, clearable: true },
  expectedCloseDate: { junk: badDate, clearable: true },
  probability: { junk: badProbability, clearable: true },
  tags: { junk: badList(badRequiredText, tag) },
  customFields: { junk: badCustomFields },
  pipelineId: { junk: badId },
  stageId: { junk: badId, clearable: true },
  lostReason: { junk: badRequiredText, clearable: true },
};

/** The fields `update` changes; stage and status change through move, win, lose and reopen. */
const patchFieldNames = ['title', 'amount', 'contactIds', 'companyId', 'ownerId', 'expectedCloseDate', 'probability', 'tags', 'customFields'];
const patchFields = Object.fromEntries(patchFieldNames.map((field) => [field, dealFields[field] as FieldJunk]));

/** A valid deal input in the workspace's Sales pipeline. */
function dealInput(ws: Workspace) {
  return fc
    .record(
      {
        title: name,
        amount: money,
        contactIds: fc.subarray([ws.ann.id, ws.bob.id]),
        companyId: fc.constantFrom(ws.acme.id, ws.globex.id),
        ownerId: name,
        expectedCloseDate: calendarDate,
        probability,
        stageId: fc.constantFrom(ws.qualified.id, ws.proposal.id),
        tags: fc.array(tag, { maxLength: 3 }),
        customFields,
      },
      { requiredKeys: ['title', 'amount'] },
    )
    .map((input) => ({ ...input, pipelineId: ws.sales.id }));
}

/** An id that names no live contact, put somewhere in a list of good ones (duplicates included). */
function contactIdsWithStranger(ws: Workspace) {
  return fc
    .tuple(
      fc.array(fc.constantFrom(ws.ann.id, ws.bob.id), { maxLength: 3 }),
      fc.oneof(uuid, fc.constant(ws.gone.id)),
      fc.array(fc.constantFrom(ws.ann.id, ws.bob.id), { maxLength: 2 }),
    )
    .map(([before, stranger, after]) => ({ contactIds: [...before, stranger, ...after], index: before.length }));
}

describe('deals: malformed input is refused and nothing is written', () => {
  it('the junk table covers every field a deal input has', () => {
    assert.deepEqual(Object.keys(dealInputSchema.shape).sort(), Object.keys(dealFields).sort());
  });

  it('create refuses anything that is not a deal input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.deals.create(junk as never), { code: 'validation' })));
  });

  it('create names the one field that is wrong: bad money, dates, ids, or a field it does not know', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(dealInput(ws), fc.oneof(junkForCreate(dealFields), unknownField(Object.keys(dealFields))), (input, { field, value }) =>
        expectRefusal(ws.crm, () => ws.crm.deals.create(withField(input, field, value) as never), { code: 'validation', path: [field] }),
      ),
      300,
    );
  });

  it('create names the reference that points at nothing: pipelineId, stageId, companyId or contactIds[i]', async () => {
    const ws = await seededWorkspace();
    const strangers = fc.oneof(
      uuid.map((pipelineId) => ({ patch: { pipelineId }, path: ['pipelineId'] as (string | number)[] })),
      fc.oneof(uuid, fc.constant(ws.partners.stages[0]?.id as string)).map((stageId) => ({ patch: { stageId }, path: ['stageId'] })),
      fc.oneof(uuid, fc.constant(ws.defunct.id)).map((companyId) => ({ patch: { companyId }, path: ['companyId'] })),
      contactIdsWithStranger(ws).map(({ contactIds, index }) => ({ patch: { contactIds }, path: ['contactIds', index] })),
    );
    await check(
      fc.asyncProperty(dealInput(ws), strangers, (input, { patch, path }) =>
        expectRefusal(ws.crm, () => ws.crm.deals.create({ ...input, ...patch }), { code: 'validation', path }),
      ),
      100,
    );
  });

  it('create into a lost stage needs a lostReason, and says so', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(dealInput(ws), (input) =>
        expectRefusal(ws.crm, () => ws.crm.deals.create({ ...input, stageId: ws.lostStage.id }), { code: 'validation', path: ['lostReason'] }),
      ),
      20,
    );
  });

  it('every id argument refuses what is not a UUID, naming it', async () => {
    const { crm, open, qualified } = await seededWorkspace();
    const calls: Record<string, (id: never) => unknown> = {
      get: (id) => crm.deals.get(id),
      update: (id) => crm.deals.update(id, { title: 'Renamed' }),
      move: (id) => crm.deals.move(id, { stageId: qualified.id }),
      win: (id) => crm.deals.win(id),
      lose: (id) => crm.deals.lose(id, { reason: 'Budget' }),
      reopen: (id) => crm.deals.reopen(id),
      delete: (id) => crm.deals.delete(id),
      restore: (id) => crm.deals.restore(id),
      purge: (id) => crm.deals.purge(id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badId, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: never) => unknown)(id as never), { code: 'validation', path: ['id'] }),
      ),
      100,
    );
    // And ids inside a move.
    await check(
      fc.asyncProperty(fc.constantFrom('stageId', 'pipelineId', 'after', 'before'), badId, (field, id) =>
        expectRefusal(crm, () => crm.deals.move(open.id, withField({ stageId: qualified.id }, field, id) as never), { code: 'validation', path: [field] }),
      ),
    );
  });

  it('every method answers NotFoundError for a deal id nothing has, or a deleted deal', async () => {
    const { crm, qualified, removed } = await seededWorkspace();
    const calls: Record<string, (id: string) => unknown> = {
      get: (id) => crm.deals.get(id),
      update: (id) => crm.deals.update(id, { title: 'Renamed' }),
      move: (id) => crm.deals.move(id, { stageId: qualified.id }),
      win: (id) => crm.deals.win(id),
      lose: (id) => crm.deals.lose(id, { reason: 'Budget' }),
      reopen: (id) => crm.deals.reopen(id),
      delete: (id) => crm.deals.delete(id),
      restore: (id) => crm.deals.restore(id),
      purge: (id) => crm.deals.purge(id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), uuid, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(id), { code: 'not_found' }),
      ),
      100,
    );
    for (const method of ['get', 'update', 'move', 'win', 'lose', 'reopen', 'delete']) {
      await expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(removed.id), { code: 'not_found' });
    }
  });

  it('update names the field that is wrong; pipeline, stage and status are not its to change', async () => {
    const { crm, open } = await seededWorkspace();
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (patch) => expectRefusal(crm, () => crm.deals.update(open.id, patch as never), { code: 'validation' })),
    );
    const unknown = unknownField(patchFieldNames);
    const notMine = fc.constantFrom('pipelineId', 'stageId', 'status', 'lostReason', 'position', 'stageHistory').map((field) => ({ field, value: 'x' }));
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(patchFields), unknown, notMine), ({ field, value }) =>
        expectRefusal(crm, () => crm.deals.update(open.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      250,
    );
  });

  it('update names the link that points at nothing: companyId or contactIds[i]', async () => {
    const ws = await seededWorkspace();
    const strangers = fc.oneof(
      fc.oneof(uuid, fc.constant(ws.defunct.id)).map((companyId) => ({ patch: { companyId }, path: ['companyId'] as (string | number)[] })),
      contactIdsWithStranger(ws).map(({ contactIds, index }) => ({ patch: { contactIds }, path: ['contactIds', index] })),
    );
    await check(
      fc.asyncProperty(strangers, ({ patch, path }) => expectRefusal(ws.crm, () => ws.crm.deals.update(ws.open.id, patch), { code: 'validation', path })),
    );
  });

  it('move names the field that is wrong, or the stage, pipeline or neighbour that is not there', async () => {
    const ws = await seededWorkspace();
    const { crm, open, next, won, partners, qualified, proposal, lostStage } = ws;
    const moveFields: Record<string, FieldJunk> = {
      stageId: { junk: badId },
      pipelineId: { junk: badId, clearable: true },
      after: { junk: badId, clearable: true },
      before: { junk: badId, clearable: true },
      lostReason: { junk: badRequiredText, clearable: true },
      expectedVersion: { junk: badInt({ min: 0 }), clearable: true },
    };
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.deals.move(open.id, junk as never), { code: 'validation' })));
    await check(
      fc.asyncProperty(fc.oneof(junkForCreate(moveFields), unknownField(Object.keys(moveFields))), ({ field, value }) =>
        expectRefusal(crm, () => crm.deals.move(open.id, withField({ stageId: proposal.id }, field, value) as never), { code: 'validation', path: [field] }),
      ),
      100,
    );
    const wrongMoves = fc.oneof(
      fc.oneof(uuid, fc.constant(partners.stages[0]?.id as string)).map((stageId) => ({ move: { stageId }, path: 'stageId' })),
      uuid.map((pipelineId) => ({ move: { stageId: qualified.id, pipelineId }, path: 'pipelineId' })),
      fc.constant({ move: { stageId: qualified.id, pipelineId: partners.id }, path: 'stageId' }),
      fc.oneof(uuid, fc.constant(won.id)).map((after) => ({ move: { stageId: qualified.id, after }, path: 'after' })),
      fc.oneof(uuid, fc.constant(won.id)).map((before) => ({ move: { stageId: qualified.id, before }, path: 'before' })),
      fc.constant({ move: { stageId: qualified.id, after: next.id, before: next.id }, path: 'before' }),
      fc.constant({ move: { stageId: qualified.id, after: open.id }, path: 'after' }),
      fc.constant({ move: { stageId: qualified.id, before: open.id }, path: 'before' }),
      fc.constant({ move: { stageId: lostStage.id }, path: 'lostReason' }),
    );
    await check(
      fc.asyncProperty(wrongMoves, ({ move, path }) => expectRefusal(crm, () => crm.deals.move(open.id, move), { code: 'validation', path: [path] })),
      60,
    );
    // "after" must come before "before" in the column: next sits after open.
    await expectRefusal(crm, () => crm.deals.move(won.id, { stageId: qualified.id, after: next.id, before: open.id }), {
      code: 'validation',
      path: ['before'],
    });
  });

  it('win, lose and reopen refuse junk options and name the field that is wrong', async () => {
    const { crm, open, won, partners, wonStage } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.deals.lose(open.id, junk as never), { code: 'validation' })));
    const calls: Record<string, [Record<string, FieldJunk>, (options: never) => unknown, object]> = {
      win: [{ expectedVersion: { junk: badInt({ min: 0 }), clearable: true } }, (o) => crm.deals.win(open.id, o), {}],
      lose: [
        { reason: { junk: badRequiredText }, expectedVersion: { junk: badInt({ min: 0 }), clearable: true } },
        (o) => crm.deals.lose(open.id, o),
        { reason: 'Budget' },
      ],
      reopen: [
        { stageId: { junk: badId, clearable: true }, expectedVersion: { junk: badInt({ min: 0 }), clearable: true } },
        (o) => crm.deals.reopen(won.id, o),
        {},
      ],
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(calls)).chain((method) => {
          const [fields] = calls[method] as [Record<string, FieldJunk>, unknown, object];
          return fc.tuple(fc.constant(method), fc.oneof(junkForCreate(fields), unknownField(Object.keys(fields))));
        }),
        ([method, { field, value }]) => {
          const [, call, base] = calls[method] as [unknown, (options: never) => unknown, object];
          return expectRefusal(crm, () => call(withField(base, field, value) as never), { code: 'validation', path: [field] });
        },
      ),
      100,
    );
    // A reopen names a stage that is not an open stage of the deal's pipeline.
    const badStages = fc.oneof(uuid, fc.constantFrom(partners.stages[0]?.id as string, wonStage.id));
    await check(
      fc.asyncProperty(badStages, fc.constantFrom(won.id, open.id), (stageId, dealId) =>
        expectRefusal(crm, () => crm.deals.reopen(dealId, { stageId }), { code: 'validation', path: ['stageId'] }),
      ),
      40,
    );
  });

  it('every write refuses a stale expectedVersion with a ConflictError and leaves the deal as it was', async () => {
    const { crm, open, proposal } = await seededWorkspace();
    const writes: Record<string, (expectedVersion: number) => unknown> = {
      update: (expectedVersion) => crm.deals.update(open.id, { title: 'Renamed' }, { expectedVersion }),
      move: (expectedVersion) => crm.deals.move(open.id, { stageId: proposal.id, expectedVersion }),
      win: (expectedVersion) => crm.deals.win(open.id, { expectedVersion }),
      lose: (expectedVersion) => crm.deals.lose(open.id, { reason: 'Budget', expectedVersion }),
      reopen: (expectedVersion) => crm.deals.reopen(open.id, { expectedVersion }),
      delete: (expectedVersion) => crm.deals.delete(open.id, { expectedVersion }),
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(writes)),
        fc.nat({ max: 10_000 }).filter((v) => v !== open.version),
        (method, version) => expectRefusal(crm, () => (writes[method] as (v: number) => unknown)(version), { code: 'conflict', reason: 'version' }),
      ),
      100,
    );
  });

  it('custom field names that would reach Object.prototype are refused by name', async () => {
    const { crm, open, sales } = await seededWorkspace();
    for (const reserved of ['__proto__', 'constructor', 'prototype']) {
      const customFields = JSON.parse(`{"${reserved}": 1}`);
      const amount = { minor: 100, currency: 'EUR' };
      await expectRefusal(crm, () => crm.deals.create({ title: 'Evil', amount, pipelineId: sales.id, customFields }), {
        code: 'validation',
        path: ['customFields', reserved],
      });
      await expectRefusal(crm, () => crm.deals.update(open.id, { customFields }), { code: 'validation', path: ['customFields', reserved] });
    }
  });

  it('list and read and write options refuse junk', async () => {
    const { crm, open } = await seededWorkspace();
    const calls: Record<string, (junk: never) => unknown> = {
      list: (query) => crm.deals.list(query),
      'list options': (options) => crm.deals.list({}, options),
      'get options': (options) => crm.deals.get(open.id, options),
      'update options': (options) => crm.deals.update(open.id, {}, options),
      'win options': (options) => crm.deals.win(open.id, options),
      'reopen options': (options) => crm.deals.reopen(open.id, options),
      'delete options': (options) => crm.deals.delete(open.id, options),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), junkWhereEmptyIsValid, (method, junk) =>
        expectRefusal(crm, () => (calls[method] as (junk: never) => unknown)(junk as never), { code: 'validation' }),
      ),
      100,
    );
  });
});

describe('deals: valid input round-trips', () => {
  it('create then get returns the deal with its amount normalised, at the end of its stage', async () => {
    const ws = await seededWorkspace();
    const { crm, ann, bob, sales, qualified } = ws;
    await check(
      fc.asyncProperty(dealInput(ws), fc.array(fc.constantFrom(ann.id, bob.id), { maxLength: 2 }), async (input, extraIds) => {
        const created = await crm.deals.create({ ...input, contactIds: [...(input.contactIds ?? []), ...extraIds] });
        assert.deepEqual(await crm.deals.get(created.id), created);
        assert.deepEqual(created.amount, { minor: input.amount.minor, currency: input.amount.currency.trim().toUpperCase() });
        assert.deepEqual(created.contactIds, [...new Set([...(input.contactIds ?? []), ...extraIds])]);
        assert.equal(created.stageId, input.stageId ?? qualified.id);
        assert.equal(created.status, 'open');
        const column = await crm.deals.list({
          where: { pipelineId: sales.id, stageId: created.stageId },
          orderBy: { field: 'position', direction: 'desc' },
          limit: 1,
        });
        assert.equal(column.items[0]?.id, created.id, 'a new deal goes to the end of its column');
      }),
    );
  });
});
