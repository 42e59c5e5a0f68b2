// What the adapter says about the site's storage, checked against the browser's own answers and
// against a real write: `persist()` and `storageEstimate()` on Chromium.
import { expect } from '@open-wc/testing';
import type { Contact } from '@rapport/core';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

/** Contacts carrying `bytes` of random hex each, which no storage engine can compress away. */
function bulkyContacts(count: number, bytes: number): Contact[] {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const raw = crypto.getRandomValues(new Uint8Array(bytes / 2));
    return {
      id: crypto.randomUUID(),
      version: 1,
      lastName: `Bulky ${i}`,
      emails: [],
      phones: [],
      lifecycleStage: 'lead',
      tags: [],
      consent: [],
      customFields: { notes: Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('') },
      createdAt: at,
      updatedAt: at,
    };
  });
}

describe('indexedDbAdapter: persist() and storageEstimate() (Chromium)', () => {
  let adapter: IndexedDbAdapter;

  beforeEach(() => {
    adapter = indexedDbAdapter({ databaseName: `estimate-${crypto.randomUUID()}` });
  });

  afterEach(() => adapter.deleteDatabase());

  it("persist() resolves whether the browser will keep the site's data, as the browser says", async () => {
    const granted = await adapter.persist();
    expect(granted).to.be.a('boolean');
    expect(granted).to.equal(await navigator.storage.persisted());
  });

  it('storageEstimate() gives numeric usage and quota, and the persistence the browser reports', async () => {
    await adapter.collection('contacts').bulkPut(bulkyContacts(1, 1_000));
    const estimate = await adapter.storageEstimate();
    expect(estimate.usage).to.be.a('number');
    expect(estimate.quota).to.be.a('number');
    expect(estimate.usage).to.be.greaterThan(0, 'this origin holds a database');
    expect(estimate.quota).to.be.greaterThan(estimate.usage as number);
    expect(estimate.persisted).to.equal(await navigator.storage.persisted());
  });

  it('reports more usage after records are written', async () => {
    const before = await adapter.storageEstimate();
    const written = 200 * 5_000;
    await adapter.collection('contacts').bulkPut(bulkyContacts(200, 5_000));
    const after = await adapter.storageEstimate();
    // Other test files may write or delete their own (small) databases meanwhile; 1 MB stands out.
    expect((after.usage as number) - (before.usage as number), `usage ${before.usage} → ${after.usage} after writing ${written} bytes`).to.be.at.least(written / 4);
  });
});
