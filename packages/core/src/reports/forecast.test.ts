import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { computeForecast, type ForecastParams } from './forecast.js';
import { deal, money, pipeline, reportsWorkspace, stage, uid } from './report-fixtures.test-support.js';

const lead = stage(uid(0x11), 'Lead', 0.2);
const proposal = stage(uid(0x12), 'Proposal', 0.5);
const negotiation = stage(uid(0x13), 'Negotiation', 0.8);
const won = stage(uid(0x14), 'Won', 1, { kind: 'won' });
const lost = stage(uid(0x15), 'Lost', 0, { kind: 'lost' });
const sales = pipeline(uid(0x10), [lead, proposal, negotiation, won, lost]);
const p = { pipelineId: sales.id };

const deals = [
  deal({ id: uid(1), ...p, stageId: lead.id, amount: money(1000), expectedCloseDate: '2026-03-10' }),
  deal({ id: uid(2), ...p, stageId: proposal.id, amount: money(2000), expectedCloseDate: '2026-03-31' }),
  deal({ id: uid(3), ...p, stageId: negotiation.id, amount: money(3000), expectedCloseDate: '2026-05-01' }),
  deal({ id: uid(4), ...p, stageId: lead.id, amount: money(400, 'USD'), probability: 0.75, expectedCloseDate: '2026-03-15' }),
  deal({ id: uid(5), ...p, stageId: won.id, amount: money(5000), status: 'won', probability: 1, closedAt: '2026-04-20T10:00:00.000Z', expectedCloseDate: '2026-06-30' }),
  deal({ id: uid(6), ...p, stageId: lost.id, amount: money(7000), status: 'lost', probability: 0, closedAt: '2026-03-02T00:00:00.000Z', expectedCloseDate: '2026-03-02' }),
  deal({ id: uid(7), ...p, stageId: proposal.id, amount: money(600) }),
  deal({ id: uid(8), ...p, stageId: negotiation.id, amount: money(9000), expectedCloseDate: '2026-03-03', deletedAt: '2026-01-05T00:00:00.000Z' }),
];
const data = { pipelines: [sales], deals };

const none = { count: 0, amounts: [] };
const one = (minor: number, currency = 'EUR') => ({ count: 1, amounts: [money(minor, currency)] });
const empty = (key: string, start: string, end: string) => ({ key, start, end, pipeline: none, bestCase: none, commit: none, closed: none, weighted: [] });

describe('computeForecast', () => {
  it('places open deals by expected close month in one category each, and won deals by close month', () => {
    assert.deepEqual(computeForecast(data, {}), {
      period: 'month',
      buckets: [
        {
          key: '2026-03',
          start: '2026-03-01',
          end: '2026-04-01',
          pipeline: one(1000), // Lead, 0.2 < 0.4
          bestCase: one(2000), // Proposal, 0.4 ≤ 0.5 < 0.7
          commit: one(400, 'USD'), // the deal's own 0.75 ≥ 0.7
          closed: none,
          // EUR 1000 × 0.2 + 2000 × 0.5 = 1200; USD 400 × 0.75 = 300
          weighted: [money(1200), money(300, 'USD')],
        },
        // Won on 2026-04-20, whatever its expected close date said.
        { ...empty('2026-04', '2026-04-01', '2026-05-01'), closed: one(5000) },
        // 3000 × 0.8 = 2400
        { ...empty('2026-05', '2026-05-01', '2026-06-01'), commit: one(3000), weighted: [money(2400)] },
      ],
      // 600 × 0.5 = 300
      undated: { pipeline: none, bestCase: one(600), commit: none, weighted: [money(300)] },
    });
  });

  it('buckets by quarter from `from` to `to`, empty ones included', () => {
    const forecast = computeForecast(data, { period: 'quarter', from: '2025-10-01', to: '2026-07-01' });
    assert.deepEqual(
      forecast.buckets.map((b) => [b.key, b.start, b.end, b.pipeline.count, b.bestCase.count, b.commit.count, b.closed.count, b.weighted]),
      [
        ['2025-Q4', '2025-10-01', '2026-01-01', 0, 0, 0, 0, []],
        ['2026-Q1', '2026-01-01', '2026-04-01', 1, 1, 1, 0, [money(1200), money(300, 'USD')]],
        // to = 2026-07-01 is the first instant of Q3, so Q2 is the last bucket.
        ['2026-Q2', '2026-04-01', '2026-07-01', 0, 0, 1, 1, [money(2400)]],
      ],
    );
  });

  it('compares expected close dates with the period at their midnight', () => {
    // from 2026-03-15 12:00 leaves out 03-10 and 03-15 (midnight is before noon); to 2026-05-01 leaves out 05-01.
    const forecast = computeForecast(data, { from: '2026-03-15T12:00:00Z', to: '2026-05-01' });
    assert.deepEqual(
      forecast.buckets.map((b) => [b.key, b.pipeline.count, b.bestCase.count, b.commit.count, b.closed.count]),
      [
        ['2026-03', 0, 1, 0, 0],
        ['2026-04', 0, 0, 0, 1],
      ],
    );
    assert.equal(forecast.undated.bestCase.count, 1, 'undated deals are not placed by any period');
  });

  it('takes its thresholds from the caller', () => {
    const buckets = computeForecast(data, { commitAt: 0.5, bestCaseAt: 0.2 }).buckets;
    // Lead (0.2) is now best case, Proposal (0.5) commit.
    assert.deepEqual([buckets[0]?.pipeline.count, buckets[0]?.bestCase.count, buckets[0]?.commit.count], [0, 1, 2]);
  });

  it('converts, and refuses what does not add up', async () => {
    const forecast = computeForecast(data, { convert: { to: 'EUR', rates: { USD: 0.5 } } });
    // 1200 + 300 × 0.5 = 1350
    assert.deepEqual(forecast.buckets[0]?.weighted, [money(1350)]);
    assert.deepEqual(forecast.buckets[0]?.commit, one(200));
    // A converted list always has its one entry, 0 when nothing is in it.
    assert.deepEqual(forecast.buckets[1]?.commit, { count: 0, amounts: [money(0)] });
    const refusals: [ForecastParams, (string | number)[]][] = [
      [{ bestCaseAt: 0.8 }, ['bestCaseAt']],
      [{ from: '2026-05-01', to: '2026-05-01' }, ['to']],
      [{ from: '1900-01-01', to: '2000-01-01' }, ['from']],
      [{ from: '1900-01-01', to: '2000-01-01' }, ['to']],
      [{ convert: { to: 'GBP', rates: { USD: 0.8 } } }, ['convert', 'rates', 'EUR']],
    ];
    for (const [params, path] of refusals) await rejectsAt(Promise.resolve().then(() => computeForecast(data, params)), path);
  });

  it('caps the span its deals would make, and lists no buckets when nothing is dated', async () => {
    const far = [...deals, deal({ id: uid(9), ...p, stageId: lead.id, expectedCloseDate: '2099-01-01' })];
    await rejectsAt(Promise.resolve().then(() => computeForecast({ pipelines: [sales], deals: far }, {})), ['from']);
    // 2026-Q1 to 2099-Q1 is 293 quarters: allowed.
    assert.equal(computeForecast({ pipelines: [sales], deals: far }, { period: 'quarter' }).buckets.length, 293);
    assert.deepEqual(computeForecast({ pipelines: [sales], deals: [] }, {}).buckets, []);
  });
});

describe('crm.reports.forecast', () => {
  it('forecasts deals made through the services', async () => {
    const { crm, reports, clock } = reportsWorkspace();
    const s = await crm.pipelines.create({
      name: 'Sales',
      currency: 'EUR',
      stages: [{ name: 'Lead', probability: 0.2 }, { name: 'Proposal', probability: 0.5 }, { name: 'Won', kind: 'won' }],
    });
    const make = (minor: number, extra: object) => crm.deals.create({ title: 'Deal', amount: { minor, currency: 'EUR' }, pipelineId: s.id, ...extra });
    await make(1000, { expectedCloseDate: '2026-03-10' });
    await make(2000, { expectedCloseDate: '2026-03-31', stageId: s.stages[1]?.id });
    await make(400, { expectedCloseDate: '2026-05-15', probability: 0.9 });
    const toWin = await make(5000, { expectedCloseDate: '2026-06-30' });
    clock.set('2026-04-20T10:00:00Z');
    await crm.deals.win(toWin.id);

    const forecast = await reports.forecast({ period: 'month' });
    assert.deepEqual(
      forecast.buckets.map((b) => [b.key, b.pipeline.count, b.bestCase.count, b.commit.count, b.closed, b.weighted]),
      [
        // 1000 × 0.2 + 2000 × 0.5 = 1200
        ['2026-03', 1, 1, 0, none, [money(1200)]],
        ['2026-04', 0, 0, 0, one(5000), []],
        // 400 × 0.9 = 360
        ['2026-05', 0, 0, 1, none, [money(360)]],
      ],
    );
  });
});
