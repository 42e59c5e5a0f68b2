import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCrm, fixedClock, memoryAdapter, NotFoundError, type Change, type Contact, type Crm, type CrmEvent, type StorageAdapter } from '../index.js';
import { seedWorkspace } from '../seed/index.js';
import { rejectsAt } from '../testing-support/rejects.test-support.js';
import type { ScoreAllProgress } from './scoring.js';
import { defaultScoringRules } from './default-scoring-rules.js';
import type { ScoringRulesInput } from './scoring-rules.schema.js';

const start = '2026-05-01T08:00:00.000Z';
const day = 86_400_000;
const unknownId = '0196a1b2-0000-7000-8000-00000000dead';

/** Small rules whose every point is easy to count by hand. */
const rules: ScoringRulesInput = {
  fit: {
    cap: 40,
    rules: [
      { id: 'ceo', label: 'CEO', points: 20, when: { field: 'contact.title', equals: 'CEO' } },
      { id: 'big-company', label: 'Big company', points: 15, when: { field: 'company.size', in: ['1001-5000', '5001+'] } },
      { id: 'free-mail', label: 'Personal address', points: -5, when: { field: 'contact.emails', freeMail: true } },
    ],
  },
  engagement: {
    rules: [
      { id: 'meeting', label: 'Met with us', points: 10, match: { types: ['meeting'] }, halfLifeDays: 30 },
      { id: 'won', label: 'Won a deal', points: 25, match: { types: ['stageChange'], toStatuses: ['won'] } },
    ],
  },
  grades: [{ name: 'Hot', min: 40 }, { name: 'Warm', min: 20 }, { name: 'Cold' }],
};

/**
 * A memory store whose next transaction first runs a hook: the way to make a contact change
 * between the moment scoring read it and the moment it writes the score.
 */
function hookedStore() {
  const base = memoryAdapter();
  let hook: (() => Promise<void>) | undefined;
  const storage: StorageAdapter = {
    name: 'hooked-memory',
    collection: base.collection.bind(base),
    changes: base.changes.bind(base),
    async transaction(names, fn) {
      const run = hook;
      hook = undefined;
      if (run) await run();
      return base.transaction(names, fn);
    },
  };
  return { storage, beforeNextTransaction: (fn: () => Promise<void>) => void (hook = fn) };
}

/** A CRM with BigCo (5001+), Ann (CEO at BigCo) and Bob (a gmail address, no company). */
async function setup(storage: StorageAdapter = memoryAdapter()) {
  const clock = fixedClock(start);
  const crm = createCrm({ storage, clock, scoring: { rules } });
  const bigco = await crm.companies.create({ name: 'BigCo', size: '5001+' });
  const ann = await crm.contacts.create({ firstName: 'Ann', title: 'CEO', emails: ['ann@bigco.com'], companyId: bigco.id });
  const bob = await crm.contacts.create({ firstName: 'Bob', emails: ['bob@gmail.com'] });
  return { crm, clock, bigco, ann, bob };
}

/** Records every change batch and every 'contact.scored' event until `stop()`. */
function watch(crm: Crm) {
  const batches: (readonly Change[])[] = [];
  const scored: CrmEvent<'contact.scored'>[] = [];
  const stops = [crm.storage.changes((changes) => batches.push(changes)), crm.on('contact.scored', (event) => scored.push(event))];
  return { batches, scored, stop: () => stops.forEach((s) => s()) };
}

const daysAgo = (days: number) => new Date(Date.parse(start) - days * day).toISOString();

/** Lets timers and the store's queued work run (rescoreOnChange schedules with a timer). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('scoring.score', () => {
  it('explains every point, and stores nothing', async () => {
    const { crm, ann } = await setup();
    const meeting = await crm.interactions.log({ type: 'meeting', contactId: ann.id, occurredAt: daysAgo(30) });
    const seen = watch(crm);
    const score = await crm.scoring.score(ann.id);
    seen.stop();
    // Fit: CEO 20 + big company 15 = 35. Engagement: one meeting a half-life (30 days) ago, 10 × 0.5 = 5. 40: Hot.
    assert.deepEqual(score, {
      value: 40,
      grade: 'Hot',
      contributions: [
        { rule: 'ceo', label: 'CEO', group: 'fit', points: 20, evidence: { kind: 'fields', fields: [{ field: 'contact.title', value: 'CEO' }] } },
        { rule: 'big-company', label: 'Big company', group: 'fit', points: 15, evidence: { kind: 'fields', fields: [{ field: 'company.size', value: '5001+' }] } },
        { rule: 'meeting', label: 'Met with us', group: 'engagement', points: 5, evidence: { kind: 'interactions', count: 1, interactionIds: [meeting.id], latestAt: meeting.occurredAt } },
      ],
    });
    assert.deepEqual(seen.batches, []);
    assert.deepEqual(seen.scored, []);
    const stored = await crm.contacts.get(ann.id);
    assert.equal(stored.version, ann.version);
    assert.equal(stored.score, undefined);
  });

  it("counts a won deal's stage change on the deal's first contact, and forgets a deleted company's fit", async () => {
    const { crm, ann, bigco } = await setup();
    const sales = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Won', kind: 'won' }] });
    const deal = await crm.deals.create({ title: 'BigCo', amount: { minor: 100, currency: 'EUR' }, pipelineId: sales.id, contactIds: [ann.id] });
    await crm.deals.win(deal.id);
    // CEO 20 + big company 15 + won deal 25 = 60: Hot.
    assert.equal((await crm.scoring.score(ann.id)).value, 60);
    await crm.companies.delete(bigco.id);
    // The company is gone: 20 + 25 = 45.
    assert.deepEqual((await crm.scoring.score(ann.id)).contributions.map((c) => c.rule), ['ceo', 'won']);
  });

  it('scores with the default rules when createCrm is given none', async () => {
    const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(start) });
    assert.deepEqual(crm.scoring.rules, defaultScoringRules);
    const sam = await crm.contacts.create({ firstName: 'Sam', title: 'Founder', emails: ['sam@gmail.com'] });
    // Default rules: senior title 15, personal address -10 = 5: D.
    assert.deepEqual(await crm.scoring.score(sam.id), {
      value: 5,
      grade: 'D',
      contributions: [
        { rule: 'senior-title', label: 'Senior title', group: 'fit', points: 15, evidence: { kind: 'fields', fields: [{ field: 'contact.title', value: 'Founder' }] } },
        { rule: 'free-mail', label: 'Personal email address', group: 'fit', points: -10, evidence: { kind: 'fields', fields: [{ field: 'contact.emails', value: 'gmail.com' }] } },
      ],
    });
  });

  it('refuses an unknown or deleted contact with NotFoundError, and a malformed id at id', async () => {
    const { crm, bob } = await setup();
    await assert.rejects(crm.scoring.score(unknownId), NotFoundError);
    await crm.contacts.delete(bob.id);
    await assert.rejects(crm.scoring.score(bob.id), NotFoundError);
    await assert.rejects(crm.scoring.rescore(bob.id), NotFoundError);
    assert.equal((await crm.scoring.score(bob.id, { includeDeleted: true })).value, -5, 'asked for, a deleted contact is scored');
    await rejectsAt(crm.scoring.score('not-an-id'), ['id']);
    await rejectsAt(crm.scoring.rescore(42 as never), ['id']);
  });
});

describe('scoring.rescore', () => {
  it("stores value, grade and time on the contact and fires 'contact.scored'; an unchanged score writes nothing", async () => {
    const { crm, clock, ann } = await setup();
    await crm.interactions.log({ type: 'meeting', contactId: ann.id });
    clock.advance(30 * day);
    const seen = watch(crm);
    const stored = await crm.scoring.rescore(ann.id);
    // 20 + 15 + a meeting 30 days ago (10 × 0.5 = 5) = 40: Hot.
    assert.deepEqual(stored.score, { value: 40, grade: 'Hot', computedAt: '2026-05-31T08:00:00.000Z' });
    assert.equal(stored.version, ann.version + 1);
    assert.deepEqual(await crm.contacts.get(ann.id), stored);
    assert.equal(seen.scored.length, 1);
    assert.deepEqual(seen.scored[0]?.contact, stored);
    assert.equal(seen.scored[0]?.score.value, 40);
    assert.equal(seen.batches.length, 1);

    clock.advance(day);
    // A day later the meeting is worth 10 × 0.5^(31/30) = 4.89: 39.89, still counted to the cent,
    // so it is stored anew; once more with the clock still, nothing changes and nothing is written.
    const later = await crm.scoring.rescore(ann.id);
    assert.deepEqual(later.score, { value: 39.89, grade: 'Warm', computedAt: '2026-06-01T08:00:00.000Z' });
    const again = await crm.scoring.rescore(ann.id);
    assert.deepEqual(again, later);
    assert.equal(seen.batches.length, 2);
    assert.equal(seen.scored.length, 2);
    seen.stop();
  });

  it('keeps an edit made between its read and its write, and scores the edited contact', async () => {
    const store = hookedStore();
    const { crm, bob } = await setup(store.storage);
    store.beforeNextTransaction(async () => {
      await crm.contacts.update(bob.id, { title: 'CEO' });
    });
    const stored = await crm.scoring.rescore(bob.id);
    // Read as he was (no title: -5), scored as he is: CEO 20 - personal address 5 = 15.
    assert.equal(stored.title, 'CEO');
    assert.deepEqual(stored.score, { value: 15, grade: 'Cold', computedAt: start });
    assert.equal(stored.version, bob.version + 2);
    assert.deepEqual(await crm.contacts.get(bob.id), stored);
  });
});

describe('scoring.scoreAll', () => {
  it('scores a few hundred contacts batch by batch, stores each score and reports progress', async () => {
    const clock = fixedClock('2026-06-01T12:00:00.000Z');
    const crm = createCrm({ storage: memoryAdapter(), clock });
    await seedWorkspace(crm.storage, { contacts: 300, seed: 7, now: clock.now() });
    const progress: ScoreAllProgress[] = [];
    const seen = watch(crm);
    const result = await crm.scoring.scoreAll({ batchSize: 64, onProgress: (p) => progress.push(p) });
    seen.stop();

    // 300 contacts in batches of 64: 64, 128, 192, 256, 300. None had a score, so each is written.
    assert.deepEqual(
      progress.map((p) => [p.processed, p.total, p.updated, p.unchanged]),
      [64, 128, 192, 256, 300].map((n) => [n, 300, n, 0]),
    );
    assert.deepEqual(result, { processed: 300, total: 300, updated: 300, unchanged: 0 });
    assert.deepEqual(
      seen.batches.map((b) => b.length),
      [64, 64, 64, 64, 44],
      'one transaction per batch',
    );
    assert.equal(seen.scored.length, 300);

    // What is stored is what score() explains.
    const { items } = await crm.contacts.list({ limit: 1000 });
    assert.equal(items.length, 300);
    for (const contact of items) {
      const score = await crm.scoring.score(contact.id);
      assert.deepEqual(contact.score, { value: score.value, grade: score.grade, computedAt: '2026-06-01T12:00:00.000Z' }, contact.id);
    }
    const grades = new Set(items.map((c) => c.score?.grade));
    assert.ok(grades.size >= 3, `a realistic workspace spreads over grades: ${[...grades].join(', ')}`);
  });

  it('writes nothing the second time, and after a new interaction writes only that contact', async () => {
    const clock = fixedClock('2026-06-01T12:00:00.000Z');
    const crm = createCrm({ storage: memoryAdapter(), clock });
    await seedWorkspace(crm.storage, { contacts: 200, seed: 3, now: clock.now() });
    await crm.scoring.scoreAll({ batchSize: 50 });

    let seen = watch(crm);
    assert.deepEqual(await crm.scoring.scoreAll({ batchSize: 50 }), { processed: 200, total: 200, updated: 0, unchanged: 200 });
    seen.stop();
    assert.deepEqual(seen.batches, [], 'no change batch at all');
    assert.deepEqual(seen.scored, []);

    // A contact with room to grow: engagement at most the cap of 50 minus a meeting's 8, and
    // fewer than the 5 meetings the default rules count, so a new one adds its full 8.
    const { items } = await crm.contacts.list({ limit: 1000 });
    let x: Contact | undefined;
    for (const contact of items) {
      const score = await crm.scoring.score(contact.id);
      const engagement = score.contributions.filter((c) => c.group === 'engagement').reduce((sum, c) => sum + c.points, 0);
      const meetings = score.contributions.find((c) => c.rule === 'meeting')?.evidence;
      if (engagement <= 42 && (meetings?.kind !== 'interactions' || meetings.count < 5)) {
        x = contact;
        break;
      }
    }
    assert.ok(x);
    await crm.interactions.log({ type: 'meeting', contactId: x.id });

    seen = watch(crm);
    assert.deepEqual(await crm.scoring.scoreAll({ batchSize: 50 }), { processed: 200, total: 200, updated: 1, unchanged: 199 });
    seen.stop();
    // Default rules: a meeting today adds 8.
    assert.deepEqual(
      seen.batches.map((b) => b.map((c) => [c.collection, c.type, c.id])),
      [[['contacts', 'put', x.id]]],
    );
    const after = await crm.contacts.get(x.id);
    assert.equal(after.version, x.version + 1);
    assert.equal(after.score?.value, (x.score?.value as number) + 8);
    assert.deepEqual(seen.scored.map((e) => e.contact.id), [x.id]);
  });

  it('skips soft-deleted contacts', async () => {
    const { crm, ann, bob } = await setup();
    await crm.contacts.delete(bob.id);
    const result = await crm.scoring.scoreAll();
    assert.deepEqual(result, { processed: 1, total: 1, updated: 1, unchanged: 0 });
    assert.equal((await crm.contacts.get(ann.id)).score?.value, 35);
    const deleted = await crm.contacts.get(bob.id, { includeDeleted: true });
    assert.equal(deleted.score, undefined);
    assert.equal(deleted.version, bob.version + 1, 'only the delete wrote it');
  });

  it('keeps an edit made between reading a batch and writing it, and stores the score of the edited contact', async () => {
    const store = hookedStore();
    const { crm, bigco, ann, bob } = await setup(store.storage);
    store.beforeNextTransaction(async () => {
      // Bob, read with no title and no company, becomes BigCo's CEO before the batch is written.
      await crm.contacts.update(bob.id, { title: 'CEO', companyId: bigco.id });
    });
    const result = await crm.scoring.scoreAll();
    assert.deepEqual(result, { processed: 2, total: 2, updated: 2, unchanged: 0 });
    const stored = await crm.contacts.get(bob.id);
    assert.equal(stored.title, 'CEO');
    assert.equal(stored.companyId, bigco.id);
    assert.equal(stored.version, bob.version + 2, 'the edit, then the score on top of it');
    // Scored as he is now: CEO 20 + big company 15 - personal address 5 = 30: Warm.
    assert.deepEqual(stored.score, { value: 30, grade: 'Warm', computedAt: start });
    assert.deepEqual((await crm.contacts.get(ann.id)).score, { value: 35, grade: 'Warm', computedAt: start });
  });

  it('stops between batches when its signal is aborted; the batches written stay written', async () => {
    const clock = fixedClock('2026-06-01T12:00:00.000Z');
    const crm = createCrm({ storage: memoryAdapter(), clock });
    await seedWorkspace(crm.storage, { contacts: 100, seed: 5, now: clock.now() });
    const controller = new AbortController();
    const progress: number[] = [];
    await assert.rejects(
      crm.scoring.scoreAll({
        batchSize: 30,
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.processed);
          controller.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.deepEqual(progress, [30]);
    assert.equal(await countScored(crm), 30, 'the first batch stays written');

    const seen = watch(crm);
    await assert.rejects(crm.scoring.scoreAll({ signal: AbortSignal.abort() }), { name: 'AbortError' });
    seen.stop();
    assert.deepEqual(seen.batches, [], 'an aborted signal writes nothing');
  });
});

/** How many live contacts have a stored score. */
async function countScored(crm: Crm): Promise<number> {
  const { items } = await crm.contacts.list({ limit: 1000 });
  return items.filter((c) => c.score !== undefined).length;
}

describe('scoring.rescoreOnChange', () => {
  it('re-scores only the contact whose timeline changed, until stopped', async () => {
    const { crm, ann, bob } = await setup();
    const stop = crm.scoring.rescoreOnChange();
    const seen = watch(crm);
    const scored = new Promise<CrmEvent<'contact.scored'>>((resolve) => {
      const off = crm.on('contact.scored', (event) => {
        off();
        resolve(event);
      });
    });
    await crm.interactions.log({ type: 'meeting', contactId: bob.id });
    const event = await scored;
    await settle();
    // Bob: personal address -5 + a meeting today 10 = 5: Cold.
    assert.equal(event.contact.id, bob.id);
    assert.deepEqual(event.contact.score, { value: 5, grade: 'Cold', computedAt: start });
    assert.deepEqual(seen.scored.map((e) => e.contact.id), [bob.id], 'Ann was left alone');
    assert.equal((await crm.contacts.get(ann.id)).version, ann.version);

    stop();
    await crm.interactions.log({ type: 'meeting', contactId: bob.id });
    await settle();
    assert.equal(seen.scored.length, 1, 'nothing re-scored once stopped');
    assert.equal((await crm.contacts.get(bob.id)).score?.value, 5);
    seen.stop();
  });

  it('re-scores a contact whose own fields changed', async () => {
    const { crm, bob } = await setup();
    const stop = crm.scoring.rescoreOnChange();
    const scored = new Promise<CrmEvent<'contact.scored'>>((resolve) => {
      const off = crm.on('contact.scored', (event) => {
        off();
        resolve(event);
      });
    });
    await crm.contacts.update(bob.id, { title: 'CEO' });
    // CEO 20 - personal address 5 = 15.
    assert.equal((await scored).contact.score?.value, 15);
    stop();
  });

  it("re-scores every contact of a company whose fields changed, and a restored contact", async () => {
    const { crm, ann, bigco } = await setup();
    const seen = watch(crm);
    const stop = crm.scoring.rescoreOnChange();
    await crm.companies.update(bigco.id, { size: '1-10' });
    await settle();
    // Ann loses the big-company 15: CEO 20 = 20, Warm.
    assert.deepEqual(seen.scored.map((e) => [e.contact.id, e.score.value, e.score.grade]), [[ann.id, 20, 'Warm']]);
    await crm.contacts.delete(ann.id);
    await crm.companies.update(bigco.id, { size: '5001+' });
    await settle();
    assert.equal(seen.scored.length, 1, 'a deleted contact is not re-scored');
    await crm.contacts.restore(ann.id);
    await settle();
    assert.deepEqual(seen.scored.map((e) => e.score.value), [20, 35]);
    stop();
    seen.stop();
  });
});
