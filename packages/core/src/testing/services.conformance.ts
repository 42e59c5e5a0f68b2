import { fixedClock } from '../clock.js';
import { createCrm } from '../crm.js';
import { reportNames, type ReportName, type ReportParamsMap } from '../reports/report-definitions.js';
import { runReport } from '../reports/run-report.js';
import { assert, assertEqual, assertRejects } from './assert.js';
import type { SuiteEnv, TestApi } from './suite-env.js';

/** Core's services over the adapter: the writes that span collections must hold together. */
export function serviceConformance({ describe, it }: TestApi, env: SuiteEnv): void {
  describe('services on this adapter', () => {
    it('contacts: create, search, and a stale update refused', env.withAdapter(async (adapter) => {
      const crm = createCrm({ storage: adapter, clock: fixedClock('2026-03-01T09:00:00Z') });
      const acme = await crm.companies.create({ name: 'Acme Robotics', domain: 'acme.io' });
      const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ANN@acme.io'], companyId: acme.id });
      assertEqual((await crm.contacts.search('ann robo')).items.map((c) => c.id), [ann.id], 'search by name and company');
      await crm.contacts.update(ann.id, { title: 'CTO' }, { expectedVersion: ann.version });
      await assertRejects(crm.contacts.update(ann.id, { title: 'CEO' }, { expectedVersion: ann.version }), 'conflict', 'stale update');
      assertEqual((await crm.contacts.get(ann.id)).title, 'CTO', 'title after the refused update');
    }));

    it('leads: a capture de-duplicates by email and records consent and the submission', env.withAdapter(async (adapter) => {
      const crm = createCrm({ storage: adapter, clock: fixedClock('2026-03-01T09:00:00Z') });
      const first = await crm.leads.capture({ email: 'ada@example.com', firstName: 'Ada', consent: [{ purpose: 'marketing-email', granted: true, text: 'Send me news' }], formId: 'footer' });
      const again = await crm.leads.capture({ email: ' ADA@Example.com', lastName: 'Lovelace', message: 'Call me' });
      assertEqual([first.created, again.created, again.contact.id], [true, false, first.contact.id], 'the second lead merged into the first contact');
      const stored = await crm.contacts.get(first.contact.id);
      assertEqual([stored.firstName, stored.lastName, stored.consent.length], ['Ada', 'Lovelace', 1], 'merged fields and consent');
      const timeline = await crm.interactions.list({ contactId: first.contact.id });
      assertEqual(timeline.items.map((i) => i.type), ['formSubmission', 'formSubmission'], 'one formSubmission per lead');
    }));

    it('deals: a move writes the stage history and a stageChange interaction together', env.withAdapter(async (adapter) => {
      const crm = createCrm({ storage: adapter, clock: fixedClock('2026-03-01T09:00:00Z') });
      const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Proposal' }, { name: 'Won', kind: 'won' }] });
      const [first, second] = pipeline.stages;
      assert(first && second, 'stages created');
      const a = await crm.deals.create({ title: 'A', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id });
      const b = await crm.deals.create({ title: 'B', amount: { minor: 200, currency: 'EUR' }, pipelineId: pipeline.id });
      const moved = await crm.deals.move(b.id, { stageId: second.id });
      assertEqual(moved.stageHistory.map((v) => v.stageId), [first.id, second.id], 'stage history');
      const timeline = await crm.interactions.list({ dealId: b.id });
      assertEqual(timeline.items.map((i) => [i.type, i.stageChange?.toStageId]), [['stageChange', second.id]], 'timeline of the moved deal');
      const back = await crm.deals.move(b.id, { stageId: first.id, before: a.id });
      const column = await crm.deals.list({ where: { pipelineId: pipeline.id, stageId: first.id }, orderBy: { field: 'position' } });
      assertEqual(column.items.map((d) => d.id), [back.id, a.id], 'column order after moving before another deal');
      assertEqual((await crm.deals.get(a.id)).version, a.version, 'the neighbour was not rewritten');
    }));

    it('contacts: a merge moves interactions and deal links, all or nothing', env.withAdapter(async (adapter) => {
      const crm = createCrm({ storage: adapter, clock: fixedClock('2026-03-01T09:00:00Z') });
      const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }] });
      const keep = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.io'] });
      const dupe = await crm.contacts.create({ firstName: 'Annie', emails: ['ann.lee@acme.io'], tags: ['met-at-expo'] });
      await crm.interactions.log({ type: 'note', contactId: dupe.id, body: 'Met at the expo' });
      const deal = await crm.deals.create({ title: 'A', amount: { minor: 100, currency: 'EUR' }, pipelineId: pipeline.id, contactIds: [dupe.id] });
      const merged = await crm.contacts.merge(keep.id, dupe.id);
      assertEqual([merged.emails, merged.tags], [['ann@acme.io', 'ann.lee@acme.io'], ['met-at-expo']], 'merged lists');
      assertEqual((await crm.interactions.list({ contactId: keep.id })).items.length, 1, 'interaction moved');
      assertEqual((await crm.deals.get(deal.id)).contactIds, [keep.id], 'deal link moved');
      await assertRejects(crm.contacts.get(dupe.id), 'not_found', 'merged contact hidden');
      assertEqual((await crm.contacts.get(dupe.id, { includeDeleted: true })).mergedIntoId, keep.id, 'merged contact points at the target');
    }));

    it('reports and scores: crm.reports equals runReport over the same records, and scoreAll stores scores', env.withAdapter(async (adapter) => {
      const clock = fixedClock('2026-03-01T09:00:00Z');
      const crm = createCrm({ storage: adapter, clock });
      const pipeline = await crm.pipelines.create({
        name: 'Sales',
        currency: 'EUR',
        stages: [{ name: 'New', probability: 0.2, rottingDays: 2 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
      });
      const ann = await crm.contacts.create({ firstName: 'Ann', title: 'CEO', emails: ['ann@acme.io'], source: { channel: 'ads' } });
      const bob = await crm.contacts.create({ firstName: 'Bob', emails: ['bob@gmail.com'], source: { channel: 'event' } });
      const deal = (title: string, contactId: string) =>
        crm.deals.create({ title, amount: { minor: 10_000, currency: 'EUR' }, pipelineId: pipeline.id, contactIds: [contactId], ownerId: 'u1', expectedCloseDate: '2026-04-15' });
      const [won, lost] = [await deal('Won', ann.id), await deal('Lost', bob.id), await deal('Open', ann.id)];
      await crm.interactions.log({ type: 'meeting', contactId: ann.id, ownerId: 'u1' });
      clock.advance(3 * 86_400_000);
      await crm.deals.win(won.id);
      await crm.deals.lose(lost.id, { reason: 'No budget' });
      clock.advance(3 * 86_400_000);

      const summary = await crm.reports.pipelineSummary({ pipelineId: pipeline.id });
      assertEqual([summary.total.count, summary.total.amounts], [3, [{ minor: 30_000, currency: 'EUR' }]], 'pipeline summary total');
      const params: { [N in ReportName]: ReportParamsMap[N] } = {
        pipelineSummary: { pipelineId: pipeline.id },
        forecast: {},
        funnel: { pipelineId: pipeline.id },
        winRate: {},
        salesCycle: {},
        salesVelocity: {},
        activityLeaderboard: {},
        leadSources: {},
        staleDeals: {},
      };
      for (const name of reportNames) {
        // The local computation, whatever the adapter offers: a store that computes reports itself must agree with it.
        const local = await runReport(adapter, name, name === 'staleDeals' ? { asOf: clock.now().toISOString() } : params[name]);
        assertEqual(await crm.reports.run(name, params[name]), local, `report ${name}`);
      }

      const result = await crm.scoring.scoreAll();
      assertEqual([result.processed, result.updated], [2, 2], 'both contacts scored');
      assert((await crm.contacts.get(ann.id)).score !== undefined, 'score stored on the contact');
      assertEqual((await crm.scoring.scoreAll()).updated, 0, 'a second run writes nothing');
    }));
  });
}
