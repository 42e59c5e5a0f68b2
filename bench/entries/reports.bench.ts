/**
 * The cost of the report layer: each pure report function (`computePipelineSummary`…) over
 * 100,000 deals (with 100,000 contacts and ~300,000 interactions where the report reads them),
 * against a hand-written single pass over the same arrays that computes the same numbers. The
 * two answers are compared once before timing, so the baseline cannot win by doing less.
 * Goal: every report within 2× its loop.
 */
import assert from 'node:assert/strict';
import {
  computeActivityLeaderboard,
  computeForecast,
  computeFunnel,
  computeLeadSources,
  computePipelineSummary,
  computeSalesCycle,
  computeSalesVelocity,
  computeStaleDeals,
  computeWinRate,
  type Contact,
  type Deal,
  type Interaction,
  type Pipeline,
  type Stage,
} from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { row, type BenchEntry, type BenchRow } from '../entry.ts';
import { compare } from '../measure.ts';

const name = 'reports over 100k deals vs one loop';
const dealCount = 100_000;
const dealInteractionCount = 200_000;
const day = 86_400_000;
const now = Date.parse('2026-06-01T12:00:00.000Z');
const asOf = '2026-06-01T12:00:00.000Z';
const since = '2025-06-01T00:00:00.000Z';
const owners = ['user-ada', 'user-ben', 'user-chen', 'user-dana', 'user-elif'];

// ---------------------------------------------------------------------------------------------
// Data: contacts, pipelines and contact timelines from the seed; deals made here, because the
// seed spends minutes placing 100,000 deals in their columns, which no report looks at.
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded generator, so the deals are the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Data {
  pipelines: Pipeline[];
  deals: Deal[];
  contacts: Contact[];
  interactions: Interaction[];
}

function makeData(): Data {
  const { contacts, pipelines, interactions } = generateWorkspace({ seed: 5, contacts: 100_000, deals: 0, interactionsPerContact: 1 });
  const random = seeded(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const iso = (ms: number) => new Date(Math.min(ms, now)).toISOString();
  const id = (n: number, kind: number) => `0197${kind}000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  const deals: Deal[] = [];
  for (let i = 0; i < dealCount; i++) {
    const pipeline = random() < 0.8 ? (pipelines[0] as Pipeline) : (pipelines[1] as Pipeline);
    const open = pipeline.stages.filter((s) => s.kind === 'open');
    const roll = random();
    const status = roll < 0.6 ? 'open' : roll < 0.8 ? 'won' : 'lost';
    const path = [...open.slice(0, 1 + Math.floor(random() * open.length)), ...(status === 'open' ? [] : [pipeline.stages.find((s) => s.kind === status) as Stage])];
    const createdAt = now - 400 * day + random() * 395 * day;
    let t = createdAt;
    const stageHistory = path.map((stage) => {
      const visit = { stageId: stage.id, enteredAt: iso(t) };
      t += day + random() * 20 * day;
      return visit;
    });
    const last = stageHistory[stageHistory.length - 1] as Deal['stageHistory'][number];
    deals.push({
      id: id(i, 1),
      version: 1,
      title: `Deal ${i}`,
      amount: { minor: (1_000 + Math.floor(random() * 99_000)) * 100, currency: pipeline.currency },
      pipelineId: pipeline.id,
      stageId: last.stageId,
      position: 'a0',
      status,
      contactIds: [pick(contacts).id, ...(random() < 0.3 ? [pick(contacts).id] : [])],
      ...(random() < 0.97 ? { ownerId: pick(owners) } : {}),
      ...(random() < 0.95 ? { expectedCloseDate: iso(createdAt + (20 + random() * 100) * day).slice(0, 10) } : {}),
      ...(status === 'open' && random() < 0.1 ? { probability: Math.round(random() * 100) / 100 } : {}),
      ...(status === 'open' ? {} : { closedAt: last.enteredAt, probability: status === 'won' ? 1 : 0 }),
      ...(random() < 0.01 ? { deletedAt: iso(now - day) } : {}),
      stageHistory,
      tags: [],
      customFields: {},
      createdAt: iso(createdAt),
      updatedAt: last.enteredAt,
    });
  }
  const types = ['note', 'call', 'email', 'meeting'] as const;
  for (let i = 0; i < dealInteractionCount; i++) {
    const deal = pick(deals);
    const at = iso(Date.parse(deal.createdAt) + random() * (now - Date.parse(deal.createdAt)));
    interactions.push({ id: id(i, 2), version: 1, type: pick(types), dealId: deal.id, ...(deal.ownerId ? { ownerId: deal.ownerId } : {}), occurredAt: at, createdAt: at, updatedAt: at });
  }
  return { pipelines, deals, contacts, interactions };
}

// ---------------------------------------------------------------------------------------------
// Baselines: what someone would write by hand for one report, one pass, plain objects.
// ---------------------------------------------------------------------------------------------

type Sums = Record<string, number>;
const addTo = (sums: Sums, currency: string, value: number) => (sums[currency] = (sums[currency] ?? 0) + value);
const rounded = (sums: Sums) => Object.fromEntries(Object.entries(sums).map(([c, v]) => [c, Math.round(v)]));
/** A result's `Money[]` as the baselines hold sums: `{ EUR: 1200 }`. */
const asSums = (list: readonly { minor: number; currency: string }[]) => Object.fromEntries(list.map((m) => [m.currency, m.minor]));
const inSince = (at: string | undefined) => at !== undefined && at >= since;

function loopPipelineSummary({ pipelines, deals }: Data) {
  const pipeline = pipelines[0] as Pipeline;
  const index = new Map<string, number>();
  pipeline.stages.forEach((stage, i) => index.set(stage.id, i));
  const counts = pipeline.stages.map(() => 0);
  const sums = pipeline.stages.map((): Sums => ({}));
  const weighted = pipeline.stages.map((): Sums => ({}));
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id || deal.deletedAt) continue;
    const i = index.get(deal.stageId);
    if (i === undefined) continue;
    counts[i]!++;
    addTo(sums[i]!, deal.amount.currency, deal.amount.minor);
    addTo(weighted[i]!, deal.amount.currency, deal.amount.minor * (deal.probability ?? pipeline.stages[i]!.probability));
  }
  return pipeline.stages.map((_, i) => ({ count: counts[i], amounts: sums[i], weighted: rounded(weighted[i]!) }));
}

function loopForecast({ pipelines, deals }: Data) {
  const probability = new Map<string, number>();
  for (const pipeline of pipelines) for (const stage of pipeline.stages) probability.set(stage.id, stage.probability);
  type Category = { count: number; sums: Sums };
  const category = (): Category => ({ count: 0, sums: {} });
  const buckets: Record<string, { pipeline: Category; bestCase: Category; commit: Category; closed: Category; weighted: Sums }> = {};
  for (const deal of deals) {
    if (deal.deletedAt) continue;
    const { currency, minor } = deal.amount;
    if (deal.status === 'open') {
      const p = deal.probability ?? (probability.get(deal.stageId) as number);
      const key = deal.expectedCloseDate ? deal.expectedCloseDate.slice(0, 7) : 'undated';
      const b = (buckets[key] ??= { pipeline: category(), bestCase: category(), commit: category(), closed: category(), weighted: {} });
      const c = b[p >= 0.7 ? 'commit' : p >= 0.4 ? 'bestCase' : 'pipeline'];
      c.count++;
      addTo(c.sums, currency, minor);
      addTo(b.weighted, currency, minor * p);
    } else if (deal.status === 'won' && deal.closedAt) {
      const key = deal.closedAt.slice(0, 7);
      const b = (buckets[key] ??= { pipeline: category(), bestCase: category(), commit: category(), closed: category(), weighted: {} });
      b.closed.count++;
      addTo(b.closed.sums, currency, minor);
    }
  }
  for (const b of Object.values(buckets)) b.weighted = rounded(b.weighted);
  return buckets;
}

function loopFunnel({ pipelines, deals }: Data, from: string) {
  const pipeline = pipelines[0] as Pipeline;
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const won = pipeline.stages.find((s) => s.kind === 'won') as Stage;
  const index = new Map(open.map((s, i) => [s.id, i]));
  const furthest = new Array<number>(open.length + 1).fill(0);
  let wonCount = 0;
  let cohort = 0;
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id || deal.deletedAt || deal.createdAt < from) continue;
    cohort++;
    let max = -1;
    let wasWon = deal.status === 'won';
    for (const visit of deal.stageHistory) {
      if (visit.stageId === won.id) wasWon = true;
      const i = index.get(visit.stageId);
      if (i !== undefined && i > max) max = i;
    }
    if (wasWon) wonCount++;
    else furthest[max + 1]!++;
  }
  const reached = open.map((_, i) => wonCount + furthest.slice(i + 1).reduce((a, b) => a + b, 0));
  return { cohort, reached: [...reached, wonCount] };
}

function loopWinRate({ deals }: Data) {
  const groups: Record<string, { won: number; lost: number; wonSums: Sums; lostSums: Sums }> = {};
  for (const deal of deals) {
    if ((deal.status !== 'won' && deal.status !== 'lost') || deal.deletedAt || !inSince(deal.closedAt)) continue;
    const g = (groups[deal.ownerId ?? '(none)'] ??= { won: 0, lost: 0, wonSums: {}, lostSums: {} });
    if (deal.status === 'won') {
      g.won++;
      addTo(g.wonSums, deal.amount.currency, deal.amount.minor);
    } else {
      g.lost++;
      addTo(g.lostSums, deal.amount.currency, deal.amount.minor);
    }
  }
  return groups;
}

function loopSalesCycle({ deals }: Data) {
  const days: number[] = [];
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.deletedAt || !inSince(deal.closedAt)) continue;
    days.push((Date.parse(deal.closedAt as string) - Date.parse(deal.createdAt)) / day);
  }
  days.sort((a, b) => a - b);
  const mid = days.length >> 1;
  const median = days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;
  return { count: days.length, median, mean: days.reduce((a, b) => a + b, 0) / days.length };
}

function loopSalesVelocity({ deals }: Data) {
  const groups: Record<string, { open: number; won: number; lost: number; wonMinor: number; days: number }> = {};
  for (const deal of deals) {
    if (deal.deletedAt) continue;
    const g = (groups[deal.amount.currency] ??= { open: 0, won: 0, lost: 0, wonMinor: 0, days: 0 });
    if (deal.status === 'open') g.open++;
    else if (!inSince(deal.closedAt)) continue;
    else if (deal.status === 'lost') g.lost++;
    else {
      g.won++;
      g.wonMinor += deal.amount.minor;
      g.days += (Date.parse(deal.closedAt as string) - Date.parse(deal.createdAt)) / day;
    }
  }
  return Object.fromEntries(
    Object.entries(groups).map(([currency, g]) => {
      const average = Math.round(g.wonMinor / g.won);
      return [currency, Math.round((g.open * (g.won / (g.won + g.lost)) * average) / (g.days / g.won))];
    }),
  );
}

function loopActivityLeaderboard({ interactions }: Data) {
  const rows = new Map<string | null, Record<string, number>>();
  for (const interaction of interactions) {
    if (interaction.type === 'stageChange' || interaction.occurredAt < since) continue;
    const owner = interaction.ownerId ?? null;
    let row = rows.get(owner);
    if (!row) rows.set(owner, (row = { total: 0 }));
    row[interaction.type] = (row[interaction.type] ?? 0) + 1;
    row.total!++;
  }
  return [...rows].sort(([a, x], [b, y]) => y.total! - x.total! || (a === null ? 1 : b === null ? -1 : a < b ? -1 : 1)).map(([ownerId, { total, ...byType }]) => ({ ownerId, total, ...byType }));
}

function loopLeadSources({ contacts, deals }: Data) {
  const rows = new Map<string | null, { contacts: number; wonDeals: number; sums: Sums }>();
  const rowOf = new Map<string, { contacts: number; wonDeals: number; sums: Sums }>();
  for (const contact of contacts) {
    if (contact.deletedAt) continue;
    const channel = contact.source?.channel ?? null;
    let row = rows.get(channel);
    if (!row) rows.set(channel, (row = { contacts: 0, wonDeals: 0, sums: {} }));
    row.contacts++;
    rowOf.set(contact.id, row);
  }
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.deletedAt) continue;
    for (const id of deal.contactIds) {
      const row = rowOf.get(id);
      if (!row) continue;
      row.wonDeals++;
      addTo(row.sums, deal.amount.currency, deal.amount.minor);
      break;
    }
  }
  return Object.fromEntries([...rows].map(([channel, row]) => [String(channel), row]));
}

function loopStaleDeals({ pipelines, deals, interactions }: Data) {
  const rotting = new Map<string, number>();
  for (const pipeline of pipelines) for (const stage of pipeline.stages) if (stage.rottingDays && stage.kind === 'open') rotting.set(stage.id, stage.rottingDays);
  const last = new Map<string, string>();
  for (const interaction of interactions) {
    if (!interaction.dealId || interaction.occurredAt > asOf) continue;
    const seen = last.get(interaction.dealId);
    if (seen === undefined || interaction.occurredAt > seen) last.set(interaction.dealId, interaction.occurredAt);
  }
  const stale: { dealId: string; overdueDays: number }[] = [];
  for (const deal of deals) {
    const days = rotting.get(deal.stageId);
    if (deal.status !== 'open' || deal.deletedAt || days === undefined) continue;
    const entered = deal.stageHistory[deal.stageHistory.length - 1]!.enteredAt;
    const touched = last.get(deal.id);
    const idle = (now - Date.parse(touched !== undefined && touched > entered ? touched : entered)) / day;
    if (idle > days) stale.push({ dealId: deal.id, overdueDays: idle - days });
  }
  return stale.sort((a, b) => b.overdueDays - a.overdueDays || (a.dealId < b.dealId ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Each report, with its loop and what both must agree on.
// ---------------------------------------------------------------------------------------------

interface Case {
  readonly report: string;
  /** The arrays the report reads: their records count as the rows it handles. */
  readonly reads: readonly (keyof Data)[];
  readonly subject: (data: Data) => unknown;
  readonly baseline: (data: Data) => unknown;
  /** The subject's answer in the baseline's shape, for the one-off comparison. */
  readonly same: (subject: never, baseline: never) => void;
}

const cases = (data: Data): Case[] => {
  const sales = data.pipelines[0] as Pipeline;
  const funnelFrom = '2025-09-01T00:00:00.000Z';
  return [
    {
      report: 'pipelineSummary',
      reads: ['pipelines', 'deals'],
      subject: (d) => computePipelineSummary(d, { pipelineId: sales.id }),
      baseline: loopPipelineSummary,
      same: (s: ReturnType<typeof computePipelineSummary>, b: ReturnType<typeof loopPipelineSummary>) =>
        assert.deepEqual(s.stages.map((stage) => ({ count: stage.count, amounts: asSums(stage.amounts), weighted: asSums(stage.weighted) })), b),
    },
    {
      report: 'forecast',
      reads: ['pipelines', 'deals'],
      subject: (d) => computeForecast(d, {}),
      baseline: loopForecast,
      same: (s: ReturnType<typeof computeForecast>, b: ReturnType<typeof loopForecast>) => {
        const category = (c: { count: number; amounts: { minor: number; currency: string }[] }) => ({ count: c.count, sums: asSums(c.amounts) });
        const held = [...s.buckets, { ...s.undated, key: 'undated', closed: { count: 0, amounts: [] } }]
          .filter((x) => x.pipeline.count + x.bestCase.count + x.commit.count + x.closed.count > 0)
          .map((x) => [
            x.key,
            { pipeline: category(x.pipeline), bestCase: category(x.bestCase), commit: category(x.commit), closed: category(x.closed), weighted: asSums(x.weighted) },
          ]);
        assert.deepEqual(Object.fromEntries(held), b);
      },
    },
    {
      report: 'funnel',
      reads: ['pipelines', 'deals'],
      subject: (d) => computeFunnel(d, { pipelineId: sales.id, from: funnelFrom }),
      baseline: (d) => loopFunnel(d, funnelFrom),
      same: (s: ReturnType<typeof computeFunnel>, b: ReturnType<typeof loopFunnel>) => assert.deepEqual({ cohort: s.deals, reached: s.steps.map((x) => x.reached) }, b),
    },
    {
      report: 'winRate',
      reads: ['deals'],
      subject: (d) => computeWinRate(d, { from: since, groupBy: 'owner' }),
      baseline: loopWinRate,
      same: (s: ReturnType<typeof computeWinRate>, b: ReturnType<typeof loopWinRate>) =>
        assert.deepEqual(
          Object.fromEntries((s.groups ?? []).map((g) => [g.key ?? '(none)', { won: g.won, lost: g.lost, wonSums: asSums(g.wonAmounts), lostSums: asSums(g.lostAmounts) }])),
          b,
        ),
    },
    {
      report: 'salesCycle',
      reads: ['deals'],
      subject: (d) => computeSalesCycle(d, { from: since }),
      baseline: loopSalesCycle,
      same: (s: ReturnType<typeof computeSalesCycle>, b: ReturnType<typeof loopSalesCycle>) => {
        assert.equal(s.count, b.count);
        // The report sums whole milliseconds, the loop fractional days: equal up to rounding.
        assert.ok(Math.abs((s.medianDays as number) - b.median) < 1e-9);
        assert.ok(Math.abs((s.meanDays as number) - b.mean) < 1e-9);
      },
    },
    {
      report: 'salesVelocity',
      reads: ['deals'],
      subject: (d) => computeSalesVelocity(d, { from: since }),
      baseline: loopSalesVelocity,
      same: (s: ReturnType<typeof computeSalesVelocity>, b: ReturnType<typeof loopSalesVelocity>) =>
        assert.deepEqual(Object.fromEntries(s.groups.map((g) => [g.currency, g.perDay?.minor])), b),
    },
    {
      report: 'activityLeaderboard',
      reads: ['interactions'],
      subject: (d) => computeActivityLeaderboard(d, { from: since }),
      baseline: loopActivityLeaderboard,
      same: (s: ReturnType<typeof computeActivityLeaderboard>, b: ReturnType<typeof loopActivityLeaderboard>) =>
        assert.deepEqual(
          s.rows.map((r) => ({ ownerId: r.ownerId, total: r.total, ...Object.fromEntries(Object.entries(r.byType).filter(([, n]) => n)) })),
          b,
        ),
    },
    {
      report: 'leadSources',
      reads: ['contacts', 'deals'],
      subject: (d) => computeLeadSources(d, {}),
      baseline: loopLeadSources,
      same: (s: ReturnType<typeof computeLeadSources>, b: ReturnType<typeof loopLeadSources>) =>
        assert.deepEqual(Object.fromEntries(s.rows.map((r) => [String(r.key.channel), { contacts: r.contacts, wonDeals: r.wonDeals, sums: asSums(r.wonAmounts) }])), b),
    },
    {
      report: 'staleDeals',
      reads: ['pipelines', 'deals', 'interactions'],
      subject: (d) => computeStaleDeals(d, { asOf }),
      baseline: loopStaleDeals,
      same: (s: ReturnType<typeof computeStaleDeals>, b: ReturnType<typeof loopStaleDeals>) =>
        assert.deepEqual(s.deals.map((x) => ({ dealId: x.dealId, overdueDays: x.overdueDays })), b),
    },
  ];
};

const entry: BenchEntry = {
  name,
  description: `Each pure report function over ${dealCount.toLocaleString('en-US')} deals (and 100,000 contacts, ~300,000 interactions where it reads them) against a hand-written single pass computing the same numbers. Goal ≤ 2×.`,
  async run() {
    const data = makeData();
    const rows: BenchRow[] = [];
    for (const { report, reads, subject, baseline, same } of cases(data)) {
      // Checked once, untimed: a faster loop that answers differently is not a baseline.
      same(subject(data) as never, baseline(data) as never);
      const t = await compare(() => () => subject(data), () => () => baseline(data), { warmupRuns: 1, runs: 5 });
      const ratio = t.subject.median / t.baseline.median;
      const records = reads.reduce((n, array) => n + data[array].length, 0);
      rows.push(
        row({
          entry: `report ${report}`,
          metric: 'median time',
          unit: 'ms',
          value: t.subject.median,
          baseline: 'one loop',
          baselineValue: t.baseline.median,
          throughput: { unit: 'rows/s', value: (records / t.subject.median) * 1000, baselineValue: (records / t.baseline.median) * 1000 },
          ...(ratio > 2 ? { note: `report ${report}: ${ratio.toFixed(2)}× its loop, above the 2× goal` } : {}),
          extra: { deals: data.deals.length, contacts: data.contacts.length, interactions: data.interactions.length, samples: t.subject.samples, baselineSamples: t.baseline.samples },
        }),
      );
    }
    return rows;
  },
};

export default entry;
