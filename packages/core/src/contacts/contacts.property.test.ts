import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contactInputSchema, lifecycleStages } from '../index.js';
import {
  anyJunk,
  badConsent,
  badContactSource,
  badCustomFields,
  badEmail,
  badEnum,
  badId,
  badInt,
  badList,
  badPhone,
  badRequiredText,
  consent,
  contactInput,
  email,
  hugeString,
  junkForCreate,
  junkForUpdate,
  junkWhereEmptyIsValid,
  notAString,
  phone,
  tag,
  unknownField,
  uuid,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, emptyCrm, expectRefusal, seededWorkspace } from '../testing-support/refusal.test-support.js';

/** How to get every field of a contact input wrong. */
const contactFields: Record<string, FieldJunk> = {
  firstName: { junk: badRequiredText, clearable: true },
  lastName: { junk: badRequiredText, clearable: true },
  emails: { junk: badList(badEmail, email) },
  phones: { junk: badList(badPhone, phone) },
  companyId: { junk: badId, clearable: true },
  title: { junk: badRequiredText, clearable: true },
  ownerId: { junk: badRequiredText, clearable: true },
  lifecycleStage: { junk: badEnum(lifecycleStages) },
  source: { junk: badContactSource, clearable: true },
  tags: { junk: badList(badRequiredText, tag) },
  consent: { junk: badList(badConsent, consent) },
  customFields: { junk: badCustomFields },
};
const fieldNames = Object.keys(contactFields);

describe('contacts: malformed input is refused and nothing is written', () => {
  it('the junk table covers every field a contact input has', () => {
    assert.deepEqual(Object.keys(contactInputSchema.shape).sort(), [...fieldNames].sort());
  });

  it('create refuses anything that is not a contact input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.contacts.create(junk as never), { code: 'validation' })));
  });

  it('create names the one field that is wrong', async () => {
    await check(
      fc.asyncProperty(contactInput, junkForCreate(contactFields), async (input, { field, value }) => {
        const { crm } = await seededWorkspace();
        await expectRefusal(crm, () => crm.contacts.create(withField(input, field, value) as never), { code: 'validation', path: [field] });
      }),
      300,
    );
  });

  it('create names fields it does not know, including read-only record fields', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(contactInput, unknownField(fieldNames), (input, { field, value }) =>
        expectRefusal(crm, () => crm.contacts.create(withField(input, field, value) as never), { code: 'validation', path: [field] }),
      ),
    );
  });

  it('create names companyId when it points at no live company', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(contactInput, fc.oneof(uuid, fc.constant(ws.defunct.id)), (input, companyId) =>
        expectRefusal(ws.crm, () => ws.crm.contacts.create({ ...input, companyId }), { code: 'validation', path: ['companyId'] }),
      ),
    );
  });

  it('create needs a name or an email address, and says so at firstName', async () => {
    const { crm } = await seededWorkspace();
    const nameless = fc.record(
      { title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''), tags: fc.array(tag, { maxLength: 2 }) },
      { requiredKeys: [] },
    );
    await check(fc.asyncProperty(nameless, (input) => expectRefusal(crm, () => crm.contacts.create(input), { code: 'validation', path: ['firstName'] })));
  });

  it('every id argument refuses what is not a UUID, naming the argument', async () => {
    const { crm, ann, bob } = await seededWorkspace();
    const calls: Record<string, [string, (id: never) => unknown]> = {
      get: ['id', (id) => crm.contacts.get(id)],
      update: ['id', (id) => crm.contacts.update(id, { title: 'CTO' })],
      delete: ['id', (id) => crm.contacts.delete(id)],
      restore: ['id', (id) => crm.contacts.restore(id)],
      purge: ['id', (id) => crm.contacts.purge(id)],
      findDuplicates: ['id', (id) => crm.contacts.findDuplicates(id)],
      'merge target': ['targetId', (id) => crm.contacts.merge(id, bob.id)],
      'merge source': ['sourceId', (id) => crm.contacts.merge(ann.id, id)],
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badId, (method, id) => {
        const [field, call] = calls[method] as [string, (id: never) => unknown];
        // findDuplicates reads anything but a string as a contact input, refused as a whole.
        if (method === 'findDuplicates' && typeof id !== 'string') return expectRefusal(crm, () => call(id as never), { code: 'validation' });
        return expectRefusal(crm, () => call(id as never), { code: 'validation', path: [field] });
      }),
      100,
    );
  });

  it('get, update, delete, restore, purge, findDuplicates and merge answer NotFoundError for ids nothing has', async () => {
    const { crm, ann, bob, gone } = await seededWorkspace();
    const calls: Record<string, (id: string) => unknown> = {
      get: (id) => crm.contacts.get(id),
      update: (id) => crm.contacts.update(id, { title: 'CTO' }),
      delete: (id) => crm.contacts.delete(id),
      restore: (id) => crm.contacts.restore(id),
      purge: (id) => crm.contacts.purge(id),
      findDuplicates: (id) => crm.contacts.findDuplicates(id),
      'merge target': (id) => crm.contacts.merge(id, bob.id),
      'merge source': (id) => crm.contacts.merge(ann.id, id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), uuid, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(id), { code: 'not_found' }),
      ),
      100,
    );
    // A soft-deleted contact is absent for everything but restore and purge.
    for (const method of ['get', 'update', 'delete', 'findDuplicates', 'merge target', 'merge source']) {
      await expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(gone.id), { code: 'not_found' });
    }
  });

  it('update refuses a patch that is not one, and names the field that is wrong', async () => {
    const { crm, ann } = await seededWorkspace();
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (patch) => expectRefusal(crm, () => crm.contacts.update(ann.id, patch as never), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(contactFields), unknownField(fieldNames)), ({ field, value }) =>
        expectRefusal(crm, () => crm.contacts.update(ann.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      250,
    );
  });

  it('update refuses to clear the last name and address of a contact, at firstName', async () => {
    const { crm, bob } = await seededWorkspace();
    await expectRefusal(crm, () => crm.contacts.update(bob.id, { firstName: null, emails: [] }), { code: 'validation', path: ['firstName'] });
  });

  it('update names companyId when it points at no live company', async () => {
    const ws = await seededWorkspace();
    await check(
      fc.asyncProperty(fc.oneof(uuid, fc.constant(ws.defunct.id)), (companyId) =>
        expectRefusal(ws.crm, () => ws.crm.contacts.update(ws.bob.id, { companyId }), { code: 'validation', path: ['companyId'] }),
      ),
    );
  });

  it('write options refuse junk, and a bad expectedVersion is named', async () => {
    const { crm, ann, bob } = await seededWorkspace();
    const writes: Record<string, (options: never) => unknown> = {
      update: (options) => crm.contacts.update(ann.id, { title: 'CTO' }, options),
      delete: (options) => crm.contacts.delete(ann.id, options),
      merge: (options) => crm.contacts.merge(ann.id, bob.id, options),
    };
    const junkOptions = fc.oneof(
      junkWhereEmptyIsValid.map((options) => ({ options, path: [] as string[] })),
      badInt({ min: 0 }).map((v) => ({
        options: { expectedVersion: v },
        path: ['expectedVersion'],
      })),
    );
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(writes)), junkOptions, (method, { options, path }) =>
        expectRefusal(crm, () => (writes[method] as (options: never) => unknown)(options as never), { code: 'validation', path }),
      ),
      100,
    );
  });

  it('update, delete and merge refuse a stale expectedVersion with a ConflictError and leave the record as it was', async () => {
    const { crm, ann, bob } = await seededWorkspace();
    const writes: Record<string, (expectedVersion: number) => unknown> = {
      update: (expectedVersion) => crm.contacts.update(ann.id, { title: 'CTO' }, { expectedVersion }),
      delete: (expectedVersion) => crm.contacts.delete(ann.id, { expectedVersion }),
      merge: (expectedVersion) => crm.contacts.merge(ann.id, bob.id, { expectedVersion }),
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(writes)),
        fc.nat({ max: 10_000 }).filter((v) => v !== ann.version),
        (method, version) => expectRefusal(crm, () => (writes[method] as (v: number) => unknown)(version), { code: 'conflict', reason: 'version' }),
      ),
    );
  });

  it('merge refuses to merge a contact into itself, at sourceId', async () => {
    const { crm, ann } = await seededWorkspace();
    await expectRefusal(crm, () => crm.contacts.merge(ann.id, ann.id), { code: 'validation', path: ['sourceId'] });
  });

  it('merge refuses a union that would break a limit, at sourceId, and moves nothing', async () => {
    const counts = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })).filter(([a, b]) => a + b > 20);
    await check(
      fc.asyncProperty(counts, async ([targetCount, sourceCount]) => {
        const crm = emptyCrm();
        const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@acme.com`);
        const target = await crm.contacts.create({ firstName: 'Ann', emails: addresses('ann', targetCount) });
        const source = await crm.contacts.create({ firstName: 'Annie', emails: addresses('annie', sourceCount) });
        await crm.interactions.log({ type: 'note', contactId: source.id, body: 'Met at the expo' });
        await expectRefusal(crm, () => crm.contacts.merge(target.id, source.id), { code: 'validation', path: ['sourceId'] });
      }),
      30,
    );
  });

  it('list and search refuse junk queries, and search names a bad text', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(junkWhereEmptyIsValid, (query) => expectRefusal(crm, () => crm.contacts.list(query as never), { code: 'validation' })));
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (query) => expectRefusal(crm, () => crm.contacts.search('ann', query as never), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(fc.oneof(notAString, hugeString), (text) =>
        expectRefusal(crm, () => crm.contacts.search(text as never), { code: 'validation', path: ['search'] }),
      ),
    );
    await check(
      fc.asyncProperty(
        anyJunk.filter((v) => v !== undefined && typeof v !== 'boolean'),
        (includeDeleted) => expectRefusal(crm, () => crm.contacts.list({ includeDeleted } as never), { code: 'validation', path: ['includeDeleted'] }),
      ),
    );
  });

  it('read options refuse junk', async () => {
    const { crm, ann } = await seededWorkspace();
    await check(
      fc.asyncProperty(fc.constantFrom('get', 'list'), junkWhereEmptyIsValid, (method, options) =>
        expectRefusal(crm, () => (method === 'get' ? crm.contacts.get(ann.id, options as never) : crm.contacts.list({}, options as never)), {
          code: 'validation',
        }),
      ),
    );
  });

  it('custom field names that would reach Object.prototype are refused by name', async () => {
    const { crm, ann } = await seededWorkspace();
    for (const reserved of ['__proto__', 'constructor', 'prototype']) {
      const customFields = JSON.parse(`{"${reserved}": 1}`);
      await expectRefusal(crm, () => crm.contacts.create({ firstName: 'Eve', customFields }), { code: 'validation', path: ['customFields', reserved] });
      await expectRefusal(crm, () => crm.contacts.update(ann.id, { customFields }), { code: 'validation', path: ['customFields', reserved] });
    }
  });

  it('findDuplicates refuses anything that is not an id or a contact input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.contacts.findDuplicates(junk as never), { code: 'validation' })));
  });
});

describe('contacts: valid input round-trips', () => {
  it('create then get returns the input, trimmed, with emails and tags normalised and de-duplicated', async () => {
    const crm = emptyCrm();
    await check(
      fc.asyncProperty(contactInput, async (input) => {
        const created = await crm.contacts.create(input);
        const stored = await crm.contacts.get(created.id);
        assert.deepEqual(stored, created);
        const unique = (values: string[]) => [...new Set(values)];
        assert.deepEqual(stored.emails, unique((input.emails ?? []).map((e) => e.trim().toLowerCase())));
        assert.deepEqual(stored.tags, unique((input.tags ?? []).map((t) => t.trim().toLowerCase())));
        assert.equal(stored.firstName, input.firstName?.trim());
        assert.equal(stored.lastName, input.lastName?.trim());
        assert.equal(stored.lifecycleStage, input.lifecycleStage ?? 'lead');
        assert.deepEqual(stored.customFields, input.customFields ?? {});
        assert.equal(stored.version, 1);
      }),
    );
  });

  it('an email address is found again however it was written', async () => {
    const crm = emptyCrm();
    await check(
      fc.asyncProperty(email, async (address) => {
        const created = await crm.contacts.create({ emails: [address] });
        const written = ` ${address.trim().toUpperCase()} `;
        const dupes = await crm.contacts.findDuplicates({ emails: [written] });
        assert.ok(dupes.some((d) => d.contact.id === created.id && d.reasons.includes('email')));
      }),
      30,
    );
  });
});
