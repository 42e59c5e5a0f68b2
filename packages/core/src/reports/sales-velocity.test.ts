import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { deal, money, reportsWorkspace, uid } from './report-fixtures.test-support.js';
import { computeSalesVelocity } from './sales-velocity.js';

const where = { pipelineId: uid(0x10), stageId: uid(0x11) };
const created = '2026-01-01T00:00:00.000Z';
const open = (n: number, amount = money(100)) => deal({ id: uid(n), ...where, amount });
const closed = (n: number, status: 'won' | 'lost', amount: { minor: number; currency: string }, days: number) =>
  deal({ id: uid(n), ...where, status, amount, createdAt: created, closedAt: new Date(Date.parse(created) + days * 86_400_000).toISOString() });

const deals = [
  open(1),
  open(2),
  open(3),
  closed(4, 'won', money(1000), 10),
  closed(5, 'won', money(2001), 20),
  closed(6, 'lost', money(800), 3),
  open(7, money(100, 'USD')),
  closed(8, 'won', money(500, 'GBP'), 5),
  // Not counted: a win before the period, a deleted open deal.
  deal({ id: uid(9), ...where, status: 'won', amount: money(50_000), createdAt: '2025-01-01T00:00:00.000Z', closedAt: '2025-12-01T00:00:00.000Z' }),
  deal({ id: uid(10), ...where, deletedAt: created }),
];
const from = '2026-01-01';

describe('computeSalesVelocity', () => {
  it('computes open × win rate × average won ÷ cycle per currency', () => {
    assert.deepEqual(computeSalesVelocity({ deals }, { from }), {
      groups: [
        // EUR: 3 open; won 2 of 3 closed; average round(3001 / 2) = 1501; cycle (10 + 20) / 2 = 15
        // per day: round(3 × 2/3 × 1501 / 15) = round(200.13) = 200
        { currency: 'EUR', openDeals: 3, winRate: 2 / 3, averageWon: money(1501), cycleDays: 15, perDay: money(200) },
        // GBP: nothing open, so 0 a day; the rest is known.
        { currency: 'GBP', openDeals: 0, winRate: 1, averageWon: money(500, 'GBP'), cycleDays: 5, perDay: money(0, 'GBP') },
        // USD: nothing closed: no rate, no average, no cycle, no velocity.
        { currency: 'USD', openDeals: 1, winRate: null, averageWon: null, cycleDays: null, perDay: null },
      ],
    });
  });

  it('converts everything into one group', async () => {
    // Open 3 + 1 = 4; won 1000 + 2001 + 500 × 2 = 4001 over 3 → 1334; 3 of 4 closed won;
    // cycle (10 + 20 + 5) / 3 = 35/3; per day round(4 × 0.75 × 1334 × 3/35) = round(343.03) = 343
    assert.deepEqual(computeSalesVelocity({ deals }, { from, convert: { to: 'EUR', rates: { USD: 0.5, GBP: 2 } } }), {
      groups: [{ currency: 'EUR', openDeals: 4, winRate: 0.75, averageWon: money(1334), cycleDays: 35 / 3, perDay: money(343) }],
    });
    assert.deepEqual(computeSalesVelocity({ deals: [] }, { convert: { to: 'EUR', rates: {} } }), {
      groups: [{ currency: 'EUR', openDeals: 0, winRate: null, averageWon: null, cycleDays: null, perDay: null }],
    });
    await rejectsAt(Promise.resolve().then(() => computeSalesVelocity({ deals }, { convert: { to: 'EUR', rates: { USD: 0.5 } } })), ['convert', 'rates', 'GBP']);
  });

  it('has no velocity when deals were won in no time', () => {
    const instant = deal({ id: uid(20), ...where, status: 'won', createdAt: created, closedAt: created });
    assert.equal(computeSalesVelocity({ deals: [open(21), instant] }, {}).groups[0]?.perDay, null);
  });
});

describe('crm.reports.salesVelocity', () => {
  it('combines open deals now with deals closed through the services', async () => {
    const { crm, reports, clock } = reportsWorkspace(created);
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] });
    const make = (minor: number) => crm.deals.create({ title: 'Deal', amount: { minor, currency: 'EUR' }, pipelineId: s.id });
    await make(100);
    await make(100);
    const [a, b] = [await make(1000), await make(3000)];
    clock.set('2026-01-05T00:00:00Z');
    await crm.deals.win(a.id); // 4 days
    await crm.deals.lose(b.id, { reason: 'Budget' });
    // 2 open × 1/2 × 1000 ÷ 4 days = 250 a day
    assert.deepEqual(await reports.salesVelocity({ from }), {
      groups: [{ currency: 'EUR', openDeals: 2, winRate: 0.5, averageWon: money(1000), cycleDays: 4, perDay: money(250) }],
    });
  });
});
