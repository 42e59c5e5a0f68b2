import { fixtureId, companyRecord, contactRecord } from './fixtures.js';
import { assert, assertEqual, assertRejects } from './assert.js';
import type { SuiteEnv, TestApi } from './suite-env.js';

/** get, getMany, put, bulkPut, delete, versions and unique fields. */
export function crudConformance({ describe, it }: TestApi, env: SuiteEnv): void {
  describe('records and versions', () => {
    it('put stores a new record at version 1 and get returns an equal copy', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      const stored = await contacts.put(contactRecord(1, { lastName: 'Lee', tags: ['vip'] }));
      assertEqual(stored.version, 1, 'version of a new record');
      assertEqual(await contacts.get(fixtureId(1)), stored, 'get after put');
    }));

    it('put replaces a record and raises its version by one', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1));
      const second = await contacts.put(contactRecord(1, { lastName: 'Changed' }));
      assertEqual(second.version, 2, 'version after the second write');
      assertEqual((await contacts.get(fixtureId(1)))?.lastName, 'Changed', 'stored field');
    }));

    it('get of a missing id resolves undefined; getMany keeps order and leaves holes', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.bulkPut([contactRecord(1), contactRecord(3)]);
      assertEqual(await contacts.get(fixtureId(2)), undefined, 'get of a missing id');
      const many = await contacts.getMany([fixtureId(3), fixtureId(2), fixtureId(1)]);
      assertEqual(many.map((c) => c?.id), [fixtureId(3), undefined, fixtureId(1)], 'getMany ids');
    }));

    it('returns copies: changing a returned record changes nothing stored', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      const stored = await contacts.put(contactRecord(1, { tags: ['a'] }));
      stored.tags.push('mutated');
      const read = await contacts.get(fixtureId(1));
      assert(read, 'record is stored');
      read.tags.push('again');
      assertEqual((await contacts.get(fixtureId(1)))?.tags, ['a'], 'stored tags');
    }));

    it('put with the expected version succeeds; a stale one conflicts and changes nothing', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1));
      const v2 = await contacts.put(contactRecord(1, { lastName: 'Two' }), { expectedVersion: 1 });
      assertEqual(v2.version, 2, 'version after a conditional write');
      const error = await assertRejects(contacts.put(contactRecord(1, { lastName: 'Stale' }), { expectedVersion: 1 }), 'conflict', 'stale write');
      assertEqual((error as unknown as { reason: string }).reason, 'version', 'conflict reason');
      const stored = await contacts.get(fixtureId(1));
      assertEqual([stored?.version, stored?.lastName], [2, 'Two'], 'record after the refused write');
    }));

    it('expectedVersion 0 means "create only"; a positive one on a missing record is not found', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1), { expectedVersion: 0 });
      await assertRejects(contacts.put(contactRecord(1), { expectedVersion: 0 }), 'conflict', 'second create of the same id');
      await assertRejects(contacts.put(contactRecord(2), { expectedVersion: 3 }), 'not_found', 'conditional write of a missing record');
      assertEqual(await contacts.get(fixtureId(2)), undefined, 'nothing written for the missing record');
    }));

    it('delete removes a record and resolves true; a missing id resolves false', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1));
      assertEqual(await contacts.delete(fixtureId(1)), true, 'delete of a stored record');
      assertEqual(await contacts.get(fixtureId(1)), undefined, 'get after delete');
      assertEqual(await contacts.delete(fixtureId(1)), false, 'delete of a missing record');
    }));

    it('delete with a stale version conflicts and keeps the record; with a version of a missing one is not found', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(1));
      await contacts.put(contactRecord(1));
      await assertRejects(contacts.delete(fixtureId(1), { expectedVersion: 1 }), 'conflict', 'stale delete');
      assert(await contacts.get(fixtureId(1)), 'record kept after a refused delete');
      await assertRejects(contacts.delete(fixtureId(9), { expectedVersion: 1 }), 'not_found', 'conditional delete of a missing record');
      assertEqual(await contacts.delete(fixtureId(1), { expectedVersion: 2 }), true, 'delete at the right version');
    }));

    it('bulkPut stores every record, each at its next version', env.withAdapter(async (adapter) => {
      const contacts = adapter.collection('contacts');
      await contacts.put(contactRecord(2));
      const stored = await contacts.bulkPut([contactRecord(1), contactRecord(2), contactRecord(3)]);
      assertEqual(stored.map((c) => c.version), [1, 2, 1], 'versions after bulkPut');
      assertEqual(await contacts.count(), 3, 'count after bulkPut');
    }));

    it('a unique field (company domain) refuses a second holder, with reason "unique"', env.withAdapter(async (adapter) => {
      const companies = adapter.collection('companies');
      await companies.put(companyRecord(1, { domain: 'acme.com' }));
      await companies.put(companyRecord(2));
      await companies.put(companyRecord(3));
      const error = await assertRejects(companies.put(companyRecord(4, { domain: 'acme.com' })), 'conflict', 'second company with a taken domain');
      assertEqual((error as unknown as { reason: string; field: string }).reason, 'unique', 'conflict reason');
      assertEqual((error as unknown as { field: string }).field, 'domain', 'conflicting field');
      assertEqual(await companies.get(fixtureId(4)), undefined, 'refused company not stored');
      // The holder may rewrite itself; once it lets go of the domain, another may take it.
      await companies.put(companyRecord(1, { domain: 'acme.com', name: 'Acme' }));
      await companies.put(companyRecord(1, { domain: 'acme.org' }));
      await companies.put(companyRecord(4, { domain: 'acme.com' }));
      assertEqual((await companies.get(fixtureId(4)))?.domain, 'acme.com', 'domain taken after it was freed');
    }));

    it('bulkPut is all or nothing: one unique clash stores none of the batch', env.withAdapter(async (adapter) => {
      const companies = adapter.collection('companies');
      await companies.put(companyRecord(1, { domain: 'acme.com' }));
      await assertRejects(
        companies.bulkPut([companyRecord(2, { domain: 'beta.com' }), companyRecord(3, { domain: 'acme.com' })]),
        'conflict',
        'bulkPut with a clash',
      );
      assertEqual(await companies.count(), 1, 'companies after the refused bulkPut');
    }));

    it('an aborted signal rejects a read', env.withAdapter(async (adapter) => {
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      let rejected = false;
      await adapter.collection('contacts').query({}, { signal: controller.signal }).catch(() => (rejected = true));
      assert(rejected, 'query with an aborted signal rejects');
    }));
  });
}
