/**
 * Arbitraries for the reports' property tests: small random workspaces (pipelines with open,
 * won and lost stages; deals in every state, some deleted, some in stages their pipeline no
 * longer has; contacts with sources; interactions on deals and contacts), and junk for every
 * report parameter.
 *
 * Test-only and free of Node imports, like the other test support.
 */
import fc from 'fast-check';
import { interactionTypes, type Contact, type Deal, type Interaction, type Pipeline, type Stage } from '../index.js';
import { badCurrency, badEnum, badId, badInt, badList, badProbability, badRequiredText, badTimestamp, notAnObject, type FieldJunk } from '../testing-support/arbitraries.test-support.js';
import { bucketPeriods } from './buckets.js';
import { sourceDimensions } from './lead-sources.js';
import { contact, deal, interaction, pipeline, stage, uid } from './report-fixtures.test-support.js';

/** The currencies random deals are in: exponents 2, 2 and 0. */
export const reportCurrencies = ['EUR', 'USD', 'JPY'] as const;
/** Rates that convert every one of {@link reportCurrencies} into EUR. */
export const toEur = { to: 'EUR', rates: { USD: 0.92, JPY: 0.0061 } };
/** The owners random records have (or none). */
export const reportOwners = ['u1', 'u2', 'u3'] as const;

const day = 86_400_000;
const epoch = Date.parse('2025-01-01T00:00:00.000Z');
/** A time in 2025–2026, as stored. */
const time = fc.integer({ min: 0, max: 730 * day }).map((ms) => new Date(epoch + ms).toISOString());

/** A random workspace of report inputs. */
export interface ReportWorld {
  readonly pipelines: Pipeline[];
  readonly deals: Deal[];
  readonly contacts: Contact[];
  readonly interactions: Interaction[];
}

/** A pipeline numbered `n`: 1–4 open stages, then maybe a won and a lost stage. */
function pipelineArb(n: number): fc.Arbitrary<Pipeline> {
  const open = fc.array(fc.record({ probability: fc.double({ min: 0, max: 1, noNaN: true }), rottingDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) }), {
    minLength: 1,
    maxLength: 4,
  });
  return fc.tuple(open, fc.boolean(), fc.boolean()).map(([opens, withWon, withLost]) => {
    const base = 0x1000 * n;
    const stages: Stage[] = opens.map((s, i) => stage(uid(base + i + 1), `Stage ${i}`, s.probability, s.rottingDays ? { rottingDays: s.rottingDays } : {}));
    if (withWon) stages.push(stage(uid(base + 0x10), 'Won', 1, { kind: 'won' }));
    if (withLost) stages.push(stage(uid(base + 0x11), 'Lost', 0, { kind: 'lost' }));
    return pipeline(uid(base), stages);
  });
}

/** One deal of `pipelines`, numbered `n`, linked to some of `contactIds`. */
function dealArb(n: number, pipelines: readonly Pipeline[], contactIds: readonly string[]): fc.Arbitrary<Deal> {
  return fc
    .record({
      pipeline: fc.constantFrom(...pipelines),
      stagePicks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
      strayStage: fc.boolean(),
      statusOverride: fc.option(fc.constantFrom('open', 'won', 'lost') as fc.Arbitrary<Deal['status']>, { freq: 5, nil: undefined }),
      minor: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000_000_000 })),
      currency: fc.constantFrom(...reportCurrencies),
      probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 3, nil: undefined }),
      ownerId: fc.option(fc.constantFrom(...reportOwners), { freq: 4, nil: undefined }),
      expectedCloseDate: fc.option(time.map((t) => t.slice(0, 10)), { freq: 5, nil: undefined }),
      createdAt: time,
      gaps: fc.array(fc.integer({ min: 0, max: 40 * day }), { minLength: 6, maxLength: 6 }),
      // One in five is deleted: every report must skip them.
      deleted: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
      contacts: fc.subarray([...contactIds], { maxLength: Math.min(3, contactIds.length) }),
    })
    .map((r) => {
      const stages = r.pipeline.stages;
      // A random walk through the pipeline's stages (sometimes via one it no longer has).
      const path = r.stagePicks.map((pick) => (stages[pick % stages.length] as Stage).id);
      if (r.strayStage) path.splice(0, 0, uid(0xdead));
      let at = Date.parse(r.createdAt);
      const stageHistory = path.map((stageId, i) => {
        at += r.gaps[i] ?? 0;
        return { stageId, enteredAt: new Date(at).toISOString() };
      });
      const current = stages.find((s) => s.id === path[path.length - 1]) as Stage;
      const status = r.statusOverride ?? current.kind;
      const closedAt = status === 'open' ? undefined : new Date(at + (r.gaps[5] ?? 0)).toISOString();
      return deal({
        id: uid(n),
        pipelineId: r.pipeline.id,
        stageId: current.id,
        status,
        amount: { minor: r.minor, currency: r.currency },
        contactIds: r.contacts,
        stageHistory,
        createdAt: r.createdAt,
        ...(r.probability !== undefined && status === 'open' ? { probability: r.probability } : {}),
        ...(status !== 'open' ? { probability: status === 'won' ? 1 : 0, closedAt } : {}),
        ...(r.ownerId ? { ownerId: r.ownerId } : {}),
        ...(r.expectedCloseDate ? { expectedCloseDate: r.expectedCloseDate } : {}),
        ...(r.deleted ? { deletedAt: r.createdAt } : {}),
      });
    });
}

/** A contact numbered `n`, from a small set of sources so that groups repeat. */
function contactArb(n: number): fc.Arbitrary<Contact> {
  const source = fc.record(
    { channel: fc.constantFrom('paid', 'organic', 'event'), utmSource: fc.constantFrom('google', 'news'), utmCampaign: fc.constantFrom('spring', 'fall') },
    { requiredKeys: [] },
  );
  return fc.record({ source: fc.option(source, { nil: undefined }), createdAt: time, deleted: fc.boolean() }).map((r) =>
    contact({ id: uid(0x10_0000 + n), createdAt: r.createdAt, ...(r.source ? { source: r.source } : {}), ...(r.deleted ? { deletedAt: r.createdAt } : {}) }),
  );
}

/** An interaction numbered `n`, on one of `dealIds` or on a contact. */
function interactionArb(n: number, dealIds: readonly string[]): fc.Arbitrary<Interaction> {
  return fc
    .record({
      type: fc.constantFrom(...interactionTypes),
      ownerId: fc.option(fc.constantFrom(...reportOwners), { nil: undefined }),
      occurredAt: time,
      dealId: dealIds.length ? fc.option(fc.constantFrom(...dealIds), { nil: undefined }) : fc.constant(undefined),
    })
    .map((r) =>
      interaction({
        id: uid(0x20_0000 + n),
        type: r.type,
        occurredAt: r.occurredAt,
        ...(r.dealId ? { dealId: r.dealId } : { contactId: uid(0x10_0000) }),
        ...(r.ownerId ? { ownerId: r.ownerId } : {}),
      }),
    );
}

/** `count` records made by `make(i)`. */
function several<T>(count: number, make: (i: number) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return count === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: count }, (_, i) => make(i)));
}

/** A random workspace: 1–2 pipelines, up to 30 deals, 20 contacts and 40 interactions. */
export const reportWorld: fc.Arbitrary<ReportWorld> = fc
  .record({ pipelineCount: fc.integer({ min: 1, max: 2 }), dealCount: fc.nat({ max: 30 }), contactCount: fc.nat({ max: 20 }), interactionCount: fc.nat({ max: 40 }) })
  .chain(({ pipelineCount, dealCount, contactCount, interactionCount }) =>
    fc.tuple(several(pipelineCount, (i) => pipelineArb(i + 1)), several(contactCount, contactArb)).chain(([pipelines, contacts]) =>
      several(dealCount, (i) => dealArb(i + 1, pipelines, contacts.map((c) => c.id))).chain((deals) =>
        several(interactionCount, (i) => interactionArb(i, deals.map((d) => d.id))).map((interactions) => ({ pipelines, deals, contacts, interactions })),
      ),
    ),
  );

/** A period inside the workspaces' years, or open at either end. */
export const periodParams = fc
  .record({ from: fc.option(time, { nil: undefined }), to: fc.option(time, { nil: undefined }) }, { requiredKeys: [] })
  .map(({ from, to }) => (from !== undefined && to !== undefined && from >= to ? { from: to, to: from === to ? undefined : from } : { from, to }))
  .map((period) => Object.fromEntries(Object.entries(period).filter(([, v]) => v !== undefined)) as { from?: string; to?: string });

// ---------------------------------------------------------------------------------------------
// Junk for report parameters
// ---------------------------------------------------------------------------------------------

/** Not one end of a period: what is no date-time, less a plain date (which a period accepts). */
export const badPeriodBound: fc.Arbitrary<unknown> = fc.oneof(
  badTimestamp.filter((value) => value !== '2026-05-01'),
  fc.constantFrom('2026-02-30', '2026-5-1', '01/05/2026', new Date('+020000-01-01T00:00:00Z')),
);

/** Not a conversion: not an object, a bad target, bad rates, unknown keys. */
export const badConvert: fc.Arbitrary<unknown> = fc.oneof(
  notAnObject,
  badCurrency.map((to) => ({ to, rates: {} })),
  notAnObject.map((rates) => ({ to: 'EUR', rates })),
  fc.oneof(badCurrency.filter((c) => typeof c === 'string' && c !== '' && c !== '__proto__'), fc.constant('XYZ')).map((code) => ({ to: 'EUR', rates: { [code as string]: 1 } })),
  fc.oneof(fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1', null, true), badProbability.filter((v) => typeof v !== 'number' || !(v > 0))).map((rate) => ({ to: 'EUR', rates: { USD: rate } })),
  fc.constant({ to: 'EUR', rates: { EUR: 2 } }),
  fc.constant({ to: 'EUR', rates: {}, at: '2026-01-01' }),
  fc.constant({ rates: {} }),
);

const filters = { pipelineId: { junk: badId }, ownerId: { junk: badRequiredText } };
const period = { from: { junk: badPeriodBound }, to: { junk: badPeriodBound } };
const convert = { convert: { junk: badConvert } };
const limit = { limit: { junk: badInt({ min: 1, max: 1000 }) } };

/**
 * For every report, a valid set of parameters (given the workspace's first pipeline) and how to
 * get each of its fields wrong.
 */
export const paramJunk: Record<string, { valid: (pipelineId: string) => Record<string, unknown>; fields: Record<string, FieldJunk> }> = {
  pipelineSummary: { valid: (pipelineId) => ({ pipelineId }), fields: { ...filters, ...convert } },
  forecast: {
    valid: () => ({}),
    fields: { ...filters, ...period, ...convert, period: { junk: badEnum(bucketPeriods) }, commitAt: { junk: badProbability }, bestCaseAt: { junk: badProbability } },
  },
  funnel: { valid: (pipelineId) => ({ pipelineId }), fields: { ...filters, ...period } },
  winRate: { valid: () => ({}), fields: { ...filters, ...period, ...convert, groupBy: { junk: badEnum(['owner', 'pipeline']) } } },
  salesCycle: { valid: () => ({}), fields: { ...filters, ...period } },
  salesVelocity: { valid: () => ({}), fields: { ...filters, ...period, ...convert } },
  activityLeaderboard: {
    valid: () => ({}),
    fields: { ...period, ...limit, types: { junk: fc.oneof(fc.constant([]), badList(badEnum(interactionTypes), fc.constantFrom(...interactionTypes))) } },
  },
  leadSources: {
    valid: () => ({}),
    fields: {
      ...period,
      ...convert,
      by: { junk: fc.oneof(fc.constant([]), fc.constant(['channel', 'channel']), badList(badEnum(sourceDimensions), fc.constantFrom(...sourceDimensions))) },
    },
  },
  staleDeals: { valid: () => ({ asOf: '2026-06-01T00:00:00Z' }), fields: { ...filters, ...limit, asOf: { junk: badPeriodBound } } },
};
