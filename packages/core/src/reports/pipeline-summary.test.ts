import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../errors.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { computePipelineSummary } from './pipeline-summary.js';
import { deal, money, pipeline, reportsWorkspace, stage, uid } from './report-fixtures.test-support.js';

const lead = stage(uid(0x11), 'Lead', 0.1);
const proposal = stage(uid(0x12), 'Proposal', 0.5);
const won = stage(uid(0x13), 'Won', 1, { kind: 'won' });
const lost = stage(uid(0x14), 'Lost', 0, { kind: 'lost' });
const sales = pipeline(uid(0x10), [lead, proposal, won, lost]);
const other = pipeline(uid(0x20), [stage(uid(0x21), 'Other', 0.3)]);
const inSales = { pipelineId: sales.id };

const deals = [
  deal({ id: uid(1), ...inSales, stageId: lead.id, amount: money(1000), ownerId: 'ann' }),
  deal({ id: uid(2), ...inSales, stageId: lead.id, amount: money(2001), probability: 0.25, ownerId: 'bob' }),
  deal({ id: uid(3), ...inSales, stageId: proposal.id, amount: money(3000), ownerId: 'bob' }),
  deal({ id: uid(4), ...inSales, stageId: proposal.id, amount: money(500, 'USD'), ownerId: 'bob' }),
  deal({ id: uid(5), ...inSales, stageId: won.id, amount: money(4000), status: 'won', probability: 1, closedAt: '2026-02-01T00:00:00.000Z' }),
  deal({ id: uid(6), ...inSales, stageId: lost.id, amount: money(700), status: 'lost', probability: 0, closedAt: '2026-02-01T00:00:00.000Z' }),
  // Never counted: deleted, or in another pipeline.
  deal({ id: uid(7), ...inSales, stageId: lead.id, amount: money(9999), deletedAt: '2026-01-02T00:00:00.000Z' }),
  deal({ id: uid(8), pipelineId: other.id, stageId: uid(0x21), amount: money(8888) }),
];
const data = { pipelines: [sales, other], deals };

const line = (s: typeof lead, count: number, amounts: unknown[], weighted: unknown[]) => ({
  stageId: s.id,
  name: s.name,
  kind: s.kind,
  probability: s.probability,
  count,
  amounts,
  weighted,
});

describe('computePipelineSummary', () => {
  it('counts, sums and weights each stage by currency, and totals the stages', () => {
    assert.deepEqual(computePipelineSummary(data, { pipelineId: sales.id }), {
      pipelineId: sales.id,
      stages: [
        // 1000 × 0.1 (stage) + 2001 × 0.25 (deal) = 100 + 500.25 → 600
        line(lead, 2, [money(3001)], [money(600)]),
        // EUR 3000 × 0.5 = 1500; USD 500 × 0.5 = 250, apart
        line(proposal, 2, [money(3000), money(500, 'USD')], [money(1500), money(250, 'USD')]),
        line(won, 1, [money(4000)], [money(4000)]),
        line(lost, 1, [money(700)], [money(0)]),
      ],
      // EUR 3001 + 3000 + 4000 + 700 = 10701, weighted 600 + 1500 + 4000 + 0 = 6100
      total: { count: 6, amounts: [money(10701), money(500, 'USD')], weighted: [money(6100), money(250, 'USD')] },
    });
  });

  it("narrows to one owner's deals, and lists empty stages with no amounts", () => {
    const summary = computePipelineSummary(data, { pipelineId: sales.id, ownerId: 'ann' });
    assert.deepEqual(
      summary.stages.map((s) => [s.name, s.count, s.amounts]),
      [
        ['Lead', 1, [money(1000)]],
        ['Proposal', 0, []],
        ['Won', 0, []],
        ['Lost', 0, []],
      ],
    );
    assert.deepEqual(summary.total, { count: 1, amounts: [money(1000)], weighted: [money(100)] });
  });

  it('converts every amount into one currency with the rates given', () => {
    const summary = computePipelineSummary(data, { pipelineId: sales.id, convert: { to: 'EUR', rates: { usd: 0.9 } } });
    // Proposal: 3000 + 500 × 0.9 = 3450; weighted 1500 + 250 × 0.9 = 1725
    assert.deepEqual(summary.stages[1]?.amounts, [money(3450)]);
    assert.deepEqual(summary.stages[1]?.weighted, [money(1725)]);
    // Converted lists always have one entry, 0 for an empty stage.
    assert.deepEqual(computePipelineSummary(data, { pipelineId: sales.id, ownerId: 'ann', convert: { to: 'EUR', rates: {} } }).stages[2]?.amounts, [money(0)]);
    assert.deepEqual(summary.total, { count: 6, amounts: [money(11151)], weighted: [money(6325)] });
  });

  it('names the missing rate, and the unknown pipeline', async () => {
    await rejectsAt(Promise.resolve().then(() => computePipelineSummary(data, { pipelineId: sales.id, convert: { to: 'GBP', rates: { USD: 0.8 } } })), [
      'convert',
      'rates',
      'EUR',
    ]);
    assert.throws(() => computePipelineSummary(data, { pipelineId: uid(0x99) }), (error) => error instanceof NotFoundError && error.id === uid(0x99));
  });
});

describe('crm.reports.pipelineSummary', () => {
  it('summarises deals made through the services', async () => {
    const { crm, reports } = reportsWorkspace();
    const p = await crm.pipelines.create({
      name: 'Sales',
      currency: 'EUR',
      stages: [{ name: 'Lead', probability: 0.1 }, { name: 'Proposal', probability: 0.5 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
    });
    const [leadStage, proposalStage] = p.stages;
    const make = (minor: number, currency: string, extra: object = {}) =>
      crm.deals.create({ title: 'Deal', amount: { minor, currency }, pipelineId: p.id, ...extra });
    await make(1000, 'EUR');
    await make(2001, 'EUR', { probability: 0.25 });
    await make(3000, 'EUR', { stageId: proposalStage?.id });
    await make(500, 'usd', { stageId: proposalStage?.id });
    await crm.deals.win((await make(4000, 'EUR')).id);
    await crm.deals.lose((await make(700, 'EUR')).id, { reason: 'Budget' });
    await crm.deals.delete((await make(9999, 'EUR')).id);

    const summary = await reports.pipelineSummary({ pipelineId: p.id });
    // The same arithmetic as the literal fixture above.
    assert.deepEqual(
      summary.stages.map((s) => [s.stageId, s.count, s.amounts, s.weighted]),
      [
        [leadStage?.id, 2, [money(3001)], [money(600)]],
        [proposalStage?.id, 2, [money(3000), money(500, 'USD')], [money(1500), money(250, 'USD')]],
        [p.stages[2]?.id, 1, [money(4000)], [money(4000)]],
        [p.stages[3]?.id, 1, [money(700)], [money(0)]],
      ],
    );
    assert.deepEqual(summary.total, { count: 6, amounts: [money(10701), money(500, 'USD')], weighted: [money(6100), money(250, 'USD')] });
    await assert.rejects(reports.pipelineSummary({ pipelineId: uid(0x99) }), NotFoundError);
  });
});
