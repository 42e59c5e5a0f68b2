import { expect } from '@open-wc/testing';
import { createCrm, type ImportProgress } from '@rapport/core';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

describe('CSV import into IndexedDB (Chromium)', () => {
  let storage: IndexedDbAdapter;
  afterEach(() => storage?.deleteDatabase());

  it('imports 10,000 rows from a File in batches, reporting progress after each, and finds them by search', async () => {
    storage = indexedDbAdapter({ databaseName: `csv-${crypto.randomUUID()}` });
    const crm = createCrm({ storage });
    const lines = ['First name,Last name,Email,Company'];
    for (let i = 0; i < 10_000; i++) lines.push(`Person${i},Family${i % 97},p${i}@example.com,Company ${i % 40}`);
    const file = new File([lines.join('\n')], 'contacts.csv', { type: 'text/csv' });

    const progress: ImportProgress[] = [];
    const result = await crm.contacts.importCsv(file, { batchSize: 1000, onProgress: (p) => progress.push(p) });

    expect([result.rowsRead, result.created, result.failed]).to.deep.equal([10_000, 10_000, 0]);
    expect(progress.length).to.be.at.least(10);
    expect(progress.map((p) => p.created)).to.deep.equal([...progress.map((p) => p.created)].sort((a, b) => a - b));
    expect(await storage.collection('contacts').count()).to.equal(10_000);
    expect(await storage.collection('companies').count()).to.equal(40, 'each company created once');
    const found = await crm.contacts.search('person9999');
    expect(found.items.map((c) => c.emails[0])).to.deep.equal(['p9999@example.com']);
  });

  it('merges a re-import into the stored contacts instead of duplicating them', async () => {
    storage = indexedDbAdapter({ databaseName: `csv-${crypto.randomUUID()}` });
    const crm = createCrm({ storage });
    await crm.contacts.importCsv('Email,Tags\na@x.io,one\nb@x.io,one\n');
    const again = await crm.contacts.importCsv('Email,Tags\nA@X.IO,two\nc@x.io,\n');
    expect([again.created, again.updated]).to.deep.equal([1, 1]);
    const a = (await crm.contacts.list({ where: { emails: 'a@x.io' } })).items[0];
    expect(a?.tags).to.deep.equal(['one', 'two']);
  });
});
