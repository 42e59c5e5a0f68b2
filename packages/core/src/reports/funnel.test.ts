import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../errors.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { computeFunnel } from './funnel.js';
import { deal, pipeline, reportsWorkspace, stage, uid } from './report-fixtures.test-support.js';

const a = stage(uid(0x11), 'A', 0.2);
const b = stage(uid(0x12), 'B', 0.4);
const c = stage(uid(0x13), 'C', 0.6);
const won = stage(uid(0x14), 'Won', 1, { kind: 'won' });
const lost = stage(uid(0x15), 'Lost', 0, { kind: 'lost' });
const gone = uid(0x16); // a stage the pipeline no longer has
const sales = pipeline(uid(0x10), [a, b, c, won, lost]);

const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
const visits = (...stageIds: string[]) => stageIds.map((stageId, i) => ({ stageId, enteredAt: at(i + 1) }));
const inSales = (n: number, stageIds: string[], extra: object = {}) =>
  deal({ id: uid(n), pipelineId: sales.id, stageId: stageIds[stageIds.length - 1] as string, stageHistory: visits(...stageIds), ...extra });

const deals = [
  inSales(1, [a.id], { ownerId: 'ann' }), // furthest A
  inSales(2, [a.id, b.id], { ownerId: 'ann' }), // furthest B
  inSales(3, [a.id, c.id]), // skipped B: furthest C
  inSales(4, [a.id, b.id, lost.id], { status: 'lost', closedAt: at(3) }), // furthest B; lost is no step
  inSales(5, [a.id, b.id, c.id, won.id], { status: 'won', closedAt: at(4) }), // won: every step
  inSales(6, [a.id, won.id, a.id]), // won once, then reopened: still won
  inSales(7, [lost.id], { status: 'lost', closedAt: at(1) }), // reached nothing
  inSales(8, [gone, b.id]), // the unknown stage is ignored: furthest B
  inSales(9, [a.id, b.id, c.id], { deletedAt: at(9) }), // deleted: never counted
  inSales(10, [a.id], { createdAt: '2025-12-01T00:00:00.000Z' }), // outside the cohort below
];
const data = { pipelines: [sales], deals };

describe('computeFunnel', () => {
  it('counts how far each deal of the cohort got, by its furthest stage', () => {
    // Furthest: none 1 (7), A 1 (1), B 3 (2, 4, 8), C 1 (3), won 2 (5, 6).
    // Reached C = 2 + 1 = 3; B = 3 + 3 = 6; A = 6 + 1 = 7; Won = 2.
    assert.deepEqual(computeFunnel(data, { pipelineId: sales.id, from: '2026-01-01' }), {
      pipelineId: sales.id,
      deals: 8,
      steps: [
        { stageId: a.id, name: 'A', kind: 'open', reached: 7, conversion: null, fromStart: 1 },
        { stageId: b.id, name: 'B', kind: 'open', reached: 6, conversion: 6 / 7, fromStart: 6 / 7 },
        { stageId: c.id, name: 'C', kind: 'open', reached: 3, conversion: 3 / 6, fromStart: 3 / 7 },
        { stageId: won.id, name: 'Won', kind: 'won', reached: 2, conversion: 2 / 3, fromStart: 2 / 7 },
      ],
    });
  });

  it('takes its cohort by creation date and owner', () => {
    assert.equal(computeFunnel(data, { pipelineId: sales.id }).deals, 9);
    assert.deepEqual(
      computeFunnel(data, { pipelineId: sales.id, ownerId: 'ann' }).steps.map((s) => s.reached),
      [2, 1, 0, 0],
    );
    const nobody = computeFunnel(data, { pipelineId: sales.id, from: '2030-01-01' });
    assert.deepEqual(
      nobody.steps.map((s) => [s.reached, s.conversion, s.fromStart]),
      [
        [0, null, null],
        [0, null, null],
        [0, null, null],
        [0, null, null],
      ],
    );
  });

  it('counts a won deal through every open stage when the pipeline has no won stage', () => {
    const plain = pipeline(uid(0x20), [a, b]);
    const winner = deal({ id: uid(21), pipelineId: plain.id, stageId: a.id, status: 'won', closedAt: at(2) });
    const funnel = computeFunnel({ pipelines: [plain], deals: [winner] }, { pipelineId: plain.id });
    assert.deepEqual(
      funnel.steps.map((s) => [s.name, s.reached]),
      [
        ['A', 1],
        ['B', 1],
      ],
    );
  });

  it('refuses an unknown pipeline and a bad period', async () => {
    assert.throws(() => computeFunnel(data, { pipelineId: uid(0x99) }), NotFoundError);
    await rejectsAt(Promise.resolve().then(() => computeFunnel(data, { pipelineId: sales.id, from: '2026-02-01', to: '2026-01-01' })), ['to']);
    await rejectsAt(Promise.resolve().then(() => computeFunnel(data, { pipelineId: 'sales' })), ['pipelineId']);
  });
});

describe('crm.reports.funnel', () => {
  it('reads the stage history the deals service writes', async () => {
    const { crm, reports, clock } = reportsWorkspace();
    const s = await crm.pipelines.create({
      name: 'Sales',
      currency: 'EUR',
      stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
    });
    const [sa, sb, sc] = s.stages;
    const make = () => crm.deals.create({ title: 'Deal', amount: { minor: 100, currency: 'EUR' }, pipelineId: s.id });
    await make(); // stays in A
    clock.advance(60_000);
    const toB = await make();
    await crm.deals.move(toB.id, { stageId: sb?.id as string });
    const toC = await make();
    await crm.deals.move(toC.id, { stageId: sc?.id as string }); // skips B
    const lostFromB = await make();
    await crm.deals.move(lostFromB.id, { stageId: sb?.id as string });
    await crm.deals.lose(lostFromB.id, { reason: 'Budget' });
    await crm.deals.win((await make()).id); // straight from A to Won
    const reopened = await crm.deals.win((await make()).id);
    await crm.deals.reopen(reopened.id);

    const funnel = await reports.funnel({ pipelineId: s.id });
    // Furthest: A 1, B 2, C 1, won 2 → C 3, B 5, A 6, Won 2.
    assert.equal(funnel.deals, 6);
    assert.deepEqual(
      funnel.steps.map((step) => [step.stageId, step.reached]),
      [
        [sa?.id, 6],
        [sb?.id, 5],
        [sc?.id, 3],
        [s.stages[3]?.id, 2],
      ],
    );
  });
});
