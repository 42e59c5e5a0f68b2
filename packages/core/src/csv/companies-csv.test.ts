import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCrm, fixedClock, memoryAdapter } from '../index.js';

function setup() {
  return createCrm({ storage: memoryAdapter(), clock: fixedClock('2026-05-01T08:00:00Z') });
}

describe('companies.importCsv and exportCsv', () => {
  it('imports companies with normalised domains, reporting bad rows by row and column', async () => {
    const crm = setup();
    const csv = 'Company,Website,Industry,Employees\nAcme,https://www.acme.com/,Robotics,11-50\nGlobex,not a domain,Energy,\nInitech,,Software,lots\n';
    const result = await crm.companies.importCsv(csv);
    assert.deepEqual([result.created, result.failed], [1, 2]);
    assert.deepEqual(result.errors.map((e) => [e.row, e.field, e.column]), [[3, 'domain', 'Website'], [4, 'size', 'Employees']]);
    const [acme] = (await crm.companies.list()).items;
    assert.deepEqual([acme?.name, acme?.domain, acme?.industry, acme?.size], ['Acme', 'acme.com', 'Robotics', '11-50']);
  });

  it('de-duplicates by domain, then by exact name, merging into the stored company', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.com' });
    const globex = await crm.companies.create({ name: 'Globex' });
    const result = await crm.companies.importCsv('Name,Domain,Industry,Tags\nACME Inc,ACME.com,Robotics,key\nglobex,,Energy,\nNew Co,new.co,,\n');
    assert.deepEqual([result.created, result.updated], [1, 2]);
    const merged = await crm.companies.get(acme.id);
    assert.deepEqual([merged.name, merged.industry, merged.tags], ['Acme', 'Robotics', ['key']]);
    assert.equal((await crm.companies.get(globex.id)).industry, 'Energy');
  });

  it('with onDuplicate "create" still never creates a second holder of a domain', async () => {
    const crm = setup();
    await crm.companies.create({ name: 'Acme', domain: 'acme.com' });
    const result = await crm.companies.importCsv('Name,Domain\nAcme two,acme.com\nAcme,\n', { onDuplicate: 'create' });
    assert.deepEqual([result.created, result.skipped], [1, 1]);
    assert.equal((await crm.companies.list()).items.length, 2);
  });

  it('exports and re-imports companies unchanged', async () => {
    const source = setup();
    await source.companies.create({ name: 'Acme, Inc.', domain: 'acme.com', industry: 'Robotics', size: '51-200', tags: ['key', 'eu'] });
    let csv = '';
    for await (const chunk of source.companies.exportCsv()) csv += chunk;
    const target = setup();
    const result = await target.companies.importCsv(csv);
    assert.equal(result.created, 1);
    const pick = (c: { name: string; domain?: string | undefined; industry?: string | undefined; size?: string | undefined; tags: string[] }) => [c.name, c.domain, c.industry, c.size, c.tags];
    assert.deepEqual((await target.companies.list()).items.map(pick), (await source.companies.list()).items.map(pick));
  });
});
