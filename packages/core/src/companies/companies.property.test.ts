import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { companyInputSchema, companySizes } from '../index.js';
import {
  anyJunk,
  badCustomFields,
  badEnum,
  badId,
  badInt,
  badList,
  badPhone,
  badRequiredText,
  customFields,
  domainInput,
  hugeString,
  junkForCreate,
  junkForUpdate,
  junkWhereEmptyIsValid,
  name,
  notAString,
  phone,
  tag,
  unknownField,
  uuid,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { check, emptyCrm, expectRefusal, seededWorkspace } from '../testing-support/refusal.test-support.js';

/** Text that no reading turns into a web domain. */
const badDomain = fc.oneof(
  notAString,
  hugeString,
  fc.constantFrom('', '   ', 'acme', 'localhost', 'http://', '1.2.3.4', 'a_b.com', 'acme..com', '-acme.com', 'acme.com-', `${'a'.repeat(64)}.com`),
);

/** How to get every field of a company input wrong. */
const companyFields: Record<string, FieldJunk> = {
  name: { junk: badRequiredText },
  domain: { junk: badDomain, clearable: true },
  industry: { junk: badRequiredText, clearable: true },
  size: { junk: badEnum(companySizes), clearable: true },
  phone: { junk: badPhone, clearable: true },
  ownerId: { junk: badRequiredText, clearable: true },
  tags: { junk: badList(badRequiredText, tag) },
  customFields: { junk: badCustomFields },
};
const fieldNames = Object.keys(companyFields);

/** What `crm.companies.create` accepts (domains left out: they must be unique, see below). */
const companyInput = fc.record(
  {
    name,
    industry: name,
    size: fc.constantFrom(...companySizes),
    phone,
    ownerId: name,
    tags: fc.array(tag, { maxLength: 4 }),
    customFields,
  },
  { requiredKeys: ['name'] },
);

describe('companies: malformed input is refused and nothing is written', () => {
  it('the junk table covers every field a company input has', () => {
    assert.deepEqual(Object.keys(companyInputSchema.shape).sort(), [...fieldNames].sort());
  });

  it('create refuses anything that is not a company input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.companies.create(junk as never), { code: 'validation' })));
  });

  it('create names the one field that is wrong, and fields it does not know', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(companyInput, fc.oneof(junkForCreate(companyFields), unknownField(fieldNames)), (input, { field, value }) =>
        expectRefusal(crm, () => crm.companies.create(withField(input, field, value) as never), { code: 'validation', path: [field] }),
      ),
      250,
    );
  });

  it('create and update refuse a domain another company has (even a deleted one) with a unique ConflictError', async () => {
    const { crm, globex, acme, defunct } = await seededWorkspace();
    const taken = fc
      .constantFrom(acme.domain as string, defunct.domain as string)
      .chain((domain) => fc.constantFrom(domain, domain.toUpperCase(), `https://www.${domain}/about`));
    await check(
      fc.asyncProperty(companyInput, taken, fc.boolean(), (input, domain, viaUpdate) =>
        expectRefusal(crm, () => (viaUpdate ? crm.companies.update(globex.id, { domain }) : crm.companies.create({ ...input, domain })), {
          code: 'conflict',
          reason: 'unique',
        }),
      ),
    );
  });

  it('every id argument refuses what is not a UUID, naming the argument', async () => {
    const { crm, acme, globex } = await seededWorkspace();
    const calls: Record<string, [string, (id: never) => unknown]> = {
      get: ['id', (id) => crm.companies.get(id)],
      update: ['id', (id) => crm.companies.update(id, { industry: 'Robots' })],
      delete: ['id', (id) => crm.companies.delete(id)],
      restore: ['id', (id) => crm.companies.restore(id)],
      purge: ['id', (id) => crm.companies.purge(id)],
      'merge target': ['targetId', (id) => crm.companies.merge(id, globex.id)],
      'merge source': ['sourceId', (id) => crm.companies.merge(acme.id, id)],
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), badId, (method, id) => {
        const [field, call] = calls[method] as [string, (id: never) => unknown];
        return expectRefusal(crm, () => call(id as never), { code: 'validation', path: [field] });
      }),
      100,
    );
    // findDuplicates takes an id or an input: a bad string is a bad id, anything else a bad input.
    await check(
      fc.asyncProperty(badId, (id) =>
        expectRefusal(crm, () => crm.companies.findDuplicates(id as never), { code: 'validation', ...(typeof id === 'string' ? { path: ['id'] } : {}) }),
      ),
    );
  });

  it('get, update, delete, restore, purge, findDuplicates and merge answer NotFoundError for ids nothing has', async () => {
    const { crm, acme, globex, defunct } = await seededWorkspace();
    const calls: Record<string, (id: string) => unknown> = {
      get: (id) => crm.companies.get(id),
      update: (id) => crm.companies.update(id, { industry: 'Robots' }),
      delete: (id) => crm.companies.delete(id),
      restore: (id) => crm.companies.restore(id),
      purge: (id) => crm.companies.purge(id),
      findDuplicates: (id) => crm.companies.findDuplicates(id),
      'merge target': (id) => crm.companies.merge(id, globex.id),
      'merge source': (id) => crm.companies.merge(acme.id, id),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), uuid, (method, id) =>
        expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(id), { code: 'not_found' }),
      ),
      100,
    );
    for (const method of ['get', 'update', 'delete', 'findDuplicates', 'merge target', 'merge source']) {
      await expectRefusal(crm, () => (calls[method] as (id: string) => unknown)(defunct.id), { code: 'not_found' });
    }
  });

  it('update refuses a patch that is not one, and names the field that is wrong', async () => {
    const { crm, acme } = await seededWorkspace();
    await check(
      fc.asyncProperty(junkWhereEmptyIsValid, (patch) => expectRefusal(crm, () => crm.companies.update(acme.id, patch as never), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(fc.oneof(junkForUpdate(companyFields), unknownField(fieldNames)), ({ field, value }) =>
        expectRefusal(crm, () => crm.companies.update(acme.id, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      250,
    );
  });

  it('write options refuse junk, and a bad expectedVersion is named', async () => {
    const { crm, acme, globex } = await seededWorkspace();
    const writes: Record<string, (options: never) => unknown> = {
      update: (options) => crm.companies.update(acme.id, { industry: 'Robots' }, options),
      delete: (options) => crm.companies.delete(acme.id, options),
      merge: (options) => crm.companies.merge(acme.id, globex.id, options),
    };
    const junkOptions = fc.oneof(
      junkWhereEmptyIsValid.map((options) => ({ options, path: [] as string[] })),
      badInt({ min: 0 }).map((v) => ({ options: { expectedVersion: v }, path: ['expectedVersion'] })),
    );
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(writes)), junkOptions, (method, { options, path }) =>
        expectRefusal(crm, () => (writes[method] as (options: never) => unknown)(options as never), { code: 'validation', path }),
      ),
      100,
    );
  });

  it('update, delete and merge refuse a stale expectedVersion with a ConflictError and leave the record as it was', async () => {
    const { crm, acme, globex } = await seededWorkspace();
    const writes: Record<string, (expectedVersion: number) => unknown> = {
      update: (expectedVersion) => crm.companies.update(acme.id, { name: 'Acme Inc.' }, { expectedVersion }),
      delete: (expectedVersion) => crm.companies.delete(acme.id, { expectedVersion }),
      merge: (expectedVersion) => crm.companies.merge(acme.id, globex.id, { expectedVersion }),
    };
    await check(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(writes)),
        fc.nat({ max: 10_000 }).filter((v) => v !== acme.version),
        (method, version) => expectRefusal(crm, () => (writes[method] as (v: number) => unknown)(version), { code: 'conflict', reason: 'version' }),
      ),
    );
  });

  it('merge refuses to merge a company into itself, at sourceId', async () => {
    const { crm, acme } = await seededWorkspace();
    await expectRefusal(crm, () => crm.companies.merge(acme.id, acme.id), { code: 'validation', path: ['sourceId'] });
  });

  it('list, search and read options refuse junk', async () => {
    const { crm, acme } = await seededWorkspace();
    const calls: Record<string, (junk: never) => unknown> = {
      list: (query) => crm.companies.list(query),
      'search query': (query) => crm.companies.search('acme', query),
      'list options': (options) => crm.companies.list({}, options),
      'get options': (options) => crm.companies.get(acme.id, options),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), junkWhereEmptyIsValid, (method, junk) =>
        expectRefusal(crm, () => (calls[method] as (junk: never) => unknown)(junk as never), { code: 'validation' }),
      ),
      100,
    );
    await check(
      fc.asyncProperty(fc.oneof(notAString, hugeString), (text) =>
        expectRefusal(crm, () => crm.companies.search(text as never), { code: 'validation', path: ['search'] }),
      ),
    );
  });

  it('custom field names that would reach Object.prototype are refused by name', async () => {
    const { crm, acme } = await seededWorkspace();
    for (const reserved of ['__proto__', 'constructor', 'prototype']) {
      const customFields = JSON.parse(`{"${reserved}": 1}`);
      await expectRefusal(crm, () => crm.companies.create({ name: 'Evil Corp', customFields }), { code: 'validation', path: ['customFields', reserved] });
      await expectRefusal(crm, () => crm.companies.update(acme.id, { customFields }), { code: 'validation', path: ['customFields', reserved] });
    }
  });

  it('findDuplicates refuses anything that is not an id or a company input', async () => {
    const { crm } = await seededWorkspace();
    await check(fc.asyncProperty(anyJunk, (junk) => expectRefusal(crm, () => crm.companies.findDuplicates(junk as never), { code: 'validation' })));
  });
});

describe('companies: valid input round-trips', () => {
  it('create then get returns the input, trimmed, with the domain normalised', async () => {
    const crm = emptyCrm();
    const used = new Set<string>();
    await check(
      fc.asyncProperty(
        companyInput,
        domainInput.filter(({ normal }) => !used.has(normal)),
        async (input, { written, normal }) => {
          used.add(normal);
          const created = await crm.companies.create({ ...input, domain: written });
          const stored = await crm.companies.get(created.id);
          assert.deepEqual(stored, created);
          assert.equal(stored.domain, normal);
          assert.equal(stored.name, input.name.trim());
          assert.deepEqual(stored.tags, [...new Set((input.tags ?? []).map((t) => t.toLowerCase()))]);
        },
      ),
    );
  });
});
