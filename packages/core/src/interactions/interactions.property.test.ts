import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { interactionInputSchema, interactionTypes } from '../index.js';
import {
  anyJunk,
  badCustomFields,
  badEnum,
  badId,
  badInt,
  badRequiredText,
  badText,
  badTimestamp,
  customFields,
  hugeString,
  isoTimestamp,
  junkForCreate,
  junkForUpdate,
  junkWhereEmptyIsValid,
  name,
  notAList,
  unknownField,
  uuid,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, emptyCrm, expectRefusal, seededWorkspace, type Workspace } from '../testing-support/refusal.test-support.js';

const loggable = interactionTypes.filter((type) => type !== 'stageChange');

/** How to get every field of an interaction input wrong. */
const interactionFields: Record<string, FieldJunk> = {
  type: { junk: fc.oneof(badEnum(loggable), fc.constant('stageChange')) },
  occurredAt: { junk: badTimestamp, clearable: true },
  contactId: { junk: badId, clearable: true },
  companyId: { junk: badId, clearable: true },
  dealId: { junk: badId, clearable: true },
  subject: { junk: badRequiredText, clearable: true },
  body: { junk: badText, clearable: true },
  direction: { junk: badEnum(['inbound', 'outbound']), clearable: true },
  durationSec: { junk: badInt({ min: 0, max: 7 * 24 * 3600 }), clearable: true },
  outcome: { junk: badRequiredText, clearable: true },
  ownerId: { junk: badRequiredText, clearable: true },
  dueAt: { junk: badTimestamp, clearable: true },
  completedAt: { junk: badTimestamp, clearable: true },
  assigneeId: { junk: badRequiredText, clearable: true },
  data: { junk: badCustomFields, clearable: true },
};
const fieldNames = Object.keys(interactionFields);

/** A valid entry for the workspace's timelines: linked to Ann, Acme or the open deal, with fields its type allows. */
function interactionInput(ws: Workspace) {
  const common = { subject: name, body: fc.string({ maxLength: 200 }), outcome: name, ownerId: name, occurredAt: isoTimestamp, data: customFields };
  const link = fc.oneof(
    fc.constant({ contactId: ws.ann.id }),
    fc.constant({ companyId: ws.acme.id }),
    fc.constant({ dealId: ws.open.id }),
    fc.constant({ contactId: ws.bob.id, dealId: ws.won.id }),
  );
  const byType = fc.oneof(
    fc.record({ type: fc.constantFrom('note', 'email', 'formSubmission', 'custom'), ...common }, { requiredKeys: ['type'] }),
    fc.record(
      { type: fc.constantFrom('call', 'meeting'), direction: fc.constantFrom('inbound', 'outbound'), durationSec: fc.nat({ max: 7200 }), ...common },
      { requiredKeys: ['type'] },
    ),
    fc.record({ type: fc.constant('task'), dueAt: isoTimestamp, completedAt: isoTimestamp, assigneeId: name, ...common }, { requiredKeys: ['type'] }),
  );
  return fc.tuple(byType, link).map(([fields, links]) => ({ ...fields, ...links }));
}

describe('interactions: malformed input is refused and nothing is written', () => {
  it('the junk table covers every field an interaction input has', () => {
    assert.deepEqual(Object.keys(interactionInputSchema.shape).sort(), [...fieldNames].sort());
  });

  it('log refuses anything that is not an interaction input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.interactions.log(junk as never), { code: 'validation' })));
  });

  it('log names the one field that is wrong, and fields it does not know (stageChange included)', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(interactionInput(ws), fc.oneof(junkForCreate(interactionFields), unknownField(fieldNames)), (input, { field, value }) =>
        expectRefusal(ws.crm, () => ws.crm.interactions.log(withField(input, field, value) as never), { code: 'validation', path: [field] }),
      ),
      300,
    );
  });

  it('log names the rule an entry breaks: no link, task fields off a task, a duration off a call', async () => {
    const ws = await seededWorkspace();
    const broken = fc.oneof(
      fc.constantFrom('note', 'call', 'task').map((type) => ({ input: { type, subject: 'Lost' }, path: 'contactId' })),
      fc
        .constantFrom('dueAt', 'completedAt', 'assigneeId')
        .chain((field) =>
          fc
            .constantFrom('note', 'call', 'email')
            .map((type) => ({ input: { type, contactId: ws.ann.id, [field]: field === 'assigneeId' ? 'u1' : '2026-05-02T09:00:00Z' }, path: field })),
        ),
      fc.constantFrom('note', 'task', 'email').map((type) => ({ input: { type, contactId: ws.ann.id, durationSec: 60 }, path: 'durationSec' })),
    );
    await check(
      fc.asyncProperty(broken, ({ input, path }) => expectRefusal(ws.crm, () => ws.crm.interactions.log(input as never), { code: 'validation', path: [path] })),
    );
  });

  it('log names the link that points at nothing live', async () => {
    const ws = await seededWorkspace();
    const strangers = fc.oneof(
      fc.oneof(uuid, fc.constant(ws.gone.id)).map((id) => ({ contactId: id })),
      fc.oneof(uuid, fc.constant(ws.defunct.id)).map((id) => ({ companyId: id })),
      fc.oneof(uuid, fc.constant(ws.removed.id)).map((id) => ({ dealId: id })),
    );
    await check(
      fc.asyncProperty(interactionInput(ws), strangers, (input, link) => {
        const { contactId: _c, companyId: _co, dealId: _d, ...rest } = input as Record<string, unknown>;
        return expectRefusal(ws.crm, () => ws.crm.interactions.log({ ...rest, ...link } as never), {
          code: 'validation',
          path: [Object.keys(link)[0] as string],
        });
      }),
    );
  });

  it('every id argument refuses what is not a UUID, naming it', async () => {
    const { crm } = await seededWorkspace();
    const calls: Record<string, (id: never) => unknown> = {
      get: (id) => crm.interactions.get(id),
      update: (id) => crm.interactions.update(id, { subject: 'Renamed' }),
      delete: (id) => crm.interactions.delete(id),
      complete: (id) => crm.interactions.complete(id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badId, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: never) => unknown)(id as never), { code: 'validation', path: ['id'] }),
      ),
    );
  });

  it('get, update, delete and complete answer NotFoundError for ids nothing has', async () => {
    const { crm } = await seededWorkspace();
    const calls: Record<string, (id: string) => unknown> = {
      get: (id) => crm.interactions.get(id),
      update: (id) => crm.interactions.update(id, { subject: 'Renamed' }),
      delete: (id) => crm.interactions.delete(id),
      complete: (id) => crm.interactions.complete(id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), uuid, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(id), { code: 'not_found' }),
      ),
    );
  });

  it('update names the field that is wrong, a link to nothing, or a stage change it may not edit', async () => {
    const ws = await seededWorkspace();
    const { crm, note, task, stageChange } = ws;
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (patch) => expectRefusal(crm, () => crm.interactions.update(task.id, patch as never), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(interactionFields), unknownField(fieldNames)), ({ field, value }) =>
        expectRefusal(crm, () => crm.interactions.update(task.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      250,
    );
    const wrong = fc.oneof(
      // Bob works for no company, so his task loses its only link.
      fc.constant({ id: task.id, patch: { contactId: null }, path: 'contactId' }),
      fc.constant({ id: note.id, patch: { dueAt: '2026-05-02T09:00:00Z' }, path: 'dueAt' }),
      fc.oneof(uuid, fc.constant(ws.gone.id)).map((contactId) => ({ id: note.id, patch: { contactId }, path: 'contactId' })),
      fc.oneof(uuid, fc.constant(ws.removed.id)).map((dealId) => ({ id: note.id, patch: { dealId }, path: 'dealId' })),
      fc.oneof(uuid, fc.constant(ws.defunct.id)).map((companyId) => ({ id: task.id, patch: { companyId }, path: 'companyId' })),
      fc.constant({ id: stageChange.id, patch: { subject: 'Edited' }, path: 'type' }),
    );
    await check(
      fc.asyncProperty(wrong, ({ id, patch, path }) =>
        expectRefusal(crm, () => crm.interactions.update(id, patch as never), { code: 'validation', path: [path] }),
      ),
    );
  });

  it('complete refuses junk options and anything but a task', async () => {
    const { crm, task, note, stageChange } = await seededWorkspace();
    const options = fc.oneof(
      junkWhereEmptyIsValid.map((o) => ({ options: o, path: [] as string[] })),
      badTimestamp.map((at) => ({ options: { at }, path: ['at'] })),
      badInt({ min: 0 }).map((expectedVersion) => ({ options: { expectedVersion }, path: ['expectedVersion'] })),
      unknownField(['at', 'expectedVersion']).map(({ field, value }) => ({ options: withField({}, field, value), path: [field] })),
    );
    await check(
      fc.asyncProperty(options, ({ options: o, path }) =>
        expectRefusal(crm, () => crm.interactions.complete(task.id, o as never), { code: 'validation', path }),
      ),
    );
    for (const entry of [note, stageChange]) await expectRefusal(crm, () => crm.interactions.complete(entry.id), { code: 'validation', path: ['id'] });
  });

  it('update, delete and complete refuse a stale expectedVersion with a ConflictError and leave the entry as it was', async () => {
    const { crm, task } = await seededWorkspace();
    const writes: Record<string, (expectedVersion: number) => unknown> = {
      update: (expectedVersion) => crm.interactions.update(task.id, { subject: 'Renamed' }, { expectedVersion }),
      delete: (expectedVersion) => crm.interactions.delete(task.id, { expectedVersion }),
      complete: (expectedVersion) => crm.interactions.complete(task.id, { expectedVersion }),
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(writes)),
        fc.nat({ max: 10_000 }).filter((v) => v !== task.version),
        (method, version) => expectRefusal(crm, () => (writes[method] as (v: number) => unknown)(version), { code: 'conflict', reason: 'version' }),
      ),
    );
  });

  it('list names what is wrong with a timeline query', async () => {
    const { crm, ann, acme } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (query) => expectRefusal(crm, () => crm.interactions.list(query as never), { code: 'validation' })));
    const queries = fc.oneof(
      fc.constant({ query: {}, path: 'contactId' }),
      fc.constant({ query: { contactId: ann.id, companyId: acme.id }, path: 'contactId' }),
      badId.map((contactId) => ({ query: { contactId }, path: 'contactId' })),
      badId.map((dealId) => ({ query: { dealId }, path: 'dealId' })),
      fc
        .oneof(notAList, fc.constant([]), fc.constant(['stage-change']), fc.constant(['note', 'meeting', 'fax']))
        .map((types) => ({ query: { contactId: ann.id, types }, path: 'types' })),
      badInt({ min: 1, max: 1000 }).map((limit) => ({ query: { contactId: ann.id, limit }, path: 'limit' })),
      fc.oneof(fc.string({ maxLength: 30 }), hugeString, fc.integer()).map((cursor) => ({ query: { contactId: ann.id, cursor }, path: 'cursor' })),
      unknownField(['contactId', 'companyId', 'dealId', 'types', 'limit', 'cursor']).map(({ field, value }) => ({
        query: withField({ contactId: ann.id }, field, value),
        path: field,
      })),
    );
    await check(
      fc.asyncProperty(queries, ({ query, path }) => expectRefusal(crm, () => crm.interactions.list(query as never), { code: 'validation', path: [path] })),
      100,
    );
  });

  it('overdue names what is wrong with its query', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (query) => expectRefusal(crm, () => crm.interactions.overdue(query as never), { code: 'validation' })));
    const queries = fc.oneof(
      fc.oneof(badRequiredText, fc.constant(undefined)).map((assigneeId) => ({ query: { assigneeId }, path: 'assigneeId' })),
      badTimestamp.map((now) => ({ query: { assigneeId: 'u1', now }, path: 'now' })),
      badInt({ min: 1, max: 1000 }).map((limit) => ({ query: { assigneeId: 'u1', limit }, path: 'limit' })),
      fc.oneof(fc.string({ maxLength: 30 }), hugeString).map((cursor) => ({ query: { assigneeId: 'u1', cursor }, path: 'cursor' })),
      unknownField(['assigneeId', 'now', 'limit', 'cursor']).map(({ field, value }) => ({ query: withField({ assigneeId: 'u1' }, field, value), path: field })),
    );
    await check(
      fc.asyncProperty(queries, ({ query, path }) => expectRefusal(crm, () => crm.interactions.overdue(query as never), { code: 'validation', path: [path] })),
      100,
    );
  });

  it('data field names that would reach Object.prototype are refused by name', async () => {
    const { crm, ann, note } = await seededWorkspace();
    for (const reserved of ['__proto__', 'constructor', 'prototype']) {
      const data = JSON.parse(`{"${reserved}": 1}`);
      await expectRefusal(crm, () => crm.interactions.log({ type: 'formSubmission', contactId: ann.id, data }), {
        code: 'validation',
        path: ['data', reserved],
      });
      await expectRefusal(crm, () => crm.interactions.update(note.id, { data }), { code: 'validation', path: ['data', reserved] });
    }
  });

  it('read and write options refuse junk', async () => {
    const { crm, ann, note } = await seededWorkspace();
    const calls: Record<string, (junk: never) => unknown> = {
      'get options': (options) => crm.interactions.get(note.id, options),
      'list options': (options) => crm.interactions.list({ contactId: ann.id }, options),
      'overdue options': (options) => crm.interactions.overdue({ assigneeId: 'u1' }, options),
      'update options': (options) => crm.interactions.update(note.id, {}, options),
      'delete options': (options) => crm.interactions.delete(note.id, options),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), junkWhereEmptyIsValid, (method, junk) =>
        expectRefusal(crm, () => (calls[method] as (junk: never) => unknown)(junk as never), { code: 'validation' }),
      ),
    );
  });
});

describe('interactions: valid input round-trips', () => {
  it('log then get returns the entry, its times in UTC, linked to the company of its contact or deal', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(interactionInput(ws), async (input) => {
        const logged = await ws.crm.interactions.log(input as never);
        assert.deepEqual(await ws.crm.interactions.get(logged.id), logged);
        assert.equal(logged.occurredAt, (input as { occurredAt?: string }).occurredAt ?? '2026-05-01T08:00:00.000Z');
        if ('contactId' in input && input.contactId === ws.ann.id) assert.equal(logged.companyId, ws.acme.id);
        if ('dealId' in input && input.dealId === ws.open.id) assert.equal(logged.companyId, ws.acme.id);
      }),
    );
  });
});
