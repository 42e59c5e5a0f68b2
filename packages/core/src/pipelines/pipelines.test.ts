import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt, rejectsConflict } from '../testing-support/rejects.test-support.js';
import { generateNKeysBetween } from 'fractional-indexing';
import {
  NotFoundError,
  UnavailableError,
  ValidationError,
  createCrm,
  fixedClock,
  memoryAdapter,
  type CollectionName,
  type Crm,
  type Pipeline,
  type StorageAdapter,
  type StorageScope,
} from '../index.js';

const start = '2026-05-01T08:00:00.000Z';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup(storage: StorageAdapter = memoryAdapter()) {
  const clock = fixedClock(start);
  const crm = createCrm({ storage, clock });
  return { crm, clock };
}

/** Qualified, Proposal, Negotiation (open), Won, Lost. */
async function salesPipeline(crm: Crm): Promise<Pipeline> {
  return crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [{ name: 'Qualified' }, { name: 'Proposal' }, { name: 'Negotiation' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
}

function stage(pipeline: Pipeline, name: string) {
  const found = pipeline.stages.find((s) => s.name === name);
  assert.ok(found, `pipeline has a stage called ${name}`);
  return found;
}

const names = (pipeline: Pipeline) => pipeline.stages.map((s) => s.name);

function addDeal(crm: Crm, pipeline: Pipeline, title: string, stageName: string) {
  return crm.deals.create({ title, amount: { minor: 1000, currency: 'EUR' }, pipelineId: pipeline.id, stageId: stage(pipeline, stageName).id });
}

async function column(crm: Crm, pipeline: Pipeline, stageName: string): Promise<string[]> {
  const page = await crm.deals.list({ where: { pipelineId: pipeline.id, stageId: stage(pipeline, stageName).id }, orderBy: { field: 'position' } });
  return page.items.map((d) => d.title);
}

/**
 * The real memory adapter, except that inside transactions the `failOn`-th `put` to `collection`
 * throws: a way to make a multi-record write fail half-way and see that nothing of it stays.
 */
function failingStorage(collection: CollectionName, failOn: number): StorageAdapter {
  const inner = memoryAdapter();
  let puts = 0;
  const wrap = (scope: StorageScope): StorageScope => ({
    collection(name) {
      const view = scope.collection(name);
      if (name !== collection) return view;
      return new Proxy(view, {
        get(target, prop) {
          if (prop === 'put') {
            return (...args: Parameters<typeof target.put>) => {
              if (++puts === failOn) return Promise.reject(new UnavailableError('injected failure'));
              return target.put(...args);
            };
          }
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  });
  return { ...inner, transaction: (names, fn) => inner.transaction(names, (scope) => fn(wrap(scope))) };
}

describe('pipelines.create', () => {
  it('fills stage ids and default probabilities: open stages evenly spaced, won 1, lost 0', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    assert.deepEqual(
      pipeline.stages.map((s) => [s.name, s.kind, s.probability]),
      [
        ['Qualified', 'open', 0.25],
        ['Proposal', 'open', 0.5],
        ['Negotiation', 'open', 0.75],
        ['Won', 'won', 1],
        ['Lost', 'lost', 0],
      ],
    );
    for (const s of pipeline.stages) assert.match(s.id, uuid);
    assert.equal(new Set(pipeline.stages.map((s) => s.id)).size, 5, 'stage ids are distinct');
  });

  it('keeps the probabilities, ids and rotting days the caller gives', async () => {
    const { crm } = setup();
    const id = '0196a1b2-0000-7000-8000-000000000001';
    const pipeline = await crm.pipelines.create({
      name: 'Sales',
      currency: 'USD',
      stages: [{ id, name: 'Lead', probability: 0.1, rottingDays: 14 }, { name: 'Demo' }],
    });
    assert.deepEqual(pipeline.stages[0], { id, name: 'Lead', probability: 0.1, rottingDays: 14, kind: 'open' });
    assert.equal(pipeline.stages[1]?.probability, 0.67, 'the second of two open stages gets 2/3, rounded');
  });

  it('stores the pipeline with its metadata, readable through get', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    assert.equal(pipeline.version, 1);
    assert.equal(pipeline.createdAt, start);
    assert.equal(pipeline.updatedAt, start);
    assert.equal(pipeline.currency, 'EUR');
    assert.deepEqual(await crm.pipelines.get(pipeline.id), pipeline);
  });

  it('refuses two stages with the same name, whatever the case', async () => {
    const { crm } = setup();
    await rejectsAt(crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Demo' }, { name: 'demo' }] }), ['stages', 1, 'name']);
  });

  it('refuses a pipeline without an open stage', async () => {
    const { crm } = setup();
    await rejectsAt(
      crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] }),
      ['stages'],
    );
  });

  it('refuses a second won stage', async () => {
    const { crm } = setup();
    await rejectsAt(
      crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Won', kind: 'won' }, { name: 'Won again', kind: 'won' }] }),
      ['stages', 2, 'kind'],
    );
  });

  it('refuses a won stage whose probability is not 1', async () => {
    const { crm } = setup();
    await rejectsAt(
      crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Won', kind: 'won', probability: 0.5 }] }),
      ['stages', 1, 'probability'],
    );
  });

  it('refuses a lost stage whose probability is not 0', async () => {
    const { crm } = setup();
    await rejectsAt(
      crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Lost', kind: 'lost', probability: 0.2 }] }),
      ['stages', 1, 'probability'],
    );
  });

  it('refuses an empty stage list and an unknown currency', async () => {
    const { crm } = setup();
    await rejectsAt(crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [] }), ['stages']);
    await rejectsAt(crm.pipelines.create({ name: 'Sales', currency: 'XYZ', stages: [{ name: 'New' }] }), ['currency']);
  });

  it('stores nothing when the input is refused', async () => {
    const { crm } = setup();
    await assert.rejects(crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'A' }, { name: 'a' }] }), ValidationError);
    assert.deepEqual((await crm.pipelines.list()).items, []);
  });
});

describe('pipelines.get, list and update', () => {
  it('get of an unknown id fails with NotFoundError', async () => {
    const { crm } = setup();
    await assert.rejects(crm.pipelines.get('0196a1b2-0000-7000-8000-00000000dead'), NotFoundError);
  });

  it('list returns every pipeline, in the order asked for', async () => {
    const { crm } = setup();
    await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }] });
    await crm.pipelines.create({ name: 'Partners', currency: 'EUR', stages: [{ name: 'New' }] });
    await crm.pipelines.create({ name: 'Renewals', currency: 'EUR', stages: [{ name: 'New' }] });
    const { items } = await crm.pipelines.list({ orderBy: { field: 'name' } });
    assert.deepEqual(
      items.map((p) => p.name),
      ['Partners', 'Renewals', 'Sales'],
    );
  });

  it('update renames the pipeline and changes its currency, leaving the stages alone', async () => {
    const { crm, clock } = setup();
    const pipeline = await salesPipeline(crm);
    clock.advance(60_000);
    const updated = await crm.pipelines.update(pipeline.id, { name: 'New business', currency: 'USD' });
    assert.equal(updated.name, 'New business');
    assert.equal(updated.currency, 'USD');
    assert.equal(updated.version, 2);
    assert.equal(updated.updatedAt, '2026-05-01T08:01:00.000Z');
    assert.equal(updated.createdAt, start);
    assert.deepEqual(updated.stages, pipeline.stages);
    assert.deepEqual(await crm.pipelines.get(pipeline.id), updated);
  });

  it('update refuses stages, which have their own methods', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.update(pipeline.id, { stages: [] } as never), ['stages']);
  });

  it('update with a stale expectedVersion fails with a version conflict and changes nothing', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await crm.pipelines.update(pipeline.id, { name: 'First' }, { expectedVersion: 1 });
    await rejectsConflict(crm.pipelines.update(pipeline.id, { name: 'Second' }, { expectedVersion: 1 }), 'version');
    const stored = await crm.pipelines.get(pipeline.id);
    assert.equal(stored.name, 'First');
    assert.equal(stored.version, 2);
  });

  it('update of an unknown pipeline fails with NotFoundError', async () => {
    const { crm } = setup();
    await assert.rejects(crm.pipelines.update('0196a1b2-0000-7000-8000-00000000dead', { name: 'X' }), NotFoundError);
  });
});

describe('pipelines.addStage', () => {
  it('puts a new open stage after the last open stage, before won and lost', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const updated = await crm.pipelines.addStage(pipeline.id, { name: 'Contract', probability: 0.9 });
    assert.deepEqual(names(updated), ['Qualified', 'Proposal', 'Negotiation', 'Contract', 'Won', 'Lost']);
    const added = stage(updated, 'Contract');
    assert.match(added.id, uuid);
    assert.equal(added.probability, 0.9);
    assert.equal(added.kind, 'open');
    assert.equal(updated.version, 2);
  });

  it('puts a new stage at the index given', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const updated = await crm.pipelines.addStage(pipeline.id, { name: 'Lead' }, { index: 0 });
    assert.deepEqual(names(updated), ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
  });

  it('appends when the pipeline has only open stages', async () => {
    const { crm } = setup();
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const updated = await crm.pipelines.addStage(pipeline.id, { name: 'Won', kind: 'won' });
    assert.deepEqual(names(updated), ['A', 'B', 'Won']);
    assert.equal(stage(updated, 'Won').probability, 1);
  });

  it('refuses a stage whose name is taken, and keeps the pipeline as it was', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.addStage(pipeline.id, { name: 'proposal' }), ['stages', 3, 'name']);
    assert.deepEqual(await crm.pipelines.get(pipeline.id), pipeline);
  });

  it('refuses a second won stage', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.addStage(pipeline.id, { name: 'Closed', kind: 'won' }, { index: 5 }), ['stages', 5, 'kind']);
  });
});

describe('pipelines.updateStage and renameStage', () => {
  it('changes a stage probability and leaves the other stages alone', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const proposal = stage(pipeline, 'Proposal');
    const updated = await crm.pipelines.updateStage(pipeline.id, proposal.id, { probability: 0.4 });
    assert.deepEqual(stage(updated, 'Proposal'), { ...proposal, probability: 0.4 });
    assert.deepEqual(
      updated.stages.filter((s) => s.id !== proposal.id),
      pipeline.stages.filter((s) => s.id !== proposal.id),
    );
  });

  it('sets rotting days, and rottingDays: null turns rotting off', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const proposal = stage(pipeline, 'Proposal');
    const rotting = await crm.pipelines.updateStage(pipeline.id, proposal.id, { rottingDays: 14 });
    assert.equal(stage(rotting, 'Proposal').rottingDays, 14);
    const cleared = await crm.pipelines.updateStage(pipeline.id, proposal.id, { rottingDays: null });
    assert.equal('rottingDays' in stage(cleared, 'Proposal'), false);
    assert.equal('rottingDays' in stage(await crm.pipelines.get(pipeline.id), 'Proposal'), false);
  });

  it('refuses a won stage probability other than 1', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.updateStage(pipeline.id, stage(pipeline, 'Won').id, { probability: 0.5 }), ['stages', 3, 'probability']);
    assert.equal(stage(await crm.pipelines.get(pipeline.id), 'Won').probability, 1);
  });

  it('refuses a probability outside 0–1', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.updateStage(pipeline.id, stage(pipeline, 'Proposal').id, { probability: 1.5 }), ['probability']);
  });

  it('refuses a stage id the pipeline does not have', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const other = await crm.pipelines.create({ name: 'Other', currency: 'EUR', stages: [{ name: 'New' }] });
    await rejectsAt(crm.pipelines.updateStage(pipeline.id, other.stages[0]?.id ?? '', { probability: 0.3 }), ['stageId']);
  });

  it('renameStage renames one stage, keeping its id', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const proposal = stage(pipeline, 'Proposal');
    const updated = await crm.pipelines.renameStage(pipeline.id, proposal.id, 'Quote');
    assert.deepEqual(names(updated), ['Qualified', 'Quote', 'Negotiation', 'Won', 'Lost']);
    assert.equal(stage(updated, 'Quote').id, proposal.id);
  });

  it('renameStage refuses a name another stage has', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.renameStage(pipeline.id, stage(pipeline, 'Proposal').id, 'Qualified'), ['stages', 1, 'name']);
    assert.deepEqual(names(await crm.pipelines.get(pipeline.id)), names(pipeline));
  });
});

describe('pipelines.reorderStages', () => {
  it('puts the stages in the order given, keeping each stage as it was', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const [q, p, n, w, l] = pipeline.stages.map((s) => s.id) as [string, string, string, string, string];
    const updated = await crm.pipelines.reorderStages(pipeline.id, [n, q, p, w, l]);
    assert.deepEqual(names(updated), ['Negotiation', 'Qualified', 'Proposal', 'Won', 'Lost']);
    assert.deepEqual(stage(updated, 'Negotiation'), stage(pipeline, 'Negotiation'));
  });

  const cases: [string, (ids: string[], foreign: string) => string[]][] = [
    ['a stage is missing', (ids) => ids.slice(1)],
    ['a stage is listed twice', (ids) => [ids[0] as string, ...ids.slice(0, -1)]],
    ['a stage is unknown', (ids, foreign) => [foreign, ...ids.slice(1)]],
  ];
  for (const [what, order] of cases) {
    it(`refuses an order where ${what}`, async () => {
      const { crm } = setup();
      const pipeline = await salesPipeline(crm);
      const other = await crm.pipelines.create({ name: 'Other', currency: 'EUR', stages: [{ name: 'New' }] });
      const ids = pipeline.stages.map((s) => s.id);
      await rejectsAt(crm.pipelines.reorderStages(pipeline.id, order(ids, other.stages[0]?.id ?? '')), ['stageIds']);
      assert.deepEqual(await crm.pipelines.get(pipeline.id), pipeline);
    });
  }
});

describe('pipelines.removeStage', () => {
  it('removes an empty stage', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const updated = await crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id);
    assert.deepEqual(names(updated), ['Qualified', 'Negotiation', 'Won', 'Lost']);
    assert.deepEqual(names(await crm.pipelines.get(pipeline.id)), ['Qualified', 'Negotiation', 'Won', 'Lost']);
  });

  it('refuses to remove a stage that holds deals unless told where they go', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const deal = await addDeal(crm, pipeline, 'Acme', 'Proposal');
    await rejectsAt(crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id), ['moveDealsTo']);
    assert.deepEqual(names(await crm.pipelines.get(pipeline.id)), names(pipeline));
    assert.deepEqual(await crm.deals.get(deal.id), deal);
  });

  it('refuses to move the deals to a stage of another kind', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const deal = await addDeal(crm, pipeline, 'Acme', 'Proposal');
    await rejectsAt(
      crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id, { moveDealsTo: stage(pipeline, 'Won').id }),
      ['moveDealsTo'],
    );
    assert.deepEqual(await crm.deals.get(deal.id), deal);
  });

  it('refuses to move the deals into the stage being removed, or a stage of another pipeline', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const other = await crm.pipelines.create({ name: 'Other', currency: 'EUR', stages: [{ name: 'New' }] });
    await addDeal(crm, pipeline, 'Acme', 'Proposal');
    const proposal = stage(pipeline, 'Proposal').id;
    await rejectsAt(crm.pipelines.removeStage(pipeline.id, proposal, { moveDealsTo: proposal }), ['moveDealsTo']);
    await rejectsAt(crm.pipelines.removeStage(pipeline.id, proposal, { moveDealsTo: other.stages[0]?.id ?? '' }), ['moveDealsTo']);
  });

  it('moves the deals to the end of the target column, with a history entry and a stageChange each', async () => {
    const { crm, clock } = setup();
    const pipeline = await salesPipeline(crm);
    await addDeal(crm, pipeline, 'Already there', 'Qualified');
    const a = await addDeal(crm, pipeline, 'A', 'Proposal');
    const b = await addDeal(crm, pipeline, 'B', 'Proposal');
    clock.advance(3_600_000);
    const qualified = stage(pipeline, 'Qualified');
    const proposal = stage(pipeline, 'Proposal');
    const updated = await crm.pipelines.removeStage(pipeline.id, proposal.id, { moveDealsTo: qualified.id });

    assert.deepEqual(names(updated), ['Qualified', 'Negotiation', 'Won', 'Lost']);
    assert.deepEqual(await column(crm, updated, 'Qualified'), ['Already there', 'A', 'B']);
    for (const before of [a, b]) {
      const deal = await crm.deals.get(before.id);
      assert.equal(deal.stageId, qualified.id);
      assert.equal(deal.status, 'open');
      assert.deepEqual(deal.stageHistory, [
        { stageId: proposal.id, enteredAt: start },
        { stageId: qualified.id, enteredAt: '2026-05-01T09:00:00.000Z' },
      ]);
      const timeline = await crm.interactions.list({ dealId: deal.id });
      assert.deepEqual(
        timeline.items.map((i) => [i.type, i.stageChange]),
        [['stageChange', { fromStageId: proposal.id, toStageId: qualified.id, fromStatus: 'open', toStatus: 'open' }]],
      );
    }
  });

  it('keeps the moved deals in their column order', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const a = await addDeal(crm, pipeline, 'A', 'Proposal');
    await addDeal(crm, pipeline, 'B', 'Proposal');
    const c = await addDeal(crm, pipeline, 'C', 'Proposal');
    // The user ranked C first, then A, then B.
    await crm.deals.move(c.id, { stageId: c.stageId, before: a.id });
    assert.deepEqual(await column(crm, pipeline, 'Proposal'), ['C', 'A', 'B']);
    await crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id, { moveDealsTo: stage(pipeline, 'Negotiation').id });
    assert.deepEqual(await column(crm, pipeline, 'Negotiation'), ['C', 'A', 'B']);
  });

  it('moves every deal of a large stage, beyond one page of the store', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const positions = generateNKeysBetween(null, null, 520);
    // Written straight to the store: 520 creates through the service would only slow the test.
    const proposal = stage(pipeline, 'Proposal');
    const qualified = stage(pipeline, 'Qualified');
    await crm.storage.collection('deals').bulkPut(
      positions.map((position, i) => ({
        id: crypto.randomUUID(),
        title: `D${i}`,
        amount: { minor: 1, currency: 'EUR' },
        contactIds: [],
        tags: [],
        customFields: {},
        pipelineId: pipeline.id,
        stageId: proposal.id,
        position,
        status: 'open' as const,
        stageHistory: [{ stageId: proposal.id, enteredAt: start }],
        createdAt: start,
        updatedAt: start,
      })),
    );
    await crm.pipelines.removeStage(pipeline.id, proposal.id, { moveDealsTo: qualified.id });
    assert.equal(await crm.storage.collection('deals').count({ where: { stageId: qualified.id } }), 520);
    assert.equal(await crm.storage.collection('deals').count({ where: { stageId: proposal.id } }), 0);
    assert.equal(await crm.storage.collection('interactions').count({ where: { type: 'stageChange' } }), 520);
  });

  it('is all or nothing: a failure half-way leaves the stage, the deals and the timeline as they were', async () => {
    // The second stageChange write fails, after the first deal was already moved in the transaction.
    const { crm } = setup(failingStorage('interactions', 2));
    const pipeline = await salesPipeline(crm);
    const a = await addDeal(crm, pipeline, 'A', 'Proposal');
    const b = await addDeal(crm, pipeline, 'B', 'Proposal');
    await assert.rejects(
      crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id, { moveDealsTo: stage(pipeline, 'Qualified').id }),
      UnavailableError,
    );
    assert.deepEqual(await crm.pipelines.get(pipeline.id), pipeline);
    assert.deepEqual(await crm.deals.get(a.id), a);
    assert.deepEqual(await crm.deals.get(b.id), b);
    assert.equal(await crm.storage.collection('interactions').count(), 0);
  });

  it('moves closed deals between stages of the same kind, keeping them closed', async () => {
    const { crm } = setup();
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const deal = await addDeal(crm, pipeline, 'Won in place', 'B');
    const won = await crm.deals.win(deal.id);
    await crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'B').id, { moveDealsTo: stage(pipeline, 'A').id });
    const moved = await crm.deals.get(deal.id);
    assert.equal(moved.stageId, stage(pipeline, 'A').id);
    assert.equal(moved.status, 'won');
    assert.equal(moved.closedAt, won.closedAt);
    assert.equal(moved.probability, 1);
  });

  it('refuses to remove the last open stage', async () => {
    const { crm } = setup();
    const pipeline = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'Only' }, { name: 'Won', kind: 'won' }] });
    await rejectsAt(crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Only').id), ['stages']);
    assert.deepEqual(names(await crm.pipelines.get(pipeline.id)), ['Only', 'Won']);
  });

  it('refuses a stage id the pipeline does not have', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await rejectsAt(crm.pipelines.removeStage(pipeline.id, '0196a1b2-0000-7000-8000-00000000dead'), ['stageId']);
  });
});

describe('pipelines.delete', () => {
  it('refuses a pipeline that holds deals with a ConflictError (in_use)', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await addDeal(crm, pipeline, 'Acme', 'Qualified');
    await rejectsConflict(crm.pipelines.delete(pipeline.id), 'in_use');
    assert.deepEqual(await crm.pipelines.get(pipeline.id), pipeline);
  });

  it('counts soft-deleted deals as held (they can be restored); purging them frees the pipeline', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const deal = await addDeal(crm, pipeline, 'Acme', 'Qualified');
    await crm.deals.delete(deal.id);
    await rejectsConflict(crm.pipelines.delete(pipeline.id), 'in_use');
    await crm.deals.purge(deal.id);
    await crm.pipelines.delete(pipeline.id);
    await assert.rejects(crm.pipelines.get(pipeline.id), NotFoundError);
  });

  it('deletes a pipeline without deals for good', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const other = await crm.pipelines.create({ name: 'Other', currency: 'EUR', stages: [{ name: 'New' }] });
    await crm.pipelines.delete(pipeline.id);
    await assert.rejects(crm.pipelines.get(pipeline.id), NotFoundError);
    assert.deepEqual(
      (await crm.pipelines.list()).items.map((p) => p.id),
      [other.id],
    );
  });

  it('refuses a stale expectedVersion, and keeps the pipeline', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await crm.pipelines.update(pipeline.id, { name: 'Renamed' });
    await rejectsConflict(crm.pipelines.delete(pipeline.id, { expectedVersion: 1 }), 'version');
    assert.equal((await crm.pipelines.get(pipeline.id)).name, 'Renamed');
    await crm.pipelines.delete(pipeline.id, { expectedVersion: 2 });
    await assert.rejects(crm.pipelines.get(pipeline.id), NotFoundError);
  });
});

describe('pipelines: expectedVersion on stage changes', () => {
  const changes: [string, (crm: Crm, p: Pipeline) => Promise<Pipeline>][] = [
    ['addStage', (crm, p) => crm.pipelines.addStage(p.id, { name: 'Demo' }, { expectedVersion: 1 })],
    ['updateStage', (crm, p) => crm.pipelines.updateStage(p.id, stage(p, 'Proposal').id, { probability: 0.3 }, { expectedVersion: 1 })],
    ['renameStage', (crm, p) => crm.pipelines.renameStage(p.id, stage(p, 'Proposal').id, 'Quote', { expectedVersion: 1 })],
    ['reorderStages', (crm, p) => crm.pipelines.reorderStages(p.id, [...p.stages].reverse().map((s) => s.id), { expectedVersion: 1 })],
    ['removeStage', (crm, p) => crm.pipelines.removeStage(p.id, stage(p, 'Proposal').id, { expectedVersion: 1 })],
  ];
  for (const [method, change] of changes) {
    it(`${method} with a stale expectedVersion fails with a version conflict and changes nothing`, async () => {
      const { crm } = setup();
      const pipeline = await salesPipeline(crm);
      const renamed = await crm.pipelines.update(pipeline.id, { name: 'Renamed' });
      await rejectsConflict(change(crm, pipeline), 'version');
      assert.deepEqual(await crm.pipelines.get(pipeline.id), renamed);
    });

    it(`${method} with the current expectedVersion succeeds`, async () => {
      const { crm } = setup();
      const pipeline = await salesPipeline(crm);
      assert.equal((await change(crm, pipeline)).version, 2);
    });
  }
});

describe('pipelines: events', () => {
  it("'pipeline.created' fires once, after the pipeline is stored", async () => {
    const { crm } = setup();
    const seen: Promise<Pipeline | undefined>[] = [];
    const ids: string[] = [];
    crm.on('pipeline.created', (event) => {
      ids.push(event.pipeline.id);
      // Read the store at the moment the event fires: it must already hold the pipeline.
      seen.push(crm.storage.collection('pipelines').get(event.pipeline.id));
    });
    const pipeline = await salesPipeline(crm);
    assert.deepEqual(ids, [pipeline.id]);
    assert.deepEqual(await seen[0], pipeline);
  });

  it("'pipeline.updated' fires after commit with the new and previous pipeline, for updates and stage changes", async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const events: { name: string; previous: string; stored: Promise<Pipeline | undefined> }[] = [];
    crm.on('pipeline.updated', (event) => {
      events.push({ name: event.pipeline.name, previous: event.previous.name, stored: crm.storage.collection('pipelines').get(pipeline.id) });
    });
    await crm.pipelines.update(pipeline.id, { name: 'New business' });
    const withStage = await crm.pipelines.addStage(pipeline.id, { name: 'Demo' });
    assert.deepEqual(
      events.map((e) => [e.name, e.previous]),
      [
        ['New business', 'Sales'],
        ['New business', 'New business'],
      ],
    );
    assert.equal((await events[0]?.stored)?.name, 'New business');
    assert.deepEqual(await events[1]?.stored, withStage);
  });

  it("'pipeline.deleted' fires with the id after the pipeline is gone", async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const seen: { id: string; stored: Promise<Pipeline | undefined> }[] = [];
    crm.on('pipeline.deleted', (event) => seen.push({ id: event.id, stored: crm.storage.collection('pipelines').get(event.id) }));
    await crm.pipelines.delete(pipeline.id);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.id, pipeline.id);
    assert.equal(await seen[0]?.stored, undefined);
  });

  it('a refused write fires no event', async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    await addDeal(crm, pipeline, 'Acme', 'Qualified');
    const fired: string[] = [];
    crm.on('pipeline.created', (e) => fired.push(e.type));
    crm.on('pipeline.updated', (e) => fired.push(e.type));
    crm.on('pipeline.deleted', (e) => fired.push(e.type));
    await assert.rejects(crm.pipelines.create({ name: 'Bad', currency: 'EUR', stages: [] }));
    await assert.rejects(crm.pipelines.update(pipeline.id, { name: 'X' }, { expectedVersion: 9 }));
    await assert.rejects(crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Qualified').id));
    await assert.rejects(crm.pipelines.delete(pipeline.id));
    assert.deepEqual(fired, []);
  });

  it('a listener stops hearing events once unsubscribed', async () => {
    const { crm } = setup();
    const fired: string[] = [];
    const stop = crm.on('pipeline.created', (e) => fired.push(e.pipeline.name));
    await crm.pipelines.create({ name: 'First', currency: 'EUR', stages: [{ name: 'New' }] });
    stop();
    await crm.pipelines.create({ name: 'Second', currency: 'EUR', stages: [{ name: 'New' }] });
    assert.deepEqual(fired, ['First']);
  });
});

describe('pipelines.removeStage: events', () => {
  it("fires 'deal.moved' for every deal it moves, after the commit, in column order", async () => {
    const { crm } = setup();
    const pipeline = await salesPipeline(crm);
    const a = await addDeal(crm, pipeline, 'A', 'Proposal');
    const b = await addDeal(crm, pipeline, 'B', 'Proposal');
    const moved: { id: string; from: string; to: string }[] = [];
    crm.on('deal.moved', (event) => {
      moved.push({ id: event.deal.id, from: event.from.stageId, to: event.to.stageId });
    });
    await crm.pipelines.removeStage(pipeline.id, stage(pipeline, 'Proposal').id, { moveDealsTo: stage(pipeline, 'Qualified').id });
    assert.deepEqual(
      moved.map((m) => [m.id, m.from, m.to]),
      [a, b].map((d) => [d.id, stage(pipeline, 'Proposal').id, stage(pipeline, 'Qualified').id]),
    );
  });
});
