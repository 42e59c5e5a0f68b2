import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { deal, reportsWorkspace, uid } from './report-fixtures.test-support.js';
import { computeSalesCycle } from './sales-cycle.js';

const where = { pipelineId: uid(0x10), stageId: uid(0x11) };
const wonDeal = (n: number, createdAt: string, closedAt: string, extra: object = {}) =>
  deal({ id: uid(n), ...where, status: 'won', probability: 1, createdAt, closedAt, ...extra });

const deals = [
  wonDeal(1, '2026-01-01T00:00:00.000Z', '2026-01-11T00:00:00.000Z'), // 10 days
  wonDeal(2, '2026-01-01T00:00:00.000Z', '2026-01-04T12:00:00.000Z'), // 3.5 days
  wonDeal(3, '2026-01-05T00:00:00.000Z', '2026-02-04T00:00:00.000Z'), // 30 days
  wonDeal(4, '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', { ownerId: 'ann' }), // 1 day
  // Not counted: lost, deleted, won before the period.
  deal({ id: uid(5), ...where, status: 'lost', createdAt: '2026-01-01T00:00:00.000Z', closedAt: '2026-01-20T00:00:00.000Z' }),
  wonDeal(6, '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z', { deletedAt: '2026-01-04T00:00:00.000Z' }),
  wonDeal(7, '2025-11-01T00:00:00.000Z', '2025-12-31T00:00:00.000Z'),
];

describe('computeSalesCycle', () => {
  it('takes the median and mean days from creation to close of the deals won in the period', () => {
    // Sorted: 1, 3.5, 10, 30 → median (3.5 + 10) / 2 = 6.75; mean 44.5 / 4 = 11.125
    assert.deepEqual(computeSalesCycle({ deals }, { from: '2026-01-01' }), { count: 4, medianDays: 6.75, meanDays: 11.125 });
    // Up to February: 1, 3.5, 10 → median 3.5, mean 14.5 / 3
    assert.deepEqual(computeSalesCycle({ deals }, { from: '2026-01-01', to: '2026-02-01' }), { count: 3, medianDays: 3.5, meanDays: 14.5 / 3 });
  });

  it('narrows by owner, and answers null when nothing was won', async () => {
    assert.deepEqual(computeSalesCycle({ deals }, { ownerId: 'ann' }), { count: 1, medianDays: 1, meanDays: 1 });
    assert.deepEqual(computeSalesCycle({ deals }, { from: '2030-01-01' }), { count: 0, medianDays: null, meanDays: null });
    await rejectsAt(Promise.resolve().then(() => computeSalesCycle({ deals }, { to: 'tomorrow' })), ['to']);
  });
});

describe('crm.reports.salesCycle', () => {
  it('measures deals won through the services', async () => {
    const { crm, reports, clock } = reportsWorkspace('2026-01-01T00:00:00Z');
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }] });
    const make = () => crm.deals.create({ title: 'Deal', amount: { minor: 100, currency: 'EUR' }, pipelineId: s.id });
    const [a, b, c] = [await make(), await make(), await make()];
    clock.set('2026-01-02T00:00:00Z');
    await crm.deals.win(a.id); // 1 day
    clock.set('2026-01-04T12:00:00Z');
    await crm.deals.win(b.id); // 3.5 days
    clock.set('2026-01-11T00:00:00Z');
    await crm.deals.win(c.id); // 10 days
    // Median 3.5; mean 14.5 / 3
    assert.deepEqual(await reports.salesCycle(), { count: 3, medianDays: 3.5, meanDays: 14.5 / 3 });
  });
});
