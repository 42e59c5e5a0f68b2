import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryAdapter, ValidationError, type Query, type ReadOptions, type StorageAdapter } from '../index.js';
import { EventBus } from '../events/event-bus.js';
import { newId } from '../ids.js';
import { fixedClock } from '../clock.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { reportNames, type ReportName, type ReportParamsMap, type ReportParamsOutput, type ReportResultMap } from './report-definitions.js';
import { money, reportsWorkspace } from './report-fixtures.test-support.js';
import { ReportsService } from './reports.js';
import { runReport } from './run-report.js';

const start = '2026-01-01T00:00:00Z';

/**
 * A store that offers `computeReport` the way a REST adapter would: a real wrapper around a memory
 * adapter that computes reports with `runReport` over its own records. `decline` makes it answer
 * `undefined` (not offered) instead; every call is counted.
 */
function computingAdapter(inner: StorageAdapter, mode: 'compute' | 'decline' = 'compute') {
  const calls: { name: ReportName; params: unknown }[] = [];
  const adapter: StorageAdapter = {
    name: 'computing',
    collection: (name) => inner.collection(name),
    transaction: (names, fn) => inner.transaction(names, fn),
    changes: (listener) => inner.changes(listener),
    async computeReport<N extends ReportName>(name: N, params: ReportParamsOutput[N], options?: ReadOptions): Promise<ReportResultMap[N] | undefined> {
      calls.push({ name, params });
      return mode === 'decline' ? undefined : runReport(inner, name, params, options);
    },
  };
  return { adapter, calls };
}

/** A store that records the queries made on it, to see what a report loads. */
function recordingAdapter(inner: StorageAdapter) {
  const queries: { collection: string; query: Query | undefined }[] = [];
  const adapter: StorageAdapter = {
    name: 'recording',
    collection: (name) => {
      const collection = inner.collection(name);
      return {
        ...collection,
        query: (query?: Query, options?: ReadOptions) => {
          queries.push({ collection: name, query });
          return collection.query(query, options);
        },
      } as typeof collection;
    },
    transaction: (names, fn) => inner.transaction(names, fn),
    changes: (listener) => inner.changes(listener),
  };
  return { adapter, queries };
}

/** A service over `storage` with the clock at `now`, built as createCrm builds its services. */
function serviceOver(storage: StorageAdapter, now = '2026-03-01T00:00:00Z') {
  return new ReportsService({ storage, clock: fixedClock(now), newId, events: new EventBus() });
}

/** A small workspace of every kind of record, made through the services on `storage`. */
async function populate(storage: StorageAdapter) {
  const { crm, clock } = reportsWorkspace(start, storage);
  const sales = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [{ name: 'Lead', probability: 0.2, rottingDays: 7 }, { name: 'Proposal', probability: 0.6 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
  const ann = await crm.contacts.create({ firstName: 'Ann', source: { channel: 'paid', utmCampaign: 'spring' } });
  const bob = await crm.contacts.create({ firstName: 'Bob', source: { channel: 'organic' } });
  const make = (minor: number, currency: string, extra: object = {}) =>
    crm.deals.create({ title: 'Deal', amount: { minor, currency }, pipelineId: sales.id, expectedCloseDate: '2026-02-15', ...extra });
  const a = await make(1000, 'EUR', { ownerId: 'u1', contactIds: [ann.id] });
  const b = await make(2000, 'USD', { ownerId: 'u2', contactIds: [bob.id], stageId: sales.stages[1]?.id });
  const c = await make(3000, 'EUR', { ownerId: 'u1', contactIds: [ann.id] });
  await make(500, 'EUR', { ownerId: 'u2' });
  await crm.interactions.log({ type: 'call', dealId: a.id, ownerId: 'u1', occurredAt: '2026-01-10T00:00:00Z' });
  await crm.interactions.log({ type: 'email', contactId: bob.id, ownerId: 'u2', occurredAt: '2026-01-11T00:00:00Z' });
  clock.set('2026-01-20T00:00:00Z');
  await crm.deals.win(c.id);
  await crm.deals.lose(b.id, { reason: 'Budget' });
  return { sales };
}

/** Parameters for every report over the populated workspace. */
function paramsFor(pipelineId: string): { [N in ReportName]: ReportParamsMap[N] } {
  return {
    pipelineSummary: { pipelineId },
    forecast: { period: 'quarter' },
    funnel: { pipelineId },
    winRate: { groupBy: 'owner' },
    salesCycle: {},
    salesVelocity: { convert: { to: 'EUR', rates: { USD: 0.9 } } },
    activityLeaderboard: {},
    leadSources: { by: ['channel', 'utmCampaign'] },
    staleDeals: {},
  };
}

describe('crm.reports: where the report is computed', () => {
  it('uses the store’s computeReport when offered, with the same result as computing locally', async () => {
    const inner = memoryAdapter();
    const { sales } = await populate(inner);
    const { adapter, calls } = computingAdapter(inner);
    const remote = serviceOver(adapter);
    const local = serviceOver(inner);
    const params = paramsFor(sales.id);
    for (const name of reportNames) {
      const expected = await local.run(name, params[name]);
      assert.deepEqual(await remote.run(name, params[name]), expected, name);
    }
    assert.deepEqual(
      calls.map((c) => c.name),
      reportNames,
    );
    // The store receives validated parameters: defaults filled, asOf from the clock.
    assert.deepEqual(calls.find((c) => c.name === 'staleDeals')?.params, { asOf: '2026-03-01T00:00:00.000Z' });
    assert.deepEqual(calls.find((c) => c.name === 'forecast')?.params, { period: 'quarter', commitAt: 0.7, bestCaseAt: 0.4 });
  });

  it('the local results are what the workspace holds, so the comparison above means something', async () => {
    const inner = memoryAdapter();
    const { sales } = await populate(inner);
    const reports = serviceOver(inner);
    const summary = await reports.pipelineSummary({ pipelineId: sales.id });
    assert.deepEqual(summary.total.amounts, [money(4500), money(2000, 'USD')]);
    const stale = await reports.staleDeals();
    // Lead deals: a (called 01-10) and the one without activity since 01-01, both idle past 7 days on 03-01.
    assert.equal(stale.deals.length, 2);
    assert.deepEqual((await reports.winRate()).rate, 0.5);
  });

  it('falls back to computing locally when the store declines a report', async () => {
    const inner = memoryAdapter();
    const { sales } = await populate(inner);
    const { adapter, calls } = computingAdapter(inner, 'decline');
    const reports = serviceOver(adapter);
    const expected = await serviceOver(inner).funnel({ pipelineId: sales.id });
    assert.deepEqual(await reports.funnel({ pipelineId: sales.id }), expected);
    assert.equal(calls.length, 1);
  });

  it('returns what the store computed, as it computed it', async () => {
    const inner = memoryAdapter();
    const answer = { count: 42, medianDays: 1, meanDays: 2 };
    const adapter: StorageAdapter = {
      name: 'oracle',
      collection: (name) => inner.collection(name),
      transaction: (names, fn) => inner.transaction(names, fn),
      changes: (listener) => inner.changes(listener),
      computeReport: async () => answer as never,
    };
    assert.equal(await serviceOver(adapter).salesCycle(), answer);
  });

  it('validates before asking the store, which never sees junk', async () => {
    const { adapter, calls } = computingAdapter(memoryAdapter());
    const reports = serviceOver(adapter);
    await rejectsAt(reports.winRate({ groupBy: 'month' as never }), ['groupBy']);
    await rejectsAt(reports.funnel({} as never), ['pipelineId']);
    await rejectsAt(reports.staleDeals({ asOf: 'soon' }), ['asOf']);
    assert.equal(calls.length, 0);
  });
});

describe('crm.reports.run', () => {
  it('runs a report by name, as its method does', async () => {
    const inner = memoryAdapter();
    const { sales } = await populate(inner);
    const reports = serviceOver(inner);
    assert.deepEqual(await reports.run('pipelineSummary', { pipelineId: sales.id }), await reports.pipelineSummary({ pipelineId: sales.id }));
  });

  it('refuses a name that is not a report, naming it', async () => {
    const reports = serviceOver(memoryAdapter());
    for (const name of ['pipeline', 'toString', '__proto__', '', 42, null]) await rejectsAt(reports.run(name as never, {} as never), ['name']);
  });

  it('refuses bad options, and stops when its signal is aborted', async () => {
    const reports = serviceOver(memoryAdapter());
    await rejectsAt(reports.winRate({}, { signal: 'stop' } as never), ['signal']);
    await rejectsAt(reports.winRate({}, { timeout: 5 } as never), ['timeout']);
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    await assert.rejects(reports.winRate({}, { signal: controller.signal }), (error) => error === reason);
  });
});

describe('runReport', () => {
  it('loads only the collections a report needs, narrowed by its parameters', async () => {
    const inner = memoryAdapter();
    const { sales } = await populate(inner);
    const { adapter, queries } = recordingAdapter(inner);
    await runReport(adapter, 'pipelineSummary', { pipelineId: sales.id, ownerId: 'u1' });
    assert.deepEqual(
      queries.map((q) => [q.collection, q.query?.where]),
      [
        ['pipelines', { id: sales.id }],
        ['deals', { deletedAt: null, pipelineId: sales.id, ownerId: 'u1' }],
      ],
    );
    queries.length = 0;
    await runReport(adapter, 'activityLeaderboard', { from: '2026-01-01', types: ['call'] });
    assert.deepEqual(
      queries.map((q) => [q.collection, q.query?.where]),
      [['interactions', { type: { in: ['call'] }, occurredAt: { gte: '2026-01-01T00:00:00.000Z' } }]],
    );
    queries.length = 0;
    await runReport(adapter, 'staleDeals', { asOf: '2026-03-01' });
    assert.deepEqual(queries.find((q) => q.collection === 'interactions')?.query?.where, {
      dealId: { gt: '' },
      occurredAt: { lte: '2026-03-01T00:00:00.000Z' },
    });
  });

  it('gives the pure function’s answer over the same records, and needs asOf for stale deals', async () => {
    const inner = memoryAdapter();
    await populate(inner);
    const viaStore = await runReport(inner, 'winRate', { groupBy: 'pipeline' });
    assert.equal(viaStore.won, 1);
    await rejectsAt(runReport(inner, 'staleDeals', {} as never), ['asOf']);
    await assert.rejects(runReport(inner, 'nope' as never, {} as never), ValidationError);
  });
});
