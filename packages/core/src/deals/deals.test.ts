import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt, rejectsConflict } from '../testing-support/rejects.test-support.js';
import {
  NotFoundError,
  ValidationError,
  createCrm,
  fixedClock,
  memoryAdapter,
  type Crm,
  type CrmEvent,
  type Deal,
  type DealInput,
  type Pipeline,
} from '../index.js';

const start = '2026-05-01T08:00:00.000Z';
const later = '2026-05-01T09:00:00.000Z';
const hour = 3_600_000;
const unknownId = '0196a1b2-0000-7000-8000-00000000dead';

/** A crm with a Sales pipeline (Qualified, Proposal, Negotiation, Won, Lost), a company and two contacts. */
async function setup() {
  const clock = fixedClock(start);
  const crm = createCrm({ storage: memoryAdapter(), clock });
  const sales = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [{ name: 'Qualified' }, { name: 'Proposal' }, { name: 'Negotiation' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
  const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.io' });
  const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.io'], companyId: acme.id });
  const bob = await crm.contacts.create({ firstName: 'Bob', emails: ['bob@example.com'] });
  const s = (name: string) => stageId(sales, name);
  /** Creates a deal in Sales (first open stage unless `stage` is given). */
  const deal = (title: string, stage?: string, extra: Partial<DealInput> = {}) =>
    crm.deals.create({ title, amount: { minor: 100_000, currency: 'EUR' }, pipelineId: sales.id, ...(stage ? { stageId: s(stage) } : {}), ...extra });
  /** Titles of a column, in board order. */
  const column = async (stage: string, pipeline: Pipeline = sales) =>
    (await crm.deals.list({ where: { pipelineId: pipeline.id, stageId: stageId(pipeline, stage) }, orderBy: { field: 'position' } })).items.map((d) => d.title);
  /** The deal's timeline entries of type stageChange, oldest first. */
  const stageChanges = async (dealId: string) => (await crm.interactions.list({ dealId, types: ['stageChange'] })).items.reverse();
  return { crm, clock, sales, acme, ann, bob, s, deal, column, stageChanges };
}

function stageId(pipeline: Pipeline, name: string): string {
  const found = pipeline.stages.find((st) => st.name === name);
  assert.ok(found, `pipeline ${pipeline.name} has a stage called ${name}`);
  return found.id;
}

/** Records every event of the given names, in order. */
function record<K extends CrmEvent['type']>(crm: Crm, ...types: K[]): CrmEvent<K>[] {
  const events: CrmEvent<K>[] = [];
  for (const type of types) crm.on(type, (event) => events.push(event));
  return events;
}

/** A small deterministic PRNG (mulberry32), so a failing random sequence can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('deals.create', () => {
  it('puts a new deal in the first open stage, open, with its first stage-history entry', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme renewal');
    assert.equal(created.stageId, s('Qualified'));
    assert.equal(created.status, 'open');
    assert.deepEqual(created.stageHistory, [{ stageId: s('Qualified'), enteredAt: start }]);
    assert.equal(created.closedAt, undefined);
    assert.equal(created.version, 1);
    assert.deepEqual(created.contactIds, []);
    assert.deepEqual(await crm.deals.get(created.id), created);
  });

  it('defaults to the first open stage even when a closed stage is listed first', async () => {
    const { crm } = await setup();
    const odd = await crm.pipelines.create({ name: 'Odd', currency: 'EUR', stages: [{ name: 'Lost', kind: 'lost' }, { name: 'Open' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: odd.id });
    assert.equal(created.stageId, stageId(odd, 'Open'));
    assert.equal(created.status, 'open');
  });

  it('puts each new deal at the end of its column, so the column lists them in creation order', async () => {
    const { deal, column } = await setup();
    for (const title of ['A', 'B', 'C', 'D', 'E']) await deal(title, 'Proposal');
    await deal('elsewhere', 'Qualified');
    assert.deepEqual(await column('Proposal'), ['A', 'B', 'C', 'D', 'E']);
  });

  it('keeps the links, owner and fields given', async () => {
    const { acme, ann, bob, deal } = await setup();
    const created = await deal('Big one', 'Proposal', {
      contactIds: [ann.id, bob.id, ann.id],
      companyId: acme.id,
      ownerId: 'user-1',
      expectedCloseDate: '2026-06-30',
      tags: ['Q2', 'q2'],
    });
    assert.deepEqual(created.contactIds, [ann.id, bob.id], 'duplicate contacts collapse');
    assert.equal(created.companyId, acme.id);
    assert.equal(created.ownerId, 'user-1');
    assert.equal(created.expectedCloseDate, '2026-06-30');
    assert.deepEqual(created.tags, ['q2']);
  });

  it('refuses an unknown pipeline, naming pipelineId', async () => {
    const { crm } = await setup();
    await rejectsAt(crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: unknownId }), ['pipelineId']);
  });

  it('refuses a stage of another pipeline, naming stageId', async () => {
    const { crm, sales } = await setup();
    const other = await crm.pipelines.create({ name: 'Other', currency: 'EUR', stages: [{ name: 'New' }] });
    await rejectsAt(crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: sales.id, stageId: stageId(other, 'New') }), ['stageId']);
  });

  it('refuses an unknown contact, naming its index in contactIds', async () => {
    const { ann, deal } = await setup();
    await rejectsAt(deal('X', undefined, { contactIds: [ann.id, unknownId] }), ['contactIds', 1]);
  });

  it('refuses a deleted contact as unknown', async () => {
    const { crm, bob, deal } = await setup();
    await crm.contacts.delete(bob.id);
    await rejectsAt(deal('X', undefined, { contactIds: [bob.id] }), ['contactIds', 0]);
  });

  it('refuses an unknown company, naming companyId', async () => {
    const { deal } = await setup();
    await rejectsAt(deal('X', undefined, { companyId: unknownId }), ['companyId']);
  });

  it('refuses an amount that is not whole minor units', async () => {
    const { deal } = await setup();
    await rejectsAt(deal('X', undefined, { amount: { minor: 10.5, currency: 'EUR' } }), ['amount', 'minor']);
  });

  it('stores nothing when refused', async () => {
    const { crm, deal } = await setup();
    await assert.rejects(deal('X', undefined, { companyId: unknownId }), ValidationError);
    assert.deepEqual((await crm.deals.list({ includeDeleted: true })).items, []);
  });

  it('needs a reason to create a deal straight into a lost stage', async () => {
    const { deal } = await setup();
    await rejectsAt(deal('X', 'Lost'), ['lostReason']);
    const lost = await deal('X', 'Lost', { lostReason: 'No budget' });
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lostReason, 'No budget');
    assert.equal(lost.closedAt, start);
    assert.equal(lost.probability, 0);
  });

  it('creates a deal into a won stage as won, closed, probability 1', async () => {
    const { deal } = await setup();
    const won = await deal('X', 'Won', { probability: 0.2 });
    assert.equal(won.status, 'won');
    assert.equal(won.closedAt, start);
    assert.equal(won.probability, 1);
  });
});

describe('deals.update', () => {
  it('changes the fields given, bumps the version and leaves the others alone', async () => {
    const { crm, clock, acme, deal } = await setup();
    const created = await deal('Acme', 'Proposal', { ownerId: 'user-1', tags: ['hot'] });
    clock.advance(hour);
    const updated = await crm.deals.update(created.id, { title: 'Acme renewal', amount: { minor: 990_000, currency: 'EUR' }, companyId: acme.id });
    assert.equal(updated.title, 'Acme renewal');
    assert.deepEqual(updated.amount, { minor: 990_000, currency: 'EUR' });
    assert.equal(updated.companyId, acme.id);
    assert.equal(updated.ownerId, 'user-1');
    assert.deepEqual(updated.tags, ['hot']);
    assert.equal(updated.version, 2);
    assert.equal(updated.updatedAt, later);
    assert.equal(updated.position, created.position);
    assert.deepEqual(updated.stageHistory, created.stageHistory);
    assert.deepEqual(await crm.deals.get(created.id), updated);
  });

  it('clears an optional field given null', async () => {
    const { crm, acme, deal } = await setup();
    const created = await deal('Acme', undefined, { companyId: acme.id, ownerId: 'user-1', probability: 0.3, expectedCloseDate: '2026-06-30' });
    const updated = await crm.deals.update(created.id, { companyId: null, ownerId: null, probability: null, expectedCloseDate: null });
    for (const field of ['companyId', 'ownerId', 'probability', 'expectedCloseDate'] as const) {
      assert.equal(field in updated, false, `${field} cleared`);
    }
    assert.deepEqual(await crm.deals.get(created.id), updated);
  });

  it('refuses null for a required field', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    await rejectsAt(crm.deals.update(created.id, { title: null } as never), ['title']);
  });

  it('refuses unknown contacts and companies, naming the field, and changes nothing', async () => {
    const { crm, ann, deal } = await setup();
    const created = await deal('Acme');
    await rejectsAt(crm.deals.update(created.id, { contactIds: [ann.id, unknownId] }), ['contactIds', 1]);
    await rejectsAt(crm.deals.update(created.id, { companyId: unknownId }), ['companyId']);
    assert.deepEqual(await crm.deals.get(created.id), created);
  });

  it('refuses to change stage or status, which move, win, lose and reopen own', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    await rejectsAt(crm.deals.update(created.id, { stageId: s('Proposal') } as never), ['stageId']);
    await rejectsAt(crm.deals.update(created.id, { status: 'won' } as never), ['status']);
  });

  it('with a stale expectedVersion fails with a version conflict and leaves the deal as it was', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    const first = await crm.deals.update(created.id, { title: 'First' }, { expectedVersion: created.version });
    await rejectsConflict(crm.deals.update(created.id, { title: 'Second' }, { expectedVersion: created.version }));
    assert.deepEqual(await crm.deals.get(created.id), first);
  });

  it("fires 'deal.updated' with the new and previous deal", async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    const events = record(crm, 'deal.updated');
    await crm.deals.update(created.id, { title: 'Renamed' });
    assert.deepEqual(
      events.map((e) => [e.previous.title, e.deal.title]),
      [['Acme', 'Renamed']],
    );
  });
});

describe('deals.move within a column', () => {
  it('puts the deal right after the one named in after', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A');
    await deal('B');
    await deal('C');
    const d = await deal('D');
    await crm.deals.move(d.id, { stageId: d.stageId, after: a.id });
    assert.deepEqual(await column('Qualified'), ['A', 'D', 'B', 'C']);
  });

  it('puts the deal right before the one named in before', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A');
    await deal('B');
    const c = await deal('C');
    await crm.deals.move(a.id, { stageId: a.stageId, before: c.id });
    assert.deepEqual(await column('Qualified'), ['B', 'A', 'C']);
  });

  it('puts the deal first when before names the first deal', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A');
    await deal('B');
    const c = await deal('C');
    await crm.deals.move(c.id, { stageId: c.stageId, before: a.id });
    assert.deepEqual(await column('Qualified'), ['C', 'A', 'B']);
  });

  it('puts the deal between after and before when both are given', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A');
    const b = await deal('B');
    const c = await deal('C');
    await crm.deals.move(c.id, { stageId: c.stageId, after: a.id, before: b.id });
    assert.deepEqual(await column('Qualified'), ['A', 'C', 'B']);
  });

  it('puts the deal at the end of the column when neither after nor before is given', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A');
    await deal('B');
    await deal('C');
    await crm.deals.move(a.id, { stageId: a.stageId });
    assert.deepEqual(await column('Qualified'), ['B', 'C', 'A']);
  });

  it('writes only the moved deal: its neighbours keep their version and position', async () => {
    const { crm, deal } = await setup();
    const deals = [await deal('A'), await deal('B'), await deal('C'), await deal('D')];
    const [a, , , d] = deals as [Deal, Deal, Deal, Deal];
    const moved = await crm.deals.move(d.id, { stageId: d.stageId, after: a.id });
    assert.equal(moved.version, d.version + 1);
    for (const other of deals.slice(0, 3)) assert.deepEqual(await crm.deals.get(other.id), other);
  });

  it('adds no stage-history entry and no timeline entry', async () => {
    const { crm, deal, stageChanges } = await setup();
    const a = await deal('A');
    const b = await deal('B');
    const moved = await crm.deals.move(b.id, { stageId: b.stageId, before: a.id });
    assert.deepEqual(moved.stageHistory, b.stageHistory);
    assert.deepEqual(await stageChanges(b.id), []);
  });

  it('keeps one consistent order through many random moves', async () => {
    const { crm, s, deal, column } = await setup();
    const stages = ['Qualified', 'Proposal', 'Negotiation'];
    const model = new Map<string, string[]>(stages.map((name) => [name, []]));
    const ids = new Map<string, string>();
    for (let i = 0; i < 9; i++) {
      const stage = stages[i % 3] as string;
      const created = await deal(`D${i}`, stage);
      ids.set(created.title, created.id);
      model.get(stage)?.push(created.title);
    }
    const next = random(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    for (let step = 0; step < 150; step++) {
      const title = pick([...ids.keys()]);
      for (const titles of model.values()) titles.splice(titles.indexOf(title), titles.includes(title) ? 1 : 0);
      const target = pick(stages);
      const titles = model.get(target) as string[];
      const slot = Math.floor(next() * (titles.length + 1));
      // Every way of naming that slot: after the deal above, before the one below, both, or
      // neither (the end of the column).
      const above = slot > 0 ? ids.get(titles[slot - 1] as string) : undefined;
      const below = slot < titles.length ? ids.get(titles[slot] as string) : undefined;
      const ways: { after?: string; before?: string }[] = [];
      if (above) ways.push({ after: above });
      if (below) ways.push({ before: below });
      if (above && below) ways.push({ after: above, before: below });
      if (!below) ways.push({});
      titles.splice(slot, 0, title);
      await crm.deals.move(ids.get(title) as string, { stageId: s(target), ...pick(ways) });
      for (const stage of stages) assert.deepEqual(await column(stage), model.get(stage), `column ${stage} after move ${step}`);
    }
    const positions = (await crm.deals.list({ orderBy: { field: 'position' } })).items.map((d) => `${d.stageId}:${d.position}`);
    assert.equal(new Set(positions).size, positions.length, 'no two deals of a column share a position');
  });

  it('keeps a deal won in place won when it is reordered within its column', async () => {
    const { crm, stageChanges } = await setup();
    const simple = await crm.pipelines.create({ name: 'Simple', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const create = (title: string) => crm.deals.create({ title, amount: { minor: 1, currency: 'EUR' }, pipelineId: simple.id });
    const first = await create('First');
    const second = await create('Second');
    const won = await crm.deals.win(second.id);
    const events = record(crm, 'deal.reopened');
    const moved = await crm.deals.move(second.id, { stageId: second.stageId, before: first.id });
    assert.equal(moved.status, 'won');
    assert.equal(moved.closedAt, won.closedAt);
    assert.equal(moved.probability, 1);
    assert.equal((await stageChanges(second.id)).length, 1, 'only the win is on the timeline');
    assert.deepEqual(events, []);
  });

  it('refuses after or before naming a deal of another stage', async () => {
    const { crm, deal } = await setup();
    const a = await deal('A');
    const elsewhere = await deal('E', 'Proposal');
    await rejectsAt(crm.deals.move(a.id, { stageId: a.stageId, after: elsewhere.id }), ['after']);
    await rejectsAt(crm.deals.move(a.id, { stageId: a.stageId, before: elsewhere.id }), ['before']);
    assert.deepEqual(await crm.deals.get(a.id), a);
  });

  it('refuses placing a deal next to itself, or after and before in the wrong order', async () => {
    const { crm, deal } = await setup();
    const a = await deal('A');
    const b = await deal('B');
    const c = await deal('C');
    await rejectsAt(crm.deals.move(a.id, { stageId: a.stageId, after: a.id }), ['after']);
    await rejectsAt(crm.deals.move(a.id, { stageId: a.stageId, after: c.id, before: b.id }), ['before']);
  });

  it('with a stale expectedVersion fails with a version conflict and leaves the deal where it was', async () => {
    const { crm, deal } = await setup();
    const a = await deal('A');
    const b = await deal('B');
    const moved = await crm.deals.move(a.id, { stageId: a.stageId, expectedVersion: 1 });
    await rejectsConflict(crm.deals.move(a.id, { stageId: a.stageId, before: b.id, expectedVersion: 1 }));
    assert.deepEqual(await crm.deals.get(a.id), moved);
  });
});

describe('deals.move between stages', () => {
  it('appends to the stage history and logs one stageChange linked to the deal, its first contact and company', async () => {
    const { crm, clock, s, acme, ann, bob, deal, stageChanges } = await setup();
    const created = await deal('Acme', 'Qualified', { contactIds: [bob.id, ann.id], companyId: acme.id, ownerId: 'user-1' });
    clock.advance(hour);
    const moved = await crm.deals.move(created.id, { stageId: s('Proposal') });
    assert.equal(moved.stageId, s('Proposal'));
    assert.deepEqual(moved.stageHistory, [
      { stageId: s('Qualified'), enteredAt: start },
      { stageId: s('Proposal'), enteredAt: later },
    ]);
    const changes = await stageChanges(created.id);
    assert.equal(changes.length, 1);
    const [entry] = changes;
    assert.deepEqual(entry?.stageChange, { fromStageId: s('Qualified'), toStageId: s('Proposal'), fromStatus: 'open', toStatus: 'open' });
    assert.equal(entry?.dealId, created.id);
    assert.equal(entry?.contactId, bob.id);
    assert.equal(entry?.companyId, acme.id);
    assert.equal(entry?.ownerId, 'user-1');
    assert.equal(entry?.occurredAt, later);
    const onContact = await crm.interactions.list({ contactId: bob.id });
    assert.deepEqual(
      onContact.items.map((i) => i.id),
      [entry?.id],
      'the move shows on the first contact timeline',
    );
  });

  it('puts the deal at the end of the target column by default, or next to the deal named', async () => {
    const { crm, s, deal, column } = await setup();
    const x = await deal('X', 'Proposal');
    await deal('Y', 'Proposal');
    const a = await deal('A');
    const b = await deal('B');
    await crm.deals.move(a.id, { stageId: s('Proposal') });
    await crm.deals.move(b.id, { stageId: s('Proposal'), after: x.id });
    assert.deepEqual(await column('Proposal'), ['X', 'B', 'Y', 'A']);
    assert.deepEqual(await column('Qualified'), []);
  });

  it('wins the deal on entering the won stage: status won, closedAt, probability 1', async () => {
    const { crm, clock, s, deal, stageChanges } = await setup();
    const created = await deal('Acme', 'Negotiation', { probability: 0.4 });
    clock.advance(hour);
    const won = await crm.deals.move(created.id, { stageId: s('Won') });
    assert.equal(won.status, 'won');
    assert.equal(won.closedAt, later);
    assert.equal(won.probability, 1);
    const [entry] = await stageChanges(created.id);
    assert.deepEqual(entry?.stageChange, { fromStageId: s('Negotiation'), toStageId: s('Won'), fromStatus: 'open', toStatus: 'won' });
  });

  it('needs a reason to enter the lost stage, and then loses the deal', async () => {
    const { crm, s, deal, stageChanges } = await setup();
    const created = await deal('Acme');
    await rejectsAt(crm.deals.move(created.id, { stageId: s('Lost') }), ['lostReason']);
    assert.deepEqual(await crm.deals.get(created.id), created);
    const lost = await crm.deals.move(created.id, { stageId: s('Lost'), lostReason: 'Chose a competitor' });
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lostReason, 'Chose a competitor');
    assert.equal(lost.probability, 0);
    assert.equal(lost.closedAt, start);
    const [entry] = await stageChanges(created.id);
    assert.equal(entry?.stageChange?.lostReason, 'Chose a competitor');
    assert.equal(entry?.stageChange?.toStatus, 'lost');
  });

  it('reopens a closed deal moved to an open stage, clearing closedAt, lostReason and probability', async () => {
    const { crm, s, deal } = await setup();
    const lost = await deal('Acme', 'Lost', { lostReason: 'No budget' });
    const reopened = await crm.deals.move(lost.id, { stageId: s('Proposal') });
    assert.equal(reopened.status, 'open');
    for (const field of ['closedAt', 'lostReason', 'probability'] as const) assert.equal(field in reopened, false, `${field} cleared`);
  });

  it('moves a deal to another pipeline when pipelineId is given', async () => {
    const { crm, s, deal, stageChanges } = await setup();
    const partners = await crm.pipelines.create({ name: 'Partners', currency: 'EUR', stages: [{ name: 'Intro' }, { name: 'Signed' }] });
    const created = await deal('Acme', 'Proposal');
    const moved = await crm.deals.move(created.id, { pipelineId: partners.id, stageId: stageId(partners, 'Signed') });
    assert.equal(moved.pipelineId, partners.id);
    assert.equal(moved.stageId, stageId(partners, 'Signed'));
    assert.deepEqual(
      moved.stageHistory.map((v) => v.stageId),
      [s('Proposal'), stageId(partners, 'Signed')],
    );
    const [entry] = await stageChanges(created.id);
    assert.deepEqual(entry?.stageChange, { fromStageId: s('Proposal'), toStageId: stageId(partners, 'Signed'), fromStatus: 'open', toStatus: 'open' });
  });

  it('refuses a stage of another pipeline unless pipelineId names it', async () => {
    const { crm, deal } = await setup();
    const partners = await crm.pipelines.create({ name: 'Partners', currency: 'EUR', stages: [{ name: 'Intro' }] });
    const created = await deal('Acme');
    await rejectsAt(crm.deals.move(created.id, { stageId: stageId(partners, 'Intro') }), ['stageId']);
    await rejectsAt(crm.deals.move(created.id, { pipelineId: unknownId, stageId: stageId(partners, 'Intro') }), ['pipelineId']);
    assert.deepEqual(await crm.deals.get(created.id), created);
  });

  it('refuses to move a deleted deal', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.delete(created.id);
    await assert.rejects(crm.deals.move(created.id, { stageId: s('Proposal') }), NotFoundError);
  });
});

describe('deals.win, lose and reopen', () => {
  it('win moves the deal to the won stage: status won, closedAt, probability 1, one stageChange', async () => {
    const { crm, clock, s, deal, column, stageChanges } = await setup();
    await deal('Already won', 'Won');
    const created = await deal('Acme', 'Negotiation');
    clock.advance(hour);
    const won = await crm.deals.win(created.id);
    assert.equal(won.stageId, s('Won'));
    assert.equal(won.status, 'won');
    assert.equal(won.closedAt, later);
    assert.equal(won.probability, 1);
    assert.deepEqual(await column('Won'), ['Already won', 'Acme']);
    assert.deepEqual(
      (await stageChanges(created.id)).map((i) => i.stageChange),
      [{ fromStageId: s('Negotiation'), toStageId: s('Won'), fromStatus: 'open', toStatus: 'won' }],
    );
  });

  it('win in a pipeline without a won stage leaves the deal in its stage and place', async () => {
    const { crm, stageChanges } = await setup();
    const simple = await crm.pipelines.create({ name: 'Simple', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: simple.id, stageId: stageId(simple, 'B') });
    const won = await crm.deals.win(created.id);
    assert.equal(won.stageId, created.stageId);
    assert.equal(won.position, created.position);
    assert.deepEqual(won.stageHistory, created.stageHistory);
    assert.equal(won.status, 'won');
    assert.equal(won.probability, 1);
    assert.equal(won.closedAt, start);
    assert.deepEqual(
      (await stageChanges(created.id)).map((i) => i.stageChange),
      [{ fromStageId: created.stageId, toStageId: created.stageId, fromStatus: 'open', toStatus: 'won' }],
    );
  });

  it('winning a won deal again changes nothing', async () => {
    const { crm, clock, deal, stageChanges } = await setup();
    const created = await deal('Acme');
    const won = await crm.deals.win(created.id);
    const events = record(crm, 'deal.won', 'deal.moved');
    clock.advance(hour);
    const again = await crm.deals.win(created.id);
    assert.deepEqual(again, won);
    assert.deepEqual(await crm.deals.get(created.id), won);
    assert.equal((await stageChanges(created.id)).length, 1);
    assert.deepEqual(events, []);
  });

  it('lose moves the deal to the lost stage with the reason: status lost, closedAt, probability 0', async () => {
    const { crm, s, deal, stageChanges } = await setup();
    const created = await deal('Acme', 'Proposal', { probability: 0.6 });
    const lost = await crm.deals.lose(created.id, { reason: 'Chose a competitor' });
    assert.equal(lost.stageId, s('Lost'));
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lostReason, 'Chose a competitor');
    assert.equal(lost.probability, 0);
    assert.equal(lost.closedAt, start);
    assert.deepEqual(
      (await stageChanges(created.id)).map((i) => i.stageChange),
      [{ fromStageId: s('Proposal'), toStageId: s('Lost'), fromStatus: 'open', toStatus: 'lost', lostReason: 'Chose a competitor' }],
    );
  });

  it('lose in a pipeline without a lost stage leaves the deal in its stage', async () => {
    const { crm } = await setup();
    const simple = await crm.pipelines.create({ name: 'Simple', currency: 'EUR', stages: [{ name: 'A' }, { name: 'Won', kind: 'won' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: simple.id });
    const lost = await crm.deals.lose(created.id, { reason: 'Timing' });
    assert.equal(lost.stageId, created.stageId);
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lostReason, 'Timing');
  });

  it('lose refuses an empty reason', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    await rejectsAt(crm.deals.lose(created.id, { reason: '   ' }), ['reason']);
    assert.deepEqual(await crm.deals.get(created.id), created);
  });

  it('losing a lost deal with a new reason only updates the reason', async () => {
    const { crm, deal, stageChanges } = await setup();
    const created = await deal('Acme');
    const lost = await crm.deals.lose(created.id, { reason: 'Price' });
    const again = await crm.deals.lose(created.id, { reason: 'Timing' });
    assert.equal(again.lostReason, 'Timing');
    assert.equal(again.closedAt, lost.closedAt);
    assert.equal(again.stageId, lost.stageId);
    assert.equal((await stageChanges(created.id)).length, 1);
  });

  it('lose turns a won deal into a lost one', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.win(created.id);
    const lost = await crm.deals.lose(created.id, { reason: 'Contract fell through' });
    assert.equal(lost.stageId, s('Lost'));
    assert.equal(lost.status, 'lost');
    assert.equal(lost.probability, 0);
  });

  it('reopen returns the deal to the last open stage it was in', async () => {
    const { crm, clock, s, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.move(created.id, { stageId: s('Negotiation') });
    await crm.deals.move(created.id, { stageId: s('Proposal') });
    await crm.deals.lose(created.id, { reason: 'Price' });
    clock.advance(hour);
    const reopened = await crm.deals.reopen(created.id);
    assert.equal(reopened.stageId, s('Proposal'));
    assert.equal(reopened.status, 'open');
    for (const field of ['closedAt', 'lostReason', 'probability'] as const) assert.equal(field in reopened, false, `${field} cleared`);
    assert.deepEqual(reopened.stageHistory.at(-1), { stageId: s('Proposal'), enteredAt: later });
  });

  it('reopen puts the deal into the stage given', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme', 'Proposal');
    await crm.deals.win(created.id);
    const reopened = await crm.deals.reopen(created.id, { stageId: s('Qualified') });
    assert.equal(reopened.stageId, s('Qualified'));
    assert.equal(reopened.status, 'open');
  });

  it('reopen refuses a won or lost stage', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    const lost = await crm.deals.lose(created.id, { reason: 'Price' });
    await rejectsAt(crm.deals.reopen(created.id, { stageId: s('Won') }), ['stageId']);
    assert.deepEqual(await crm.deals.get(created.id), lost);
  });

  it('reopen of a deal won in place keeps its stage and position', async () => {
    const { crm } = await setup();
    const simple = await crm.pipelines.create({ name: 'Simple', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: simple.id, stageId: stageId(simple, 'B') });
    await crm.deals.win(created.id);
    const reopened = await crm.deals.reopen(created.id);
    assert.equal(reopened.stageId, created.stageId);
    assert.equal(reopened.position, created.position);
    assert.equal(reopened.status, 'open');
    assert.equal('closedAt' in reopened, false);
  });

  it('reopening an open deal changes nothing', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    assert.deepEqual(await crm.deals.reopen(created.id), created);
    assert.deepEqual(await crm.deals.get(created.id), created);
  });
});

describe('deals.delete, restore and purge', () => {
  it('delete hides the deal from get and list; includeDeleted still shows it', async () => {
    const { crm, clock, deal } = await setup();
    const created = await deal('Acme');
    const kept = await deal('Kept');
    clock.advance(hour);
    const deleted = await crm.deals.delete(created.id);
    assert.equal(deleted.deletedAt, later);
    await assert.rejects(crm.deals.get(created.id), NotFoundError);
    assert.deepEqual(
      (await crm.deals.list()).items.map((d) => d.id),
      [kept.id],
    );
    assert.deepEqual(
      (await crm.deals.list({ includeDeleted: true, orderBy: { field: 'position' } })).items.map((d) => d.id),
      [created.id, kept.id],
    );
    assert.deepEqual(await crm.deals.get(created.id, { includeDeleted: true }), deleted);
  });

  it('delete with a stale expectedVersion fails and keeps the deal', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.update(created.id, { title: 'Renamed' });
    await rejectsConflict(crm.deals.delete(created.id, { expectedVersion: created.version }));
    assert.equal((await crm.deals.get(created.id)).title, 'Renamed');
  });

  it('restore brings a deleted deal back', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.delete(created.id);
    const restored = await crm.deals.restore(created.id);
    assert.equal('deletedAt' in restored, false);
    assert.deepEqual(await crm.deals.get(created.id), restored);
    assert.deepEqual(
      (await crm.deals.list()).items.map((d) => d.id),
      [created.id],
    );
  });

  it('purge erases the deal and its stage changes; a note also about a contact stays, without the deal', async () => {
    const { crm, s, bob, deal } = await setup();
    const created = await deal('Acme', 'Qualified', { contactIds: [bob.id] });
    await crm.deals.move(created.id, { stageId: s('Proposal') });
    const note = await crm.interactions.log({ type: 'note', dealId: created.id, contactId: bob.id, body: 'Call back in June' });
    const dealOnly = await crm.interactions.log({ type: 'note', dealId: created.id, body: 'Internal' });
    await crm.deals.purge(created.id);

    await assert.rejects(crm.deals.get(created.id, { includeDeleted: true }), NotFoundError);
    assert.equal(await crm.storage.collection('interactions').count({ where: { type: 'stageChange' } }), 0);
    const kept = await crm.interactions.get(note.id);
    assert.equal('dealId' in kept, false);
    assert.equal(kept.contactId, bob.id);
    assert.equal(kept.body, 'Call back in June');
    await assert.rejects(crm.interactions.get(dealOnly.id), NotFoundError);
  });

  it('purge works on a deleted deal', async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    await crm.deals.delete(created.id);
    await crm.deals.purge(created.id);
    await assert.rejects(crm.deals.get(created.id, { includeDeleted: true }), NotFoundError);
  });
});

describe('deals.list', () => {
  it('lists a board column in position order', async () => {
    const { crm, deal, column } = await setup();
    const a = await deal('A', 'Proposal');
    await deal('B', 'Proposal');
    const c = await deal('C', 'Proposal');
    await deal('Other', 'Qualified');
    await crm.deals.move(c.id, { stageId: c.stageId, before: a.id });
    assert.deepEqual(await column('Proposal'), ['C', 'A', 'B']);
  });

  it('filters by status and other declared fields', async () => {
    const { crm, acme, deal } = await setup();
    await deal('Open one');
    await deal('Won one', 'Won');
    await deal('Acme one', undefined, { companyId: acme.id });
    const won = await crm.deals.list({ where: { status: 'won' } });
    assert.deepEqual(
      won.items.map((d) => d.title),
      ['Won one'],
    );
    const forAcme = await crm.deals.list({ where: { companyId: acme.id } });
    assert.deepEqual(
      forAcme.items.map((d) => d.title),
      ['Acme one'],
    );
  });

  it('refuses a field that is not declared for queries', async () => {
    const { crm } = await setup();
    await assert.rejects(crm.deals.list({ where: { lostReason: 'x' } }), ValidationError);
  });
});

describe('deals: events', () => {
  it("'deal.created' fires with the stored deal", async () => {
    const { crm, deal } = await setup();
    const events = record(crm, 'deal.created');
    const created = await deal('Acme');
    assert.deepEqual(
      events.map((e) => e.deal),
      [created],
    );
  });

  it("'deal.moved' carries where the deal was and where it went", async () => {
    const { crm, sales, s, deal } = await setup();
    const created = await deal('Acme');
    const events = record(crm, 'deal.moved');
    const moved = await crm.deals.move(created.id, { stageId: s('Proposal') });
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.from, { pipelineId: sales.id, stageId: s('Qualified'), position: created.position, status: 'open' });
    assert.deepEqual(events[0]?.to, { pipelineId: sales.id, stageId: s('Proposal'), position: moved.position, status: 'open' });
    assert.deepEqual(events[0]?.deal, moved);
  });

  it("moving into the won stage fires 'deal.moved' and 'deal.won'", async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    const events = record(crm, 'deal.moved', 'deal.won', 'deal.lost', 'deal.reopened');
    await crm.deals.move(created.id, { stageId: s('Won') });
    assert.deepEqual(
      events.map((e) => [e.type, e.deal.status]),
      [
        ['deal.moved', 'won'],
        ['deal.won', 'won'],
      ],
    );
  });

  it("lose fires 'deal.lost' with the reason, and reopen 'deal.reopened'", async () => {
    const { crm, deal } = await setup();
    const created = await deal('Acme');
    const lost = record(crm, 'deal.lost');
    const reopened = record(crm, 'deal.reopened');
    await crm.deals.lose(created.id, { reason: 'Price' });
    await crm.deals.reopen(created.id);
    assert.deepEqual(
      lost.map((e) => e.reason),
      ['Price'],
    );
    assert.deepEqual(
      reopened.map((e) => [e.deal.id, e.deal.status]),
      [[created.id, 'open']],
    );
  });

  it('win in place fires deal.won but no deal.moved', async () => {
    const { crm } = await setup();
    const simple = await crm.pipelines.create({ name: 'Simple', currency: 'EUR', stages: [{ name: 'A' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: simple.id });
    const events = record(crm, 'deal.moved', 'deal.won');
    await crm.deals.win(created.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['deal.won'],
    );
  });

  it('a refused move fires nothing', async () => {
    const { crm, s, deal } = await setup();
    const created = await deal('Acme');
    const events = record(crm, 'deal.moved', 'deal.lost');
    await assert.rejects(crm.deals.move(created.id, { stageId: s('Lost') }), ValidationError);
    assert.deepEqual(events, []);
  });

  it('a listener that throws does not break the call, nor the other listeners', async (t) => {
    const { crm, deal } = await setup();
    const reported = t.mock.method(console, 'error', () => undefined);
    const boom = new Error('listener bug');
    crm.on('deal.created', () => {
      throw boom;
    });
    const heard = record(crm, 'deal.created');
    const created = await deal('Acme');
    assert.deepEqual(await crm.deals.get(created.id), created);
    assert.equal(heard.length, 1);
    assert.ok(
      reported.mock.calls.some((call) => (call.arguments as unknown[]).includes(boom)),
      'the error is reported, not swallowed',
    );
  });
});

describe('deals: closed deals stay consistent with their stage', () => {
  it('winning a lost deal where there is no won stage takes it back to its last open stage', async () => {
    const { crm } = await setup();
    const noWon = await crm.pipelines.create({ name: 'No won', currency: 'EUR', stages: [{ name: 'A' }, { name: 'B' }, { name: 'Lost', kind: 'lost' }] });
    const created = await crm.deals.create({ title: 'X', amount: { minor: 1, currency: 'EUR' }, pipelineId: noWon.id, stageId: stageId(noWon, 'B') });
    await crm.deals.lose(created.id, { reason: 'Budget' });
    const won = await crm.deals.win(created.id);
    assert.deepEqual([won.status, won.stageId, won.lostReason], ['won', stageId(noWon, 'B'), undefined]);
  });

  it('refuses to set the probability of a closed deal, which its status fixes', async () => {
    const { crm, deal } = await setup();
    const won = await crm.deals.win((await deal('X')).id);
    await rejectsAt(crm.deals.update(won.id, { probability: 0.3 }), ['probability']);
    assert.equal((await crm.deals.get(won.id)).probability, 1);
  });

  it('refuses an amount beyond the safe integer range with a message that says so', async () => {
    const { deal } = await setup();
    const error = await deal('X', undefined, { amount: { minor: 2 ** 60, currency: 'EUR' } }).catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.match(error.message, /amount\.minor: Must be at most 9007199254740991 minor units/);
  });

  it('restoring a deal that is not deleted changes nothing and fires nothing', async () => {
    const { crm, deal } = await setup();
    const live = await deal('X');
    const events = record(crm, 'deal.restored');
    assert.equal((await crm.deals.restore(live.id)).version, live.version);
    assert.equal(events.length, 0);
  });
});
