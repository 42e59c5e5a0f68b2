import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { collectionNames, createCrm, memoryAdapter, type Crm } from './index.js';
import { anyJunk, unknownField } from './testing-support/arbitraries.test-support.js';
import { queryWithOneWrongPart } from './testing-support/query-arbitraries.test-support.js';
import { check, checkError, checkSync, emptyCrm, expectRefusal, seededWorkspace, type Refusal } from './testing-support/refusal.test-support.js';

/** Calls `watch`, which must throw at once as `refusal` says, and checks that its listener never hears a later write. */
async function expectWatchRefused(crm: Crm, watch: (listener: () => void) => unknown, refusal: Refusal): Promise<void> {
  let heard = 0;
  let thrown: unknown;
  try {
    const stop = watch(() => heard++);
    if (typeof stop === 'function') stop();
  } catch (error) {
    thrown = error;
  }
  checkError(thrown, refusal);
  // A refused watch leaves no subscription behind: later writes reach no listener.
  await crm.contacts.create({ firstName: 'After' });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(heard, 0, 'the listener of a refused watch was called');
}

/** Objects that are not plain: zod would read them as `{}`, which for a list query means "everything". */
const notPlain = fc.constantFrom<unknown>(new Date(), new Map(), new Set(), Object(1), /x/, new (class Query {})());

describe('crm.watch: a bad query throws a ValidationError at once and subscribes nothing', () => {
  it('refuses anything that is not a query of a known collection', async () => {
    const crm = emptyCrm();
    await check(
      fc.asyncProperty(anyJunk, (query) => expectWatchRefused(crm, (listener) => crm.watch(query as never, listener), { code: 'validation' })),
      60,
    );
  });

  it('names the part of the query that is wrong', async () => {
    const crm = emptyCrm();
    const wrong = fc.constantFrom(...collectionNames).chain((collection) =>
      fc.oneof(
        queryWithOneWrongPart(collection).map(({ query, path }) => ({ query: { collection, ...query }, path })),
        unknownField(['collection', 'where', 'orderBy', 'limit', 'cursor', 'search', 'includeDeleted']).map(({ field, value }) => ({
          query: { collection, [field]: value },
          path: [field] as readonly (string | number)[],
        })),
        fc
          .constantFrom('yes', 1, null, 'true')
          .map((includeDeleted) => ({ query: { collection, includeDeleted }, path: ['includeDeleted'] as readonly (string | number)[] })),
      ),
    );
    await check(
      fc.asyncProperty(wrong, ({ query, path }) => expectWatchRefused(crm, (listener) => crm.watch(query as never, listener), { code: 'validation', path })),
      150,
    );
  });

  it('names a listener or an onError that is not a function', async () => {
    const crm = emptyCrm();
    const notAFunction = anyJunk.filter((v) => typeof v !== 'function');
    await check(
      fc.asyncProperty(notAFunction, (listener) =>
        expectWatchRefused(crm, () => crm.watch({ collection: 'contacts' }, listener as never), { code: 'validation', path: ['listener'] }),
      ),
      30,
    );
    await check(
      fc.asyncProperty(
        notAFunction.filter((v) => v !== undefined),
        (onError) =>
          expectWatchRefused(crm, (listener) => crm.watch({ collection: 'contacts' }, listener, { onError } as never), {
            code: 'validation',
            path: ['onError'],
          }),
      ),
      30,
    );
  });
});

describe('lists: a query must be a plain object', () => {
  it('list and search of every service refuse a Date, a Map or a class instance as their query', async () => {
    const { crm } = await seededWorkspace();
    const calls: Record<string, (query: never) => unknown> = {
      'contacts.list': (q) => crm.contacts.list(q),
      'contacts.search': (q) => crm.contacts.search('ann', q),
      'companies.list': (q) => crm.companies.list(q),
      'companies.search': (q) => crm.companies.search('acme', q),
      'deals.list': (q) => crm.deals.list(q),
      'pipelines.list': (q) => crm.pipelines.list(q),
    };
    await check(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), notPlain, (method, query) =>
        expectRefusal(crm, () => (calls[method] as (q: never) => unknown)(query as never), { code: 'validation' }),
      ),
    );
  });
});

describe('createCrm: options are checked when the workspace is made', () => {
  it('refuses a missing storage adapter, a clock without now, and a newId that is not a function', () => {
    const storage = memoryAdapter();
    const wrong = fc.oneof(
      anyJunk.map((options) => ({ options, path: 'storage' })),
      anyJunk
        .filter((v) => v !== undefined && typeof (v as { now?: unknown } | null)?.now !== 'function')
        .map((clock) => ({ options: { storage, clock }, path: 'clock' })),
      anyJunk.filter((v) => v !== undefined && typeof v !== 'function').map((newId) => ({ options: { storage, newId }, path: 'newId' })),
    );
    checkSync(
      fc.property(wrong, ({ options, path }) => {
        let thrown: unknown;
        try {
          createCrm(options as never);
        } catch (error) {
          thrown = error;
        }
        checkError(thrown, { code: 'validation', path: [path] });
      }),
      100,
    );
  });
});
