import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { deal, interaction, money, pipeline, reportsWorkspace, stage, uid } from './report-fixtures.test-support.js';
import { computeStaleDeals } from './stale-deals.js';

const lead = stage(uid(0x11), 'Lead', 0.2, { rottingDays: 10 });
const proposal = stage(uid(0x12), 'Proposal', 0.5, { rottingDays: 5 });
const review = stage(uid(0x13), 'Review', 0.7);
const won = stage(uid(0x14), 'Won', 1, { kind: 'won' });
const sales = pipeline(uid(0x10), [lead, proposal, review, won]);
const asOf = '2026-03-01T00:00:00.000Z';
const t = (day: string) => (day.length === 10 ? `${day}T00:00:00.000Z` : day);

/** A deal whose last stage-history entry is `stageId` at `enteredAt`. */
const sitting = (n: number, stageId: string, enteredAt: string, extra: object = {}) =>
  deal({ id: uid(n), pipelineId: sales.id, stageId, createdAt: '2026-01-01T00:00:00.000Z', stageHistory: [{ stageId, enteredAt: t(enteredAt) }], ...extra });

const deals = [
  sitting(1, lead.id, '2026-02-01', { ownerId: 'ann' }), // idle 28 days > 10
  sitting(2, lead.id, '2026-02-01'), // a call on 02-25: idle 4
  deal({
    id: uid(3),
    pipelineId: sales.id,
    stageId: proposal.id,
    stageHistory: [
      { stageId: lead.id, enteredAt: t('2026-01-01') },
      { stageId: proposal.id, enteredAt: '2026-02-20T12:00:00.000Z' },
    ],
  }), // a note on 02-10, before it moved: idle 8.5 > 5
  sitting(4, proposal.id, '2026-02-01', { amount: money(700, 'USD') }), // last touched 02-15 (a later call is after asOf): idle 14 > 5
  sitting(5, review.id, '2025-01-01'), // Review never rots
  sitting(6, lead.id, '2025-01-01', { status: 'won', closedAt: t('2025-02-01') }), // closed
  sitting(7, lead.id, '2025-01-01', { deletedAt: t('2025-06-01') }), // deleted
  sitting(8, lead.id, '2026-02-01', { ownerId: 'bob' }), // idle 28, ties with 1
  sitting(9, lead.id, '2026-02-19'), // idle exactly 10: not past it
];
const interactions = [
  interaction({ id: uid(101), dealId: uid(2), occurredAt: t('2026-02-25') }),
  interaction({ id: uid(102), type: 'note', dealId: uid(3), occurredAt: t('2026-02-10') }),
  interaction({ id: uid(103), dealId: uid(4), occurredAt: t('2026-02-15') }),
  interaction({ id: uid(104), dealId: uid(4), occurredAt: t('2026-03-05') }),
  interaction({ id: uid(105), contactId: uid(0x100), occurredAt: t('2026-02-28') }),
];
const data = { pipelines: [sales], deals, interactions };

const row = (n: number, stageId: string, lastActivityAt: string, idleDays: number, rottingDays: number, extra: object = {}) => ({
  dealId: uid(n),
  title: `Deal ${uid(n).slice(-4)}`,
  pipelineId: sales.id,
  stageId,
  ...extra,
  amount: money(1000),
  lastActivityAt,
  idleDays,
  rottingDays,
  overdueDays: idleDays - rottingDays,
});

describe('computeStaleDeals', () => {
  it('finds open deals idle past their stage allowance, counting from their last activity', () => {
    assert.deepEqual(computeStaleDeals(data, { asOf }), {
      asOf,
      deals: [
        // 02-01 → 03-01 is 28 days; 28 − 10 = 18 overdue, for both; ties by id
        row(1, lead.id, t('2026-02-01'), 28, 10, { ownerId: 'ann' }),
        row(8, lead.id, t('2026-02-01'), 28, 10, { ownerId: 'bob' }),
        // last call 02-15 → 14 days; 14 − 5 = 9
        { ...row(4, proposal.id, t('2026-02-15'), 14, 5), amount: money(700, 'USD') },
        // entered Proposal 02-20 12:00 → 8.5 days; 8.5 − 5 = 3.5
        row(3, proposal.id, '2026-02-20T12:00:00.000Z', 8.5, 5),
      ],
    });
  });

  it('narrows by owner and pipeline, and cuts at the limit', () => {
    assert.deepEqual(
      computeStaleDeals(data, { asOf, ownerId: 'bob' }).deals.map((d) => d.dealId),
      [uid(8)],
    );
    assert.deepEqual(computeStaleDeals(data, { asOf, pipelineId: uid(0x99) }).deals, []);
    assert.deepEqual(
      computeStaleDeals(data, { asOf, limit: 2 }).deals.map((d) => d.dealId),
      [uid(1), uid(8)],
    );
    // On 02-20, 1, 8 and also 2 (its call on 02-25 has not happened yet) are 19 days idle, 9 over;
    // 4 was touched on 02-15 (5 days: not past 5); 3 had not yet entered Proposal.
    assert.deepEqual(
      computeStaleDeals(data, { asOf: '2026-02-20T00:00:00Z' }).deals.map((d) => [d.dealId, d.overdueDays]),
      [
        [uid(1), 9],
        [uid(2), 9],
        [uid(8), 9],
      ],
    );
  });

  it('needs asOf, and names what is wrong', async () => {
    for (const [params, path] of [
      [{}, ['asOf']],
      [{ asOf: 'now' }, ['asOf']],
      [{ asOf, limit: 0 }, ['limit']],
      [{ asOf, pipelineId: 'sales' }, ['pipelineId']],
    ] as const) {
      await rejectsAt(Promise.resolve().then(() => computeStaleDeals(data, params as never)), path);
    }
  });
});

describe('crm.reports.staleDeals', () => {
  it('measures idleness up to the clock, from the last interaction logged on the deal', async () => {
    const { crm, reports, clock } = reportsWorkspace('2026-02-01T00:00:00Z');
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Lead', rottingDays: 10 }, { name: 'Review' }] });
    const make = () => crm.deals.create({ title: 'Deal', amount: { minor: 1000, currency: 'EUR' }, pipelineId: s.id });
    const [quiet, touched] = [await make(), await make()];
    await crm.interactions.log({ type: 'call', dealId: touched.id, occurredAt: '2026-02-25T00:00:00Z' });
    clock.set('2026-03-01T00:00:00Z');

    const stale = await reports.staleDeals();
    assert.deepEqual(stale, {
      asOf: '2026-03-01T00:00:00.000Z',
      deals: [
        {
          dealId: quiet.id,
          title: 'Deal',
          pipelineId: s.id,
          stageId: s.stages[0]?.id,
          amount: money(1000),
          lastActivityAt: '2026-02-01T00:00:00.000Z',
          idleDays: 28,
          rottingDays: 10,
          overdueDays: 18,
        },
      ],
    });
    // An explicit asOf wins over the clock.
    assert.deepEqual((await reports.staleDeals({ asOf: '2026-02-05' })).deals, []);
  });
});
