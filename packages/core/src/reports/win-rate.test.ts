import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { deal, money, pipeline, reportsWorkspace, stage, uid } from './report-fixtures.test-support.js';
import { computeWinRate } from './win-rate.js';

const sales = pipeline(uid(0x10), [stage(uid(0x11), 'Open', 0.5)]);
const partners = pipeline(uid(0x20), [stage(uid(0x21), 'Open', 0.5)]);
const inSales = { pipelineId: sales.id, stageId: uid(0x11) };
const inPartners = { pipelineId: partners.id, stageId: uid(0x21) };
const closed = (status: 'won' | 'lost', closedAt: string) => ({ status, closedAt: `${closedAt}T00:00:00.000Z`, probability: status === 'won' ? 1 : 0 });

const deals = [
  deal({ id: uid(1), ...inSales, ...closed('won', '2026-02-01'), ownerId: 'ann', amount: money(1000) }),
  deal({ id: uid(2), ...inSales, ...closed('won', '2026-02-10'), ownerId: 'bob', amount: money(3000) }),
  deal({ id: uid(3), ...inSales, ...closed('lost', '2026-02-15'), ownerId: 'ann', amount: money(500) }),
  deal({ id: uid(4), ...inPartners, ...closed('lost', '2026-03-01'), amount: money(200, 'USD') }),
  deal({ id: uid(5), ...inPartners, ...closed('won', '2026-03-05'), ownerId: 'bob', amount: money(700, 'USD') }),
  // Not counted: closed before the period, open, deleted.
  deal({ id: uid(6), ...inSales, ...closed('won', '2025-12-31'), ownerId: 'ann', amount: money(9000) }),
  deal({ id: uid(7), ...inSales, ownerId: 'ann', amount: money(9000) }),
  deal({ id: uid(8), ...inSales, ...closed('won', '2026-02-01'), amount: money(9000), deletedAt: '2026-02-02T00:00:00.000Z' }),
];
const data = { deals };
const from = '2026-01-01';

describe('computeWinRate', () => {
  it('divides won by closed in the period, summing amounts per currency', () => {
    // Won 1, 2, 5; lost 3, 4: 3 / 5.
    assert.deepEqual(computeWinRate(data, { from }), {
      won: 3,
      lost: 2,
      rate: 0.6,
      wonAmounts: [money(4000), money(700, 'USD')],
      lostAmounts: [money(500), money(200, 'USD')],
    });
  });

  it('breaks the rate down by owner (no owner last) or by pipeline', () => {
    assert.deepEqual(computeWinRate(data, { from, groupBy: 'owner' }).groups, [
      { key: 'ann', won: 1, lost: 1, rate: 0.5, wonAmounts: [money(1000)], lostAmounts: [money(500)] },
      { key: 'bob', won: 2, lost: 0, rate: 1, wonAmounts: [money(3000), money(700, 'USD')], lostAmounts: [] },
      { key: null, won: 0, lost: 1, rate: 0, wonAmounts: [], lostAmounts: [money(200, 'USD')] },
    ]);
    assert.deepEqual(
      computeWinRate(data, { from, groupBy: 'pipeline' }).groups?.map((g) => [g.key, g.won, g.lost, g.rate]),
      [
        [sales.id, 2, 1, 2 / 3],
        [partners.id, 1, 1, 0.5],
      ],
    );
  });

  it('narrows by pipeline, owner and period, and has no rate when nothing closed', () => {
    assert.deepEqual(computeWinRate(data, { from, pipelineId: partners.id, ownerId: 'bob' }), {
      won: 1,
      lost: 0,
      rate: 1,
      wonAmounts: [money(700, 'USD')],
      lostAmounts: [],
    });
    assert.deepEqual(computeWinRate(data, { from: '2027-01-01' }), { won: 0, lost: 0, rate: null, wonAmounts: [], lostAmounts: [] });
    // No period: the December win counts too.
    assert.equal(computeWinRate(data, {}).won, 4);
  });

  it('converts to one currency, and names a missing rate', async () => {
    const rate = computeWinRate(data, { from, convert: { to: 'EUR', rates: { USD: 0.5 } } });
    // Won 1000 + 3000 + 700 × 0.5 = 4350; lost 500 + 200 × 0.5 = 600
    assert.deepEqual([rate.wonAmounts, rate.lostAmounts], [[money(4350)], [money(600)]]);
    await rejectsAt(Promise.resolve().then(() => computeWinRate(data, { from, convert: { to: 'EUR', rates: {} } })), ['convert', 'rates', 'USD']);
    await rejectsAt(Promise.resolve().then(() => computeWinRate(data, { groupBy: 'stage' as never })), ['groupBy']);
  });
});

describe('crm.reports.winRate', () => {
  it('counts deals won and lost through the services, by when they closed', async () => {
    const { crm, reports, clock } = reportsWorkspace('2025-12-01T00:00:00Z');
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] });
    const make = (minor: number, ownerId?: string) =>
      crm.deals.create({ title: 'Deal', amount: { minor, currency: 'EUR' }, pipelineId: s.id, ...(ownerId ? { ownerId } : {}) });
    const early = await make(9000, 'ann');
    await crm.deals.win(early.id); // 2025-12-01: before the period
    const [a, b, c] = [await make(1000, 'ann'), await make(3000, 'bob'), await make(500, 'ann')];
    clock.set('2026-02-01T00:00:00Z');
    await crm.deals.win(a.id);
    await crm.deals.win(b.id);
    await crm.deals.lose(c.id, { reason: 'Budget' });

    assert.deepEqual(await reports.winRate({ from: '2026-01-01', groupBy: 'owner' }), {
      won: 2,
      lost: 1,
      rate: 2 / 3,
      wonAmounts: [money(4000)],
      lostAmounts: [money(500)],
      groups: [
        { key: 'ann', won: 1, lost: 1, rate: 0.5, wonAmounts: [money(1000)], lostAmounts: [money(500)] },
        { key: 'bob', won: 1, lost: 0, rate: 1, wonAmounts: [money(3000)], lostAmounts: [] },
      ],
    });
  });
});
