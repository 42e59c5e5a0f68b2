import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError, createCrm, fixedClock, memoryAdapter, type Change, type CrmEvent } from '../index.js';

function setup() {
  const clock = fixedClock('2026-05-01T08:00:00Z');
  const crm = createCrm({ storage: memoryAdapter(), clock });
  return { crm, clock };
}

/** The paths of a ValidationError's issues, as dotted strings. */
async function issuePaths(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => assert.fail('expected a ValidationError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
  return error.issues.map((i) => i.path.join('.'));
}

describe('contacts.create', () => {
  it('stores a contact with id, version 1, timestamps and normalised emails', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: ' Ann ', emails: ['  Ann.Lee@ACME.com', 'ann.lee@acme.com'], tags: ['VIP', 'vip'] });
    assert.match(ann.id, /^[0-9a-f-]{36}$/);
    assert.equal(ann.version, 1);
    assert.equal(ann.createdAt, '2026-05-01T08:00:00.000Z');
    assert.equal(ann.updatedAt, ann.createdAt);
    assert.equal(ann.firstName, 'Ann');
    assert.deepEqual(ann.emails, ['ann.lee@acme.com']);
    assert.deepEqual(ann.tags, ['vip']);
    assert.equal(ann.lifecycleStage, 'lead');
    assert.deepEqual(await crm.contacts.get(ann.id), ann);
  });

  it('copies the linked company name onto the contact', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    const ann = await crm.contacts.create({ firstName: 'Ann', companyId: acme.id });
    assert.equal(ann.companyName, 'Acme');
  });

  it('needs a name or an email address', async () => {
    const { crm } = setup();
    assert.deepEqual(await issuePaths(crm.contacts.create({})), ['firstName']);
    assert.ok(await crm.contacts.create({ emails: ['only@mail.io'] }));
  });

  it('names every bad field, and rejects unknown ones', async () => {
    const { crm } = setup();
    const paths = await issuePaths(
      crm.contacts.create({ firstName: 'x'.repeat(201), emails: ['nope'], lifecycleStage: 'king', nickname: 'Annie' } as never),
    );
    assert.deepEqual(paths.sort(), ['emails.0', 'firstName', 'lifecycleStage', 'nickname']);
  });

  it('refuses a link to a company that does not exist, naming companyId, and writes nothing', async () => {
    const { crm } = setup();
    const changes: Change[] = [];
    crm.storage.changes((c) => changes.push(...c));
    assert.deepEqual(await issuePaths(crm.contacts.create({ firstName: 'Ann', companyId: '01900000-0000-7000-8000-000000000001' })), ['companyId']);
    assert.equal(changes.length, 0);
  });

  it('fires contact.created after the write', async () => {
    const { crm } = setup();
    const seen: CrmEvent<'contact.created'>[] = [];
    crm.on('contact.created', (event) => seen.push(event));
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    assert.deepEqual(seen, [{ type: 'contact.created', contact: ann }]);
  });
});

describe('contacts.get', () => {
  it('throws NotFoundError for an unknown id and ValidationError for a malformed one', async () => {
    const { crm } = setup();
    await assert.rejects(crm.contacts.get('01900000-0000-7000-8000-000000000009'), NotFoundError);
    assert.deepEqual(await issuePaths(crm.contacts.get('42')), ['id']);
  });
});

describe('contacts.update', () => {
  it('changes the given fields, keeps the rest, bumps the version and updatedAt', async () => {
    const { crm, clock } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', tags: ['vip'] });
    clock.advance(60_000);
    const updated = await crm.contacts.update(ann.id, { title: 'CTO' });
    assert.equal(updated.title, 'CTO');
    assert.equal(updated.lastName, 'Lee');
    assert.deepEqual(updated.tags, ['vip']);
    assert.equal(updated.version, 2);
    assert.equal(updated.updatedAt, '2026-05-01T08:01:00.000Z');
    assert.equal(updated.createdAt, ann.createdAt);
  });

  it('clears an optional field with null; a required field cannot be cleared', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    const ann = await crm.contacts.create({ firstName: 'Ann', title: 'CTO', companyId: acme.id });
    const cleared = await crm.contacts.update(ann.id, { title: null, companyId: null });
    assert.equal('title' in cleared, false);
    assert.equal('companyId' in cleared, false);
    assert.equal('companyName' in cleared, false, 'the copied company name goes with the link');
    assert.deepEqual(await issuePaths(crm.contacts.update(ann.id, { lifecycleStage: null } as never)), ['lifecycleStage']);
  });

  it('refuses a change that leaves the contact with no name and no email', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    assert.deepEqual(await issuePaths(crm.contacts.update(ann.id, { firstName: null })), ['firstName']);
    assert.equal((await crm.contacts.get(ann.id)).firstName, 'Ann');
  });

  it('with a stale expectedVersion fails with ConflictError and keeps the stored contact', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    await crm.contacts.update(ann.id, { title: 'CTO' }, { expectedVersion: 1 });
    const error = await crm.contacts.update(ann.id, { title: 'CEO' }, { expectedVersion: 1 }).catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError);
    assert.deepEqual([error.reason, error.expectedVersion, error.actualVersion], ['version', 1, 2]);
    assert.equal((await crm.contacts.get(ann.id)).title, 'CTO');
  });

  it('links a company and copies its name; fires contact.updated with the previous version', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    const seen: CrmEvent<'contact.updated'>[] = [];
    crm.on('contact.updated', (event) => seen.push(event));
    const updated = await crm.contacts.update(ann.id, { companyId: acme.id });
    assert.equal(updated.companyName, 'Acme');
    assert.equal(seen[0]?.previous.version, 1);
    assert.equal(seen[0]?.contact.version, 2);
  });
});

describe('contacts.delete, restore and purge', () => {
  it('a deleted contact leaves lists and get, but can be listed with includeDeleted and restored', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    const deleted = await crm.contacts.delete(ann.id);
    assert.equal(deleted.deletedAt, '2026-05-01T08:00:00.000Z');
    await assert.rejects(crm.contacts.get(ann.id), NotFoundError);
    assert.equal((await crm.contacts.list()).items.length, 0);
    assert.equal((await crm.contacts.list({ includeDeleted: true })).items.length, 1);
    assert.equal((await crm.contacts.search('ann')).items.length, 0);
    const restored = await crm.contacts.restore(ann.id);
    assert.equal('deletedAt' in restored, false);
    assert.equal((await crm.contacts.get(ann.id)).firstName, 'Ann');
  });

  it('purge erases the contact, its notes and tasks, and its deal links, but keeps deals history', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    const bob = await crm.contacts.create({ firstName: 'Bob' });
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Next' }] });
    const deal = await crm.deals.create({ title: 'D', amount: { minor: 1, currency: 'EUR' }, pipelineId: pipeline.id, contactIds: [ann.id, bob.id] });
    await crm.deals.move(deal.id, { stageId: pipeline.stages[1]!.id });
    await crm.interactions.log({ type: 'note', contactId: ann.id, body: 'Private remark about Ann' });
    await crm.contacts.purge(ann.id);

    assert.equal(await crm.storage.collection('contacts').get(ann.id), undefined);
    assert.deepEqual((await crm.deals.get(deal.id)).contactIds, [bob.id]);
    const left = (await crm.interactions.list({ dealId: deal.id })).items;
    assert.deepEqual(left.map((i) => [i.type, i.contactId]), [['stageChange', undefined]]);
    assert.equal(await crm.storage.collection('interactions').count({ where: { contactId: ann.id } }), 0);
  });
});

describe('contacts.list and search', () => {
  it('pages through contacts in the order asked for', async () => {
    const { crm } = setup();
    for (const lastName of ['Cho', 'Abe', 'Bee', 'Dow', 'Eck']) await crm.contacts.create({ lastName });
    const first = await crm.contacts.list({ orderBy: { field: 'lastName' }, limit: 2 });
    assert.deepEqual(first.items.map((c) => c.lastName), ['Abe', 'Bee']);
    const second = await crm.contacts.list({ orderBy: { field: 'lastName' }, limit: 2, cursor: first.nextCursor });
    assert.deepEqual(second.items.map((c) => c.lastName), ['Cho', 'Dow']);
  });

  it('searches names, emails and company by word prefix, all words required', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme Robotics' });
    const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', companyId: acme.id });
    await crm.contacts.create({ firstName: 'Anna', lastName: 'Berg', emails: ['anna@globex.io'] });
    assert.deepEqual((await crm.contacts.search('robo ann')).items.map((c) => c.id), [ann.id]);
    assert.equal((await crm.contacts.search('ann')).items.length, 2);
    assert.equal((await crm.contacts.search('globex')).items[0]?.firstName, 'Anna');
  });

  it('keeps search on the company name current after the company is renamed', async () => {
    const { crm } = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    const ann = await crm.contacts.create({ firstName: 'Ann', companyId: acme.id });
    await crm.companies.update(acme.id, { name: 'Initech' });
    assert.equal((await crm.contacts.get(ann.id)).companyName, 'Initech');
    assert.deepEqual((await crm.contacts.search('initech')).items.map((c) => c.id), [ann.id]);
    assert.equal((await crm.contacts.search('acme')).items.length, 0);
  });

  it('rejects a query on an undeclared field, naming it', async () => {
    const { crm } = setup();
    assert.deepEqual(await issuePaths(crm.contacts.list({ where: { password: 'x' } })), ['where.password']);
    assert.deepEqual(await issuePaths(crm.contacts.list({ includeDeleted: 'yes' } as never)), ['includeDeleted']);
  });
});

describe('contacts.findDuplicates and merge', () => {
  it('finds contacts sharing an email or the full name, strongest first', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.com'] });
    const sameEmail = await crm.contacts.create({ firstName: 'A.', emails: ['ann@acme.com'] });
    const both = await crm.contacts.create({ firstName: 'ann', lastName: 'LEE', emails: ['ann@acme.com'] });
    const sameName = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee' });
    await crm.contacts.create({ firstName: 'Ann', lastName: 'Leeds' });
    const found = await crm.contacts.findDuplicates(ann.id);
    assert.deepEqual(
      found.map((d) => [d.contact.id, [...d.reasons].sort()]),
      [
        [both.id, ['email', 'name']],
        [sameEmail.id, ['email']],
        [sameName.id, ['name']],
      ],
    );
  });

  it('checks input that is not stored yet', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'] });
    const found = await crm.contacts.findDuplicates({ emails: ['ANN@acme.com'] });
    assert.deepEqual(found.map((d) => d.contact.id), [ann.id]);
  });

  it('merges lists and missing fields into the target and soft-deletes the source', async () => {
    const { crm } = setup();
    const target = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'], tags: ['vip'], lifecycleStage: 'lead', customFields: { tier: 'gold' } });
    const source = await crm.contacts.create({
      firstName: 'Annie',
      lastName: 'Lee',
      emails: ['ann@home.io', 'ann@acme.com'],
      phones: ['+1 555 0100'],
      tags: ['newsletter'],
      lifecycleStage: 'customer',
      customFields: { tier: 'silver', shoe: 38 },
    });
    const merged = await crm.contacts.merge(target.id, source.id, { expectedVersion: target.version });
    assert.equal(merged.firstName, 'Ann', 'the target keeps its own values');
    assert.equal(merged.lastName, 'Lee', 'missing fields come from the source');
    assert.deepEqual(merged.emails, ['ann@acme.com', 'ann@home.io']);
    assert.deepEqual(merged.phones, ['+1 555 0100']);
    assert.deepEqual(merged.tags, ['vip', 'newsletter']);
    assert.equal(merged.lifecycleStage, 'customer', 'the further stage wins');
    assert.deepEqual(merged.customFields, { tier: 'gold', shoe: 38 });
    const gone = await crm.contacts.get(source.id, { includeDeleted: true });
    assert.equal(gone.mergedIntoId, target.id);
    assert.ok(gone.deletedAt);
  });

  it('refuses merging a contact into itself, a stale target version, and unknown ids', async () => {
    const { crm } = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    const bob = await crm.contacts.create({ firstName: 'Bob' });
    assert.deepEqual(await issuePaths(crm.contacts.merge(ann.id, ann.id)), ['sourceId']);
    await assert.rejects(crm.contacts.merge(ann.id, bob.id, { expectedVersion: 9 }), ConflictError);
    await assert.rejects(crm.contacts.merge(ann.id, '01900000-0000-7000-8000-000000000009'), NotFoundError);
    assert.equal((await crm.contacts.get(bob.id)).deletedAt, undefined, 'nothing merged');
  });

  it('refuses a merge whose union breaks a limit, leaving both contacts as they were', async () => {
    const { crm } = setup();
    const emails = (prefix: string) => Array.from({ length: 15 }, (_, i) => `${prefix}${i}@x.io`);
    const a = await crm.contacts.create({ firstName: 'A', emails: emails('a') });
    const b = await crm.contacts.create({ firstName: 'B', emails: emails('b') });
    assert.deepEqual(await issuePaths(crm.contacts.merge(a.id, b.id)), ['sourceId']);
    assert.equal((await crm.contacts.get(a.id)).version, 1);
    assert.equal((await crm.contacts.get(b.id)).version, 1);
  });
});
