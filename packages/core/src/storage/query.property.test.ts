import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { collectionNames, isRapportError, memoryAdapter, parseQuery, type CollectionName } from '../index.js';
import { anyJunk, unknownField } from '../testing-support/arbitraries.test-support.js';
import { isPlainObject, queryWithOneWrongPart } from '../testing-support/query-arbitraries.test-support.js';
import { check, checkError, checkSync, expectRefusal, seededWorkspace, show, PropertyFailure } from '../testing-support/refusal.test-support.js';

const queryKeys = ['where', 'orderBy', 'limit', 'cursor', 'search'];

/** Junk that cannot be a query: not a plain object, or one with a key a query does not have. */
const notAQuery = anyJunk.filter((value) => value !== undefined && (!isPlainObject(value) || Object.keys(value).some((key) => !queryKeys.includes(key))));

const collection = fc.constantFrom(...collectionNames);

describe('storage port: junk queries are refused with a ValidationError naming the part', () => {
  it('parseQuery answers anything with a normalised query or a ValidationError, never another error', () => {
    checkSync(
      fc.property(fc.oneof(collection, anyJunk), anyJunk, fc.oneof(fc.constant(undefined), anyJunk), (name, query, options) => {
        try {
          parseQuery(name as CollectionName, query, options as never);
        } catch (error) {
          if (!isRapportError(error, 'validation'))
            throw new PropertyFailure(`parseQuery threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`);
        }
      }),
      300,
    );
  });

  it('parseQuery names the collection when it is not one the port stores', () => {
    checkSync(
      fc.property(
        fc.oneof(anyJunk, fc.constantFrom('toString', '__proto__', 'hasOwnProperty', 'Contacts', 'users')).filter((n) => !collectionNames.includes(n as never)),
        fc.constantFrom({}, { where: { id: 'x' } }, { orderBy: { field: 'id' } }),
        (name, query) => {
          let thrown: unknown;
          try {
            parseQuery(name as CollectionName, query);
          } catch (error) {
            thrown = error;
          }
          checkError(thrown, { code: 'validation', path: ['collection'] });
        },
      ),
      100,
    );
  });

  it('query and count refuse whole junk, and nothing is written', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(collection, notAQuery, fc.boolean(), (name, query, counting) =>
        expectRefusal(crm, () => (counting ? crm.storage.collection(name).count(query as never) : crm.storage.collection(name).query(query as never)), {
          code: 'validation',
        }),
      ),
      100,
    );
  });

  it('query names the one part of a query that is wrong', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(
        collection.chain((name) => queryWithOneWrongPart(name).map((wrong) => ({ name, ...wrong }))),
        ({ name, query, path }) => expectRefusal(crm, () => crm.storage.collection(name).query(query as never), { code: 'validation', path }),
      ),
      300,
    );
  });

  it('count takes only where and search, and names the rest', async () => {
    const { crm } = await seededWorkspace();
    const extra = fc.oneof(
      fc.constantFrom('orderBy', 'limit', 'cursor').map((field) => ({ field, value: field === 'limit' ? 10 : field === 'orderBy' ? { field: 'id' } : 'x' })),
      unknownField(['where', 'search']),
    );
    await check(
      fc.asyncProperty(collection, extra, (name, { field, value }) =>
        expectRefusal(crm, () => crm.storage.collection(name).count({ [field]: value } as never), { code: 'validation', path: [field] }),
      ),
    );
    // And a wrong where is named in a count as in a query.
    await check(
      fc.asyncProperty(
        collection.chain((name) =>
          queryWithOneWrongPart(name)
            .filter(({ path }) => path[0] === 'where' || path[0] === 'search')
            .map((w) => ({ name, ...w })),
        ),
        ({ name, query, path }) => expectRefusal(crm, () => crm.storage.collection(name).count(query as never), { code: 'validation', path }),
      ),
      100,
    );
  });

  it('the adapter refuses a collection it does not store, synchronously, naming it', () => {
    const storage = memoryAdapter();
    checkSync(
      fc.property(
        fc.oneof(anyJunk, fc.constantFrom('toString', '__proto__', 'users')).filter((n) => !collectionNames.includes(n as never)),
        (name) => {
          let thrown: unknown;
          try {
            storage.collection(name as CollectionName);
          } catch (error) {
            thrown = error;
          }
          checkError(thrown, { code: 'validation', path: ['collection'] });
        },
      ),
      60,
    );
  });
});

describe('storage port: cursors', () => {
  it('a page cursor continues its own query and is refused under another sort order', async () => {
    const { crm } = await seededWorkspace();
    await check(
      fc.asyncProperty(collection, fc.integer({ min: 1, max: 3 }), fc.boolean(), async (name, limit, descending) => {
        const direction = descending ? 'desc' : 'asc';
        const first = await crm.storage.collection(name).query({ orderBy: { field: 'updatedAt', direction }, limit });
        if (!first.nextCursor) return;
        const second = await crm.storage.collection(name).query({ orderBy: { field: 'updatedAt', direction }, limit, cursor: first.nextCursor });
        assert.equal(
          second.items.some((r) => first.items.some((f) => f.id === r.id)),
          false,
          'pages do not overlap',
        );
        await expectRefusal(crm, () => crm.storage.collection(name).query({ orderBy: { field: 'createdAt', direction }, cursor: first.nextCursor }), {
          code: 'validation',
          path: ['cursor'],
        });
      }),
      30,
    );
  });
});
