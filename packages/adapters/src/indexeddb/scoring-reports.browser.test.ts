import { expect } from '@open-wc/testing';
import { createCrm, fixedClock, memoryAdapter, type Change, type Crm } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

const now = '2026-06-01T12:00:00.000Z';
const seed = { seed: 21, contacts: 400, now };

/** The same seeded workspace in IndexedDB and in memory, so every answer can be compared. */
async function twins(): Promise<{ idb: Crm; memory: Crm; storage: IndexedDbAdapter }> {
  const storage = indexedDbAdapter({ databaseName: `scoring-${crypto.randomUUID()}` });
  const idb = createCrm({ storage, clock: fixedClock(now) });
  const memory = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  await seedWorkspace(idb.storage, seed);
  await seedWorkspace(memory.storage, seed);
  return { idb, memory, storage };
}

describe('scoring and reports on IndexedDB (Chromium)', () => {
  let storage: IndexedDbAdapter | undefined;
  afterEach(() => storage?.deleteDatabase());

  it('scoreAll stores the same scores as the memory adapter, and after one new interaction writes only that contact', async () => {
    const crm = await twins();
    storage = crm.storage;
    const progress: number[] = [];
    const result = await crm.idb.scoring.scoreAll({ batchSize: 100, onProgress: (p) => progress.push(p.processed) });
    await crm.memory.scoring.scoreAll();
    expect(result.processed).to.equal(400);
    expect(progress).to.deep.equal([100, 200, 300, 400]);

    const scores = async (c: Crm) => (await c.contacts.list({ limit: 1000, orderBy: { field: 'id' } })).items.map((x) => [x.id, x.score?.value, x.score?.grade]);
    expect(await scores(crm.idb)).to.deep.equal(await scores(crm.memory));
    const [first] = (await crm.idb.contacts.list({ limit: 1 })).items;
    expect(first?.score).to.not.equal(undefined);

    const [contact] = (await crm.idb.contacts.list({ limit: 1, orderBy: { field: 'score.value', direction: 'asc' } })).items;
    if (!contact) throw new Error('no contact');
    await crm.idb.interactions.log({ type: 'meeting', contactId: contact.id, occurredAt: '2026-06-01T10:00:00Z' });
    const written: Change[] = [];
    const stop = crm.storage.changes((batch) => written.push(...batch));
    const again = await crm.idb.scoring.scoreAll();
    stop();
    expect(again.updated).to.equal(1);
    expect(written.map((c) => [c.collection, c.id])).to.deep.equal([['contacts', contact.id]]);
  });

  it('trains the same model and predicts the same way as on the memory adapter', async () => {
    const crm = await twins();
    storage = crm.storage;
    const model = await crm.idb.scoring.train({ seed: 4, minExamples: 10 });
    expect(model).to.deep.equal(await crm.memory.scoring.train({ seed: 4, minExamples: 10 }));
    expect(model.metrics.auc).to.be.a('number');
    const [contact] = (await crm.idb.contacts.list({ limit: 1 })).items;
    if (!contact) throw new Error('no contact');
    expect(await crm.idb.scoring.predict(contact.id, model)).to.deep.equal(await crm.memory.scoring.predict(contact.id, model));
  });

  it('computes every report with the same result as the memory adapter', async () => {
    const crm = await twins();
    storage = crm.storage;
    const [pipeline] = (await crm.idb.pipelines.list()).items;
    if (!pipeline) throw new Error('no pipeline');
    const period = { from: '2025-06-01', to: '2026-06-01' };
    // Each run with a measure of how much it found, so an empty answer on both sides cannot pass.
    const runs: [string, (c: Crm) => Promise<unknown>, (result: never) => number][] = [
      ['pipelineSummary', (c) => c.reports.pipelineSummary({ pipelineId: pipeline.id }), (r: { total: { count: number } }) => r.total.count],
      ['forecast', (c) => c.reports.forecast({ period: 'quarter' }), (r: { buckets: unknown[] }) => r.buckets.length],
      ['funnel', (c) => c.reports.funnel({ pipelineId: pipeline.id }), (r: { deals: number }) => r.deals],
      ['winRate', (c) => c.reports.winRate({ ...period, groupBy: 'owner' }), (r: { won: number }) => r.won],
      ['salesCycle', (c) => c.reports.salesCycle(period), (r: { count: number }) => r.count],
      ['salesVelocity', (c) => c.reports.salesVelocity(period), (r: { groups: unknown[] }) => r.groups.length],
      ['activityLeaderboard', (c) => c.reports.activityLeaderboard(period), (r: { rows: unknown[] }) => r.rows.length],
      ['leadSources', (c) => c.reports.leadSources({ by: ['channel', 'utmSource'] }), (r: { rows: unknown[] }) => r.rows.length],
      ['staleDeals', (c) => c.reports.staleDeals({}), (r: { deals: unknown[] }) => r.deals.length],
    ];
    for (const [name, run, found] of runs) {
      const result = await run(crm.idb);
      expect(result, name).to.deep.equal(await run(crm.memory));
      expect(found(result as never), `${name} found data`).to.be.above(0);
    }
  });
});
