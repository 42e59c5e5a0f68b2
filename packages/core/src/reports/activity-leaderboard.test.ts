import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InteractionType } from '../interactions/interaction.schema.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { computeActivityLeaderboard } from './activity-leaderboard.js';
import { interaction, reportsWorkspace, uid } from './report-fixtures.test-support.js';

let n = 0;
const entry = (type: InteractionType, ownerId: string | undefined, day: string) =>
  interaction({ id: uid(++n), type, occurredAt: `${day}T10:00:00.000Z`, contactId: uid(0x100), ...(ownerId ? { ownerId } : {}) });

const interactions = [
  entry('call', 'ann', '2026-02-01'),
  entry('call', 'ann', '2026-02-02'),
  entry('email', 'ann', '2026-02-03'),
  entry('email', 'bob', '2026-02-03'),
  entry('meeting', 'bob', '2026-02-04'),
  entry('note', 'bob', '2026-02-04'),
  entry('note', undefined, '2026-02-04'),
  entry('call', 'dan', '2026-02-05'),
  entry('stageChange', 'ann', '2026-02-05'), // written by the deals service: not counted by default
  entry('call', 'carl', '2025-12-01'), // before the period
];
const data = { interactions };
const from = '2026-01-01';
const counts = (byType: Partial<Record<InteractionType, number>>) => ({ note: 0, call: 0, email: 0, meeting: 0, task: 0, formSubmission: 0, custom: 0, ...byType });

describe('computeActivityLeaderboard', () => {
  it('ranks owners by interactions in the period, ties by owner id, no owner last', () => {
    assert.deepEqual(computeActivityLeaderboard(data, { from }), {
      types: ['note', 'call', 'email', 'meeting', 'task', 'formSubmission', 'custom'],
      rows: [
        { ownerId: 'ann', total: 3, byType: counts({ call: 2, email: 1 }) },
        { ownerId: 'bob', total: 3, byType: counts({ email: 1, meeting: 1, note: 1 }) },
        { ownerId: 'dan', total: 1, byType: counts({ call: 1 }) },
        { ownerId: null, total: 1, byType: counts({ note: 1 }) },
      ],
    });
  });

  it('counts only the types asked for, in the canonical order, and cuts at the limit', () => {
    assert.deepEqual(computeActivityLeaderboard(data, { from, types: ['email', 'call', 'call'], limit: 2 }), {
      types: ['call', 'email'],
      rows: [
        { ownerId: 'ann', total: 3, byType: { call: 2, email: 1 } },
        { ownerId: 'bob', total: 1, byType: { call: 0, email: 1 } },
      ],
    });
    assert.deepEqual(computeActivityLeaderboard(data, { types: ['stageChange'] }).rows, [{ ownerId: 'ann', total: 1, byType: { stageChange: 1 } }]);
    // Without a period, Carl's December call counts.
    assert.equal(computeActivityLeaderboard(data, { types: ['call'] }).rows.find((r) => r.ownerId === 'carl')?.total, 1);
  });

  it('refuses bad types and limits by name', async () => {
    for (const [params, path] of [
      [{ types: [] }, ['types']],
      [{ types: ['fax'] }, ['types', 0]],
      [{ limit: 0 }, ['limit']],
      [{ limit: 1.5 }, ['limit']],
      [{ top: 3 }, ['top']],
    ] as const) {
      await rejectsAt(Promise.resolve().then(() => computeActivityLeaderboard(data, params as never)), path);
    }
  });
});

describe('crm.reports.activityLeaderboard', () => {
  it('counts what was logged through the services, not the stage changes deals write', async () => {
    const { crm, reports } = reportsWorkspace('2026-02-10T00:00:00Z');
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    const s = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const d = await crm.deals.create({ title: 'Deal', amount: { minor: 1, currency: 'EUR' }, pipelineId: s.id, ownerId: 'u1' });
    await crm.deals.move(d.id, { stageId: s.stages[1]?.id as string }); // a stageChange owned by u1
    await crm.interactions.log({ type: 'call', contactId: ann.id, ownerId: 'u1', occurredAt: '2026-02-01T09:00:00Z' });
    await crm.interactions.log({ type: 'email', contactId: ann.id, ownerId: 'u2', occurredAt: '2026-02-01T09:00:00Z' });
    await crm.interactions.log({ type: 'email', contactId: ann.id, ownerId: 'u2', occurredAt: '2026-02-02T09:00:00Z' });
    await crm.interactions.log({ type: 'note', contactId: ann.id, ownerId: 'u1', occurredAt: '2025-01-01T09:00:00Z' });

    const board = await reports.activityLeaderboard({ from: '2026-01-01', types: ['call', 'email'] });
    assert.deepEqual(board.rows, [
      { ownerId: 'u2', total: 2, byType: { call: 0, email: 2 } },
      { ownerId: 'u1', total: 1, byType: { call: 1, email: 0 } },
    ]);
  });
});
