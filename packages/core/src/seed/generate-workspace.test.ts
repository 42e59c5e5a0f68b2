import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { companySchema, contactSchema, createCrm, dealSchema, interactionSchema, memoryAdapter, pipelineSchema } from '../index.js';
import { generateWorkspace, seedWorkspace } from './index.js';

describe('generateWorkspace', () => {
  it('is deterministic: the same seed and time give the same workspace, another seed another one', () => {
    const a = generateWorkspace({ seed: 5, contacts: 120 });
    assert.deepEqual(generateWorkspace({ seed: 5, contacts: 120 }), a);
    assert.notDeepEqual(generateWorkspace({ seed: 6, contacts: 120 }).contacts[0], a.contacts[0]);
  });

  it('makes records that pass the stored schemas', () => {
    const w = generateWorkspace({ seed: 9, contacts: 600 });
    const check = (name: string, schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, records: unknown[]) => {
      for (const record of records) {
        const result = schema.safeParse(record);
        assert.ok(result.success, `${name}: ${JSON.stringify(result.error)}`);
      }
    };
    check('contacts', contactSchema, w.contacts);
    check('companies', companySchema, w.companies);
    check('pipelines', pipelineSchema, w.pipelines);
    check('deals', dealSchema, w.deals);
    check('interactions', interactionSchema, w.interactions);
  });

  it('is a realistic, consistent workspace', () => {
    const w = generateWorkspace({ seed: 2, contacts: 400, now: '2026-06-01T00:00:00Z' });
    assert.equal(w.contacts.length, 400);
    assert.equal(w.companies.length, 50);
    assert.equal(w.deals.length, 120);
    assert.deepEqual(w.pipelines.map((p) => p.name), ['Sales', 'Partnerships']);
    const now = '2026-06-01T00:00:00.000Z';
    assert.ok([...w.contacts, ...w.deals, ...w.interactions].every((r) => r.createdAt <= now), 'nothing after now');
    const ids = new Set([...w.contacts, ...w.companies, ...w.deals, ...w.interactions].map((r) => r.id));
    assert.equal(ids.size, w.contacts.length + w.companies.length + w.deals.length + w.interactions.length, 'ids are unique');
    const stages = new Map(w.pipelines.flatMap((p) => p.stages.map((s) => [s.id, s])));
    for (const deal of w.deals) {
      assert.equal(deal.stageHistory.at(-1)?.stageId, deal.stageId, 'history ends in the current stage');
      assert.equal(stages.get(deal.stageId)?.kind, deal.status, 'status follows the stage');
    }
    const statuses = new Set(w.deals.map((d) => d.status));
    assert.deepEqual([...statuses].sort(), ['lost', 'open', 'won']);
    const stageChanges = w.interactions.filter((i) => i.type === 'stageChange').length;
    assert.equal(stageChanges, w.deals.reduce((n, d) => n + d.stageHistory.length - 1, 0), 'one stage change per move');
  });

  it('seeds a store that the services then use', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const { counts, workspace } = await seedWorkspace(crm.storage, { seed: 3, contacts: 80, chunkSize: 25 });
    assert.equal(counts.contacts, 80);
    assert.equal(await crm.storage.collection('interactions').count(), workspace.interactions.length);
    const someone = workspace.contacts[0];
    assert.ok(someone);
    const found = await crm.contacts.search(`${someone.firstName} ${someone.lastName}`);
    assert.ok(found.items.some((c) => c.id === someone.id));
  });
});
