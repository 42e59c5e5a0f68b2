import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError, ValidationError, createCrm, fixedClock, memoryAdapter } from '../index.js';
import { normalizeDomain } from './domain.js';

function setup() {
  return createCrm({ storage: memoryAdapter(), clock: fixedClock('2026-05-01T08:00:00Z') });
}

describe('normalizeDomain', () => {
  it('reduces URLs and spellings of a domain to one form', () => {
    for (const input of ['acme.com', 'ACME.com', 'https://www.acme.com/about?x=1', 'http://user@acme.com:8080', 'www2.acme.com.', '  acme.com  ']) {
      assert.equal(normalizeDomain(input), 'acme.com', input);
    }
    assert.equal(normalizeDomain('shop.acme.co.uk'), 'shop.acme.co.uk');
  });

  it('refuses what is not a host name', () => {
    for (const input of ['', 'acme', 'acme..com', '-acme.com', 'acme.123', 'javascript:alert(1)', 'a b.com', `${'a'.repeat(64)}.com`]) {
      assert.equal(normalizeDomain(input), undefined, input);
    }
  });
});

describe('companies', () => {
  it('creates a company with a normalised domain', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme', domain: 'https://www.Acme.com/', size: '11-50' });
    assert.equal(acme.domain, 'acme.com');
    assert.deepEqual(await crm.companies.get(acme.id), acme);
  });

  it('names a malformed domain and an unknown size', async () => {
    const crm = setup();
    const error = await crm.companies.create({ name: 'Acme', domain: 'not a domain', size: 'huge' as never }).catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues.map((i) => i.path.join('.')).sort(), ['domain', 'size']);
  });

  it('keeps domains unique: a second company with the same domain conflicts, on create and on update', async () => {
    const crm = setup();
    await crm.companies.create({ name: 'Acme', domain: 'acme.com' });
    const error = await crm.companies.create({ name: 'Acme again', domain: 'WWW.ACME.COM' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError);
    assert.deepEqual([error.reason, error.field], ['unique', 'domain']);
    const other = await crm.companies.create({ name: 'Other' });
    await assert.rejects(crm.companies.update(other.id, { domain: 'acme.com' }), ConflictError);
    assert.equal((await crm.companies.list()).items.length, 2);
  });

  it('renaming a company renames it on every contact, in the same transaction', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    const contacts = await Promise.all(['Ann', 'Bob', 'Cy'].map((firstName) => crm.contacts.create({ firstName, companyId: acme.id })));
    await crm.companies.update(acme.id, { name: 'Acme Inc.' });
    for (const c of contacts) assert.equal((await crm.contacts.get(c.id)).companyName, 'Acme Inc.');
  });

  it('deletes softly, restores, and purges with its links', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.com' });
    const ann = await crm.contacts.create({ firstName: 'Ann', companyId: acme.id });
    const note = await crm.interactions.log({ type: 'note', companyId: acme.id, body: 'Company-only note' });
    const call = await crm.interactions.log({ type: 'call', contactId: ann.id });
    assert.equal(call.companyId, acme.id, 'the call is linked to the contact’s company');

    await crm.companies.delete(acme.id);
    await assert.rejects(crm.companies.get(acme.id), NotFoundError);
    await crm.companies.restore(acme.id);
    await crm.companies.purge(acme.id);

    const after = await crm.contacts.get(ann.id);
    assert.equal(after.companyId, undefined);
    assert.equal(after.companyName, undefined);
    await assert.rejects(crm.interactions.get(note.id), NotFoundError);
    assert.equal((await crm.interactions.get(call.id)).companyId, undefined);
    assert.equal(await crm.storage.collection('companies').get(acme.id), undefined);
  });

  it('searches by name and domain', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme Robotics', domain: 'acmebots.io' });
    await crm.companies.create({ name: 'Globex' });
    assert.deepEqual((await crm.companies.search('robo')).items.map((c) => c.id), [acme.id]);
    assert.deepEqual((await crm.companies.search('acmebots')).items.map((c) => c.id), [acme.id]);
  });

  it('finds duplicates by name, and by the domain of a deleted company', async () => {
    const crm = setup();
    const old = await crm.companies.create({ name: 'Old Acme', domain: 'acme.com' });
    await crm.companies.delete(old.id);
    const a = await crm.companies.create({ name: 'ACME' });
    const found = await crm.companies.findDuplicates({ name: 'Acme', domain: 'acme.com' });
    assert.deepEqual(
      found.map((d) => [d.company.id, d.reasons]),
      [
        [old.id, ['domain']],
        [a.id, ['name']],
      ],
    );
  });

  it('merges a company: contacts, deals and interactions move, the domain passes to the target', async () => {
    const crm = setup();
    const target = await crm.companies.create({ name: 'Acme', tags: ['key'] });
    const source = await crm.companies.create({ name: 'ACME Corp', domain: 'acme.com', industry: 'Robotics', tags: ['partner'] });
    const ann = await crm.contacts.create({ firstName: 'Ann', companyId: source.id });
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }] });
    const deal = await crm.deals.create({ title: 'D', amount: { minor: 1, currency: 'EUR' }, pipelineId: pipeline.id, companyId: source.id });
    const note = await crm.interactions.log({ type: 'note', companyId: source.id });

    const merged = await crm.companies.merge(target.id, source.id);
    assert.deepEqual([merged.name, merged.domain, merged.industry, merged.tags], ['Acme', 'acme.com', 'Robotics', ['key', 'partner']]);
    const movedAnn = await crm.contacts.get(ann.id);
    assert.deepEqual([movedAnn.companyId, movedAnn.companyName], [target.id, 'Acme']);
    assert.equal((await crm.deals.get(deal.id)).companyId, target.id);
    assert.equal((await crm.interactions.get(note.id)).companyId, target.id);
    const gone = await crm.companies.get(source.id, { includeDeleted: true });
    assert.deepEqual([gone.mergedIntoId, gone.domain], [target.id, undefined]);
  });
});
