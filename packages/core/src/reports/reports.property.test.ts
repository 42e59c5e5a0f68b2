import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoryAdapter, type Deal, type Money } from '../index.js';
import { check, checkSync } from '../testing-support/refusal.test-support.js';
import { computeActivityLeaderboard } from './activity-leaderboard.js';
import { computeForecast } from './forecast.js';
import { computeFunnel } from './funnel.js';
import { computeLeadSources, sourceDimensions } from './lead-sources.js';
import { inPeriod, type Period } from './period.js';
import { computePipelineSummary } from './pipeline-summary.js';
import { periodParams, reportOwners, reportWorld, toEur, type ReportWorld } from './report-arbitraries.test-support.js';
import { reportDefinitions, reportNames, type ReportName } from './report-definitions.js';
import { runReport } from './run-report.js';
import { computeWinRate } from './win-rate.js';

/**
 * Money lists added up per currency. Zero sums are left out: a converted list reports an empty
 * group as one entry of 0, which adds nothing to a total.
 */
function sum(lists: readonly (readonly Money[])[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const list of lists) for (const { minor, currency } of list) if (minor !== 0) out[currency] = (out[currency] ?? 0) + minor;
  return out;
}

/** Amounts of deals added up per currency, as an independent check. */
function dealSum(deals: readonly Deal[]): Record<string, number> {
  return sum([deals.map((d) => d.amount)]);
}

const owner = fc.option(fc.constantFrom(...reportOwners), { nil: undefined });
const maybeConvert = fc.option(fc.constant(toEur), { nil: undefined });
const live = (deals: readonly Deal[]) => deals.filter((d) => !d.deletedAt);
const withOwner = (ownerId: string | undefined) => (ownerId === undefined ? {} : { ownerId });

/** A seeded shuffle, so a failure replays. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Valid parameters for every report over `world`, varied by the other arguments. */
function paramsFor(world: ReportWorld, period: Period, ownerId: string | undefined): Record<ReportName, Record<string, unknown>> {
  const pipelineId = (world.pipelines[0] as { id: string }).id;
  const p = { ...period, ...withOwner(ownerId) };
  return {
    pipelineSummary: { pipelineId, ...withOwner(ownerId), convert: toEur },
    forecast: { ...p, period: 'quarter' },
    funnel: { pipelineId, ...p },
    winRate: { ...p, groupBy: 'owner' },
    salesCycle: p,
    salesVelocity: p,
    activityLeaderboard: { ...period, limit: 2 },
    leadSources: { ...period, by: ['utmSource', 'channel'] },
    staleDeals: { asOf: period.to ?? '2026-06-01T00:00:00.000Z', ...withOwner(ownerId) },
  };
}

describe('reports: properties over random workspaces', () => {
  it('a funnel never grows along its steps', () => {
    checkSync(
      fc.property(reportWorld, periodParams, owner, (world, period, ownerId) => {
        for (const pipeline of world.pipelines) {
          const { deals, steps } = computeFunnel(world, { pipelineId: pipeline.id, ...period, ...withOwner(ownerId) });
          assert.ok((steps[0]?.reached ?? 0) <= deals);
          steps.forEach((step, i) => {
            if (i > 0) assert.ok(step.reached <= (steps[i - 1]?.reached as number), `step ${i} grew`);
            for (const ratio of [step.conversion, step.fromStart]) assert.ok(ratio === null || (ratio >= 0 && ratio <= 1));
          });
        }
      }),
      200,
    );
  });

  it('pipeline summary: weighted ≤ unweighted per stage, and the total is the sum of the stages', () => {
    checkSync(
      fc.property(reportWorld, owner, maybeConvert, (world, ownerId, convert) => {
        for (const pipeline of world.pipelines) {
          const summary = computePipelineSummary(world, { pipelineId: pipeline.id, ...withOwner(ownerId), ...(convert ? { convert } : {}) });
          for (const stage of summary.stages) {
            const amounts = sum([stage.amounts]);
            for (const [currency, weighted] of Object.entries(sum([stage.weighted]))) assert.ok(weighted <= (amounts[currency] as number), stage.name);
          }
          assert.equal(summary.total.count, summary.stages.reduce((n, s) => n + s.count, 0));
          assert.deepEqual(sum([summary.total.amounts]), sum(summary.stages.map((s) => s.amounts)));
          assert.deepEqual(sum([summary.total.weighted]), sum(summary.stages.map((s) => s.weighted)));
          // And the stages hold exactly the live deals of the pipeline's stages.
          const stageIds = new Set(pipeline.stages.map((s) => s.id));
          const counted = live(world.deals).filter((d) => d.pipelineId === pipeline.id && stageIds.has(d.stageId) && (ownerId === undefined || d.ownerId === ownerId));
          assert.equal(summary.total.count, counted.length);
          if (!convert) assert.deepEqual(sum([summary.total.amounts]), dealSum(counted));
        }
      }),
      200,
    );
  });

  it('forecast: the categories hold every open deal exactly once, and weighted ≤ unweighted', () => {
    checkSync(
      fc.property(reportWorld, periodParams, fc.constantFrom('month', 'quarter') as fc.Arbitrary<'month' | 'quarter'>, (world, period, bucket) => {
        const forecast = computeForecast(world, { ...period, period: bucket });
        const known = new Set(world.pipelines.flatMap((p) => p.stages.map((s) => `${p.id}/${s.id}`)));
        const open = live(world.deals).filter(
          (d) =>
            d.status === 'open' &&
            known.has(`${d.pipelineId}/${d.stageId}`) &&
            (d.expectedCloseDate === undefined || inPeriod(`${d.expectedCloseDate}T00:00:00.000Z`, period)),
        );
        const places = [...forecast.buckets, forecast.undated];
        const categories = places.flatMap((b) => [b.pipeline, b.bestCase, b.commit]);
        assert.equal(
          categories.reduce((n, c) => n + c.count, 0),
          open.length,
        );
        assert.deepEqual(sum(categories.map((c) => c.amounts)), dealSum(open));
        const won = live(world.deals).filter((d) => d.status === 'won' && d.closedAt !== undefined && inPeriod(d.closedAt, period));
        assert.equal(
          forecast.buckets.reduce((n, b) => n + b.closed.count, 0),
          won.length,
        );
        for (const place of places) {
          const amounts = sum([place.pipeline.amounts, place.bestCase.amounts, place.commit.amounts]);
          for (const [currency, weighted] of Object.entries(sum([place.weighted]))) assert.ok(weighted <= (amounts[currency] as number));
        }
        forecast.buckets.forEach((b, i) => i > 0 && assert.equal(b.start, forecast.buckets[i - 1]?.end, 'buckets are contiguous'));
      }),
      200,
    );
  });

  it('win rate: the groups add up to the overall numbers, converted or not', () => {
    checkSync(
      fc.property(reportWorld, periodParams, fc.constantFrom('owner', 'pipeline') as fc.Arbitrary<'owner' | 'pipeline'>, maybeConvert, (world, period, groupBy, convert) => {
        const rate = computeWinRate(world, { ...period, groupBy, ...(convert ? { convert } : {}) });
        const groups = rate.groups ?? [];
        assert.equal(rate.won, groups.reduce((n, g) => n + g.won, 0));
        assert.equal(rate.lost, groups.reduce((n, g) => n + g.lost, 0));
        assert.deepEqual(sum([rate.wonAmounts]), sum(groups.map((g) => g.wonAmounts)));
        assert.deepEqual(sum([rate.lostAmounts]), sum(groups.map((g) => g.lostAmounts)));
        const closed = live(world.deals).filter((d) => d.status !== 'open' && d.closedAt !== undefined && inPeriod(d.closedAt, period));
        assert.equal(rate.won + rate.lost, closed.length);
      }),
      200,
    );
  });

  it('activity leaderboard: each total is the sum of its types, and the rows hold every counted interaction', () => {
    checkSync(
      fc.property(reportWorld, periodParams, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), (world, period, limit) => {
        const all = computeActivityLeaderboard(world, period);
        for (const row of all.rows) assert.equal(row.total, Object.values(row.byType).reduce((n, c) => n + (c as number), 0));
        const counted = world.interactions.filter((i) => i.type !== 'stageChange' && inPeriod(i.occurredAt, period));
        assert.equal(all.rows.reduce((n, r) => n + r.total, 0), counted.length);
        all.rows.forEach((row, i) => i > 0 && assert.ok(row.total <= (all.rows[i - 1]?.total as number)));
        if (limit !== undefined) assert.deepEqual(computeActivityLeaderboard(world, { ...period, limit }).rows, all.rows.slice(0, limit));
      }),
      200,
    );
  });

  it('lead sources: the total is the sum of the rows, and no won deal counts twice', () => {
    checkSync(
      fc.property(reportWorld, periodParams, fc.subarray([...sourceDimensions], { minLength: 1 }), maybeConvert, (world, period, by, convert) => {
        const sources = computeLeadSources(world, { ...period, by, ...(convert ? { convert } : {}) });
        assert.equal(sources.total.contacts, sources.rows.reduce((n, r) => n + r.contacts, 0));
        assert.equal(sources.total.wonDeals, sources.rows.reduce((n, r) => n + r.wonDeals, 0));
        assert.deepEqual(sum([sources.total.wonAmounts]), sum(sources.rows.map((r) => r.wonAmounts)));
        assert.equal(sources.total.contacts, world.contacts.filter((c) => !c.deletedAt && inPeriod(c.createdAt, period)).length);
        assert.ok(sources.total.wonDeals <= live(world.deals).filter((d) => d.status === 'won').length);
        for (const row of sources.rows) assert.deepEqual(Object.keys(row.key), by);
      }),
      200,
    );
  });

  it('every report answers the same whatever order its records come in', () => {
    checkSync(
      fc.property(reportWorld, periodParams, owner, fc.integer(), (world, period, ownerId, seed) => {
        const mixed: ReportWorld = {
          pipelines: shuffle(world.pipelines, seed),
          deals: shuffle(world.deals, seed + 1),
          contacts: shuffle(world.contacts, seed + 2),
          interactions: shuffle(world.interactions, seed + 3),
        };
        const params = paramsFor(world, period, ownerId);
        for (const name of reportNames) {
          const { compute, params: schema } = reportDefinitions[name] as unknown as {
            compute: (data: ReportWorld, params: unknown) => unknown;
            params: { parse: (input: unknown) => unknown };
          };
          const parsed = schema.parse(params[name]);
          assert.deepEqual(compute(mixed, parsed), compute(world, parsed), name);
        }
      }),
      150,
    );
  });

  it('runReport over a store answers as the pure function over the same records: the narrowing loses nothing', async () => {
    await check(
      fc.asyncProperty(reportWorld, periodParams, owner, async (world, period, ownerId) => {
        const storage = memoryAdapter();
        await storage.collection('pipelines').bulkPut(world.pipelines);
        await storage.collection('deals').bulkPut(world.deals);
        await storage.collection('contacts').bulkPut(world.contacts);
        await storage.collection('interactions').bulkPut(world.interactions);
        const params = paramsFor(world, period, ownerId);
        for (const name of reportNames) {
          const definition = reportDefinitions[name] as unknown as { compute: (data: ReportWorld, params: unknown) => unknown };
          assert.deepEqual(await runReport(storage, name, params[name] as never), definition.compute(world, params[name]), name);
        }
      }),
      60,
    );
  });
});
