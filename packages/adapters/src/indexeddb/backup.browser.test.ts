// Backup to a file and restore from it, as a user of the app would, on Chromium's IndexedDB.
import { expect } from '@open-wc/testing';
import { collectionNames, type CollectionName, type Contact, type StoredRecord } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

const order: CollectionName[] = ['pipelines', 'companies', 'contacts', 'deals', 'interactions'];

async function dump(adapter: IndexedDbAdapter): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of collectionNames) {
    const records: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.collection(name).query({ limit: 1000, ...(cursor ? { cursor } : {}) });
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    out[name] = records;
  }
  return out;
}

describe('IndexedDB backup (Chromium)', () => {
  const opened: IndexedDbAdapter[] = [];
  const open = () => {
    const adapter = indexedDbAdapter({ databaseName: `backup-${crypto.randomUUID()}` });
    opened.push(adapter);
    return adapter;
  };
  afterEach(async () => {
    for (const adapter of opened.splice(0)) await adapter.deleteDatabase();
  });

  it('exports to a file and restores that file into a fresh database', async () => {
    const w = generateWorkspace({ seed: 21, contacts: 120, now: '2026-06-01T12:00:00.000Z' });
    const source = open();
    for (const name of order) await source.collection(name).bulkPut(w[name] as StoredRecord[] as never[]);
    const renamed = await source.collection('contacts').put({ ...(w.contacts[0] as Contact), firstName: 'Zoë' });
    const original = await dump(source);
    const total = Object.values(original).reduce((n, records) => n + records.length, 0);
    expect(total).to.be.greaterThan(300);

    const chunks: string[] = [];
    for await (const chunk of source.exportDatabase()) chunks.push(chunk);
    expect(chunks.length).to.be.greaterThan(2);
    const file = new File(chunks, 'rapport-backup.ndjson', { type: 'application/x-ndjson' });

    const target = open();
    await target.collection('contacts').put({ ...(w.contacts[1] as Contact), id: crypto.randomUUID(), emails: ['gone@example.com'] });
    const seen = new Set<string>();
    target.changes((changes) => changes.forEach((change) => change.type === 'put' && seen.add(change.id)));
    const result = await target.importDatabase(file, { mode: 'replace' });

    expect(result.records).to.equal(total);
    expect(await dump(target)).to.deep.equal(original);
    expect(await target.collection('contacts').get(renamed.id)).to.deep.equal(renamed);
    expect(renamed.version).to.equal(2);
    expect(seen.size).to.equal(total);
    const found = await target.collection('contacts').query({ search: 'zoe' });
    expect(found.items.map((c) => c.id)).to.include(renamed.id);
  });

  it('restores from a file stream in merge mode, and names the line of a damaged file', async () => {
    const w = generateWorkspace({ seed: 22, contacts: 60, now: '2026-06-01T12:00:00.000Z' });
    const source = open();
    for (const name of order) await source.collection(name).bulkPut(w[name] as StoredRecord[] as never[]);
    const chunks: string[] = [];
    for await (const chunk of source.exportDatabase()) chunks.push(chunk);
    const text = chunks.join('');

    const target = open();
    const result = await target.importDatabase(new Blob([text]).stream());
    expect(await dump(target)).to.deep.equal(await dump(source));

    const lines = text.split('\n');
    lines[4] = lines[4]?.replace('"collection":"', '"collection":"x') ?? '';
    const damaged = open();
    let error: { code?: string; issues?: { path: unknown[] }[]; message: string } | undefined;
    try {
      await damaged.importDatabase(new File([lines.join('\n')], 'damaged.ndjson'), { mode: 'replace' });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.code).to.equal('validation');
    expect(error?.issues?.[0]?.path).to.deep.equal(['line', 5, 'collection']);
    expect(error?.message).to.contain('line 5');
    expect(result.records).to.be.greaterThan(0);
  });
});
