import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCrm, fixedClock, memoryAdapter, ValidationError, type Crm } from '../index.js';
import { seedWorkspace } from '../seed/index.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import { sigmoid } from './predictive/logistic-regression.js';

const now = '2026-06-01T12:00:00.000Z';

/** A seeded workspace whose deal outcomes lean on fit (see generateWorkspace). */
async function seeded(contacts = 1200): Promise<Crm> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  await seedWorkspace(crm.storage, { seed: 11, contacts, now });
  return crm;
}

/** A workspace with `won` won and `lost` lost deals, each with one contact of its own. */
async function closedDeals(won: number, lost: number): Promise<Crm> {
  const clock = fixedClock('2026-03-01T09:00:00Z');
  const crm = createCrm({ storage: memoryAdapter(), clock });
  const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] });
  for (let i = 0; i < won + lost; i++) {
    const contact = await crm.contacts.create({ firstName: `P${i}`, title: i < won ? 'VP Sales' : 'Intern' });
    const deal = await crm.deals.create({ title: `Deal ${i}`, amount: { minor: 1000, currency: 'EUR' }, pipelineId: pipeline.id, contactIds: [contact.id] });
    clock.advance(3_600_000);
    if (i < won) await crm.deals.win(deal.id);
    else await crm.deals.lose(deal.id, { reason: 'No budget' });
  }
  return crm;
}

describe('crm.scoring.train', () => {
  it('learns from won and lost deals, and measures AUC on a holdout', async () => {
    const crm = await seeded();
    const model = await crm.scoring.train({ seed: 3 });

    assert.equal(model.format, 'rapport.logistic-regression');
    assert.deepEqual(model.features.map((f) => f.name), [...crm.scoring.rules.fit.rules, ...crm.scoring.rules.engagement.rules].map((r) => r.id), 'one feature per rule by default');
    const { metrics } = model;
    assert.ok(metrics.trainingExamples > 100 && metrics.holdoutExamples > 30, JSON.stringify(metrics));
    assert.equal(metrics.trainingExamples + metrics.holdoutExamples, metrics.positives + metrics.negatives);
    // Seeded outcomes lean on seniority, size and a work address, so the model must rank better than chance.
    assert.ok(metrics.auc !== null && metrics.auc > 0.6, `AUC ${metrics.auc}`);
    const weight = (name: string) => model.weights[model.features.findIndex((f) => f.name === name)] as number;
    assert.ok(weight('senior-title') > 0, 'a senior title predicts a win');
    assert.ok(weight('free-mail') < 0, 'a personal address predicts a loss');
  });

  it('gives the same model for the same data and seed, and another split for another seed', async () => {
    const crm = await seeded(600);
    const a = await crm.scoring.train({ seed: 5 });
    assert.deepEqual(await crm.scoring.train({ seed: 5 }), a);
    const b = await crm.scoring.train({ seed: 6 });
    assert.notDeepEqual(b.weights, a.weights);
    assert.equal(b.options.seed, 6);
  });

  it('serialises to JSON and loads back to the same predictions', async () => {
    const crm = await seeded(600);
    const model = await crm.scoring.train();
    const loaded = crm.scoring.loadModel(JSON.stringify(model));
    assert.deepEqual(loaded, model);

    const [contact] = (await crm.contacts.list({ limit: 1 })).items;
    assert.ok(contact);
    const fromObject = await crm.scoring.predict(contact.id, model);
    assert.deepEqual(await crm.scoring.predict(contact.id, JSON.stringify(model)), fromObject);
    assert.deepEqual(await crm.scoring.predict(contact.id, loaded), fromObject);
  });

  it('explains a prediction: the contributions and the intercept add up to the log-odds', async () => {
    const crm = await seeded(600);
    const model = await crm.scoring.train();
    for (const contact of (await crm.contacts.list({ limit: 20 })).items) {
      const p = await crm.scoring.predict(contact.id, model);
      const sum = p.intercept + p.contributions.reduce((s, c) => s + c.contribution, 0);
      assert.ok(Math.abs(sum - p.logit) < 1e-9);
      assert.equal(p.probability, sigmoid(p.logit));
      assert.deepEqual(p.contributions.map((c) => c.feature).sort(), model.features.map((f) => f.name).sort());
      const sizes = p.contributions.map((c) => Math.abs(c.contribution));
      assert.deepEqual(sizes, [...sizes].sort((x, y) => y - x), 'largest effect first');
    }
  });

  it('learns from declared features, including a number read from a custom field', async () => {
    const crm = await closedDeals(12, 12);
    const { items } = await crm.contacts.list({ limit: 100 });
    // Give winners more seats, so the number feature carries the signal.
    for (const contact of items) {
      await crm.contacts.update(contact.id, { customFields: { seats: contact.title === 'VP Sales' ? 50 : 5 } });
    }
    const model = await crm.scoring.train({
      features: [
        { name: 'seats', kind: 'number', field: 'contact.customFields.seats' },
        { name: 'vp', kind: 'condition', when: { field: 'contact.title', contains: 'vp' } },
      ],
      minExamples: 10,
    });
    assert.deepEqual(model.features.map((f) => f.name), ['seats', 'vp']);
    assert.ok((model.weights[0] as number) > 0 && (model.weights[1] as number) > 0);
    assert.equal(model.metrics.auc, 1, 'the classes are separable');
  });

  it('reads activity as of the close, so the stage change that won a deal does not predict it', async () => {
    const crm = await closedDeals(10, 10);
    const model = await crm.scoring.train({
      features: [
        { name: 'won-before', kind: 'activity', match: { types: ['stageChange'], toStatuses: ['won'] } },
        { name: 'vp', kind: 'condition', when: { field: 'contact.title', equals: 'VP Sales' } },
      ],
      minExamples: 10,
    });
    // Every contact has one deal: no win happened strictly before any close, so the feature is constant 0.
    assert.deepEqual(model.scaling[0], { mean: 0, std: 1 });
    assert.equal(model.weights[0], 0);
  });

  it('refuses with a clear error when there is too little data', async () => {
    const crm = await closedDeals(3, 3);
    await rejectsAt(crm.scoring.train(), ['examples']);
    await assert.rejects(crm.scoring.train(), /6 examples.*3 won, 3 lost.*at least 20, with 5 of each/);
    const empty = createCrm({ storage: memoryAdapter() });
    await assert.rejects(empty.scoring.train(), (error: unknown) => error instanceof ValidationError && /both won and lost/.test(error.issues[0]?.message ?? ''));
  });

  it('refuses when every closed deal has the same outcome', async () => {
    const crm = await closedDeals(30, 0);
    await assert.rejects(crm.scoring.train(), (error: unknown) => error instanceof ValidationError && /30 won, 0 lost.*both won and lost/.test(error.issues[0]?.message ?? ''));
  });

  it('trains on one pipeline when asked', async () => {
    const crm = await seeded();
    const pipelines = (await crm.pipelines.list()).items;
    assert.equal(pipelines.length, 2);
    const all = await crm.scoring.train();
    const size = (m: typeof all) => m.metrics.positives + m.metrics.negatives;
    const each = await Promise.all(pipelines.map((p) => crm.scoring.train({ pipelineId: p.id, minExamples: 10 })));
    assert.equal(size(each[0] as typeof all) + size(each[1] as typeof all), size(all), 'the two pipelines split the examples');
  });

  it('names the offending field of bad options and bad models', async () => {
    const crm = await closedDeals(1, 1);
    await rejectsAt(crm.scoring.train({ features: [{ name: 'x', kind: 'guess' }] } as never), ['features', 0, 'kind']);
    await rejectsAt(crm.scoring.train({ features: [{ name: 'x', kind: 'number', field: 'contact.password' }] } as never), ['features', 0, 'field']);
    await rejectsAt(crm.scoring.train({ holdoutFraction: 0.9 }), ['holdoutFraction']);
    await rejectsAt(crm.scoring.train({ seeds: 1 } as never), ['seeds']);
    assert.throws(() => crm.scoring.loadModel('{"format":'), ValidationError);
    assert.throws(() => crm.scoring.loadModel({ format: 'rapport.logistic-regression' }), ValidationError);
  });
});
