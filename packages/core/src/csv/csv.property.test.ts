import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRapportError } from '../index.js';
import {
  badEnum,
  badInt,
  hugeString,
  junkForCreate,
  junkWhereEmptyIsValid,
  notAnObject,
  notAString,
  unknownField,
  withField,
  type FieldJunk,
} from '../testing-support/arbitraries.test-support.js';
import { queryWithOneWrongPart } from '../testing-support/query-arbitraries.test-support.js';
import { check, expectRefusal, PropertyFailure, seededWorkspace, show, snapshot } from '../testing-support/refusal.test-support.js';

const csv = 'First name,Last name,Email,Company\nZoë,Nguyen,zoe@initech.com,Initech\nLars,,lars@hooli.io,\n';

const notAFunction = fc.oneof(notAString, fc.string({ maxLength: 5 })).filter((v) => typeof v !== 'function');

/** How to get every import option wrong. */
const importOptions: Record<string, FieldJunk> = {
  mapping: { junk: fc.oneof(notAnObject, fc.constant({ Email: 42 }), fc.constant({ Email: ['emails'] })) },
  onDuplicate: { junk: badEnum(['merge', 'skip', 'create']) },
  defaults: { junk: fc.oneof(notAnObject, fc.constant({ ownerId: () => 'u1' }), fc.constant({ tags: [Symbol('vip')] })) },
  batchSize: { junk: badInt({ min: 1, max: 5000 }) },
  onProgress: { junk: notAFunction },
  signal: { junk: fc.oneof(notAFunction, fc.constant({ aborted: false })) },
  maxErrors: { junk: badInt({ min: 0 }) },
  delimiter: { junk: fc.oneof(notAString, fc.constantFrom('', ';;;;;'), hugeString) },
};

/** How to get every export option wrong. */
const exportOptions: Record<string, FieldJunk> = {
  where: { junk: fc.oneof(notAnObject, fc.constant(new Date())) },
  search: { junk: fc.oneof(notAString, hugeString, fc.constant('a'.repeat(201))) },
  includeDeleted: { junk: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()) },
  customFields: {
    junk: fc.oneof(
      notAnObject.filter((v) => !Array.isArray(v)),
      fc.constant(['']),
      fc.constant([42]),
      fc.constant(Array.from({ length: 101 }, (_, i) => `f${i}`)),
    ),
  },
  batchSize: { junk: badInt({ min: 1, max: 1000 }) },
  signal: { junk: notAFunction },
};

/** Sources that are neither CSV text nor a Blob, a stream or an iterable of text or bytes. */
const badSource = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.bigInt(), fc.constant(Symbol('csv')), fc.constant(null), fc.constant({ csv })),
  // Iterables of something other than text or bytes.
  fc.constantFrom<unknown>([1, 2, 3], [{ row: 1 }], new Set([7]), new Map([['a', 'b']]), new Uint8Array([65, 66]), [null]),
  // Nothing but blank lines: no header.
  fc.constantFrom('', '\n\n', '  \n\t\n'),
);

const services = fc.constantFrom('contacts' as const, 'companies' as const);

describe('CSV import and export: malformed options and sources are refused and nothing is written', () => {
  it('importCsv refuses junk options, naming the option that is wrong', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(services, junkWhereEmptyIsValid, (service, options) =>
        expectRefusal(crm, () => crm[service].importCsv(csv, options as never), { code: 'validation' }),
      ),
    );
    await check(
      fc.asyncProperty(
        services,
        fc.oneof(
          junkForCreate(importOptions).filter(({ value }) => value !== null),
          unknownField(Object.keys(importOptions)),
        ),
        (service, { field, value }) =>
          expectRefusal(crm, () => crm[service].importCsv(csv, withField({}, field, value) as never), { code: 'validation', path: [field] }),
      ),
      150,
    );
  });

  it('importCsv names a mapping to a field that does not exist', async () => {
    const { crm } = await seededWorkspace();
    const target = fc
      .oneof(fc.constantFrom('email', 'Emails', 'id', 'version', 'companyId', 'deletedAt'), fc.stringMatching(/^[a-z]{3,10}$/))
      .filter((field) => !['emails', 'phones', 'tags', 'title', 'name', 'domain', 'industry', 'size', 'phone'].includes(field));
    await check(
      fc.asyncProperty(services, target, (service, field) =>
        expectRefusal(crm, () => crm[service].importCsv(csv, { mapping: { Email: field } }), { code: 'validation', path: ['mapping', 'Email'] }),
      ),
    );
  });

  it('importCsv refuses a source that is not CSV text, a Blob, a stream or an iterable of text or bytes', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(services, badSource, (service, source) =>
        expectRefusal(crm, () => crm[service].importCsv(source as never), { code: 'validation', path: ['source'] }),
      ),
    );
  });

  it('importCsv of any text either imports it or refuses it whole, and never fails otherwise', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 12, unit: 'grapheme' }), fc.constantFrom('"', '""', '"a,b"', '=1+1', 'ann@acme.com', '\r\n'));
    const text = fc.oneof(
      fc.string({ maxLength: 200, unit: 'grapheme' }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n')),
    );
    await check(
      fc.asyncProperty(services, text, async (service, source) => {
        const { crm } = await seededWorkspace();
        const before = await snapshot(crm.storage);
        try {
          await crm[service].importCsv(source);
        } catch (error) {
          if (!isRapportError(error, 'validation'))
            throw new PropertyFailure(`importCsv(${show(source)}) failed with ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`);
          if ((await snapshot(crm.storage)) !== before) throw new PropertyFailure('A refused import wrote records');
        }
      }),
      80,
    );
  });

  it('exportCsv refuses junk options, naming the option or the part of the where that is wrong', async () => {
    const { crm } = await seededWorkspace();
    const exportFirstChunk = (service: 'contacts' | 'companies', options: unknown) => () => crm[service].exportCsv(options as never).next();
    await check(
      fc.asyncProperty(services, junkWhereEmptyIsValid, (service, options) => expectRefusal(crm, exportFirstChunk(service, options), { code: 'validation' })),
    );
    await check(
      fc.asyncProperty(
        services,
        fc.oneof(
          junkForCreate(exportOptions).filter(({ value }) => value !== null),
          unknownField(Object.keys(exportOptions)),
        ),
        (service, { field, value }) => expectRefusal(crm, exportFirstChunk(service, withField({}, field, value)), { code: 'validation', path: [field] }),
      ),
      100,
    );
    await check(
      fc.asyncProperty(
        services.chain((service) =>
          queryWithOneWrongPart(service)
            .filter(({ path }) => path[0] === 'where')
            .map((wrong) => ({ service, ...wrong })),
        ),
        ({ service, query, path }) => expectRefusal(crm, exportFirstChunk(service, { where: query.where }), { code: 'validation', path }),
      ),
      100,
    );
    // zod's record would drop a `__proto__` condition and export everything; the port names it instead.
    await expectRefusal(crm, exportFirstChunk('contacts', { where: JSON.parse('{"__proto__": "x"}') }), { code: 'validation', path: ['where', '__proto__'] });
  });
});
