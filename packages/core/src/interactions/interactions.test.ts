import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsAt, rejectsConflict } from '../testing-support/rejects.test-support.js';
import {
  NotFoundError,
  ValidationError,
  createCrm,
  fixedClock,
  memoryAdapter,
  type Interaction,
  type InteractionInput,
} from '../index.js';

const start = '2026-05-01T08:00:00.000Z';
const minute = 60_000;
const hour = 60 * minute;
const unknownId = '0196a1b2-0000-7000-8000-00000000dead';

/** A crm with a company (Acme), a contact at it (Ann), a contact without one (Bob) and a pipeline. */
async function setup() {
  const clock = fixedClock(start);
  const crm = createCrm({ storage: memoryAdapter(), clock });
  const acme = await crm.companies.create({ name: 'Acme', domain: 'acme.io' });
  const globex = await crm.companies.create({ name: 'Globex', domain: 'globex.com' });
  const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.io'], companyId: acme.id });
  const bob = await crm.contacts.create({ firstName: 'Bob', emails: ['bob@example.com'] });
  const sales = await crm.pipelines.create({ name: 'Sales', currency: 'EUR', stages: [{ name: 'New' }, { name: 'Proposal' }] });
  const newDeal = (extra: { companyId?: string; contactIds?: string[] } = {}) =>
    crm.deals.create({ title: 'Deal', amount: { minor: 1000, currency: 'EUR' }, pipelineId: sales.id, ...extra });
  /** A task for `assigneeId`, due `dueInMinutes` from the clock's start (negative: in the past). */
  const task = (assigneeId: string, dueInMinutes: number, extra: Partial<InteractionInput> = {}) =>
    crm.interactions.log({
      type: 'task',
      contactId: bob.id,
      subject: `due ${dueInMinutes}`,
      assigneeId,
      dueAt: new Date(Date.parse(start) + dueInMinutes * minute).toISOString(),
      ...extra,
    } as InteractionInput);
  return { crm, clock, acme, globex, ann, bob, sales, newDeal, task };
}

const ids = (page: { items: readonly Interaction[] }) => page.items.map((i) => i.id);

describe('interactions.log', () => {
  const examples: InteractionInput[] = [
    { type: 'note', body: 'Prefers email' },
    { type: 'call', direction: 'outbound', durationSec: 300, outcome: 'connected' },
    { type: 'email', direction: 'inbound', subject: 'Re: quote', body: 'Looks good' },
    { type: 'meeting', subject: 'Demo', durationSec: 3600 },
    { type: 'task', subject: 'Send quote', dueAt: '2026-05-02T09:00:00Z', assigneeId: 'user-1' },
    { type: 'formSubmission', data: { plan: 'pro', seats: 10 } },
    { type: 'custom', subject: 'Webinar attended', data: { webinar: 'spring' } },
  ];
  for (const example of examples) {
    it(`logs a ${example.type} on a contact's timeline`, async () => {
      const { crm, bob } = await setup();
      const logged = await crm.interactions.log({ ...example, contactId: bob.id });
      assert.equal(logged.type, example.type);
      assert.equal(logged.contactId, bob.id);
      assert.equal(logged.version, 1);
      for (const [key, value] of Object.entries(example)) {
        if (key !== 'dueAt') assert.deepEqual((logged as Record<string, unknown>)[key], value, key);
      }
      assert.deepEqual(await crm.interactions.get(logged.id), logged);
      assert.deepEqual(ids(await crm.interactions.list({ contactId: bob.id })), [logged.id]);
    });
  }

  it('stores a due time in UTC', async () => {
    const { crm, bob } = await setup();
    const logged = await crm.interactions.log({ type: 'task', contactId: bob.id, dueAt: '2026-05-02T11:00:00+02:00', assigneeId: 'u1' });
    assert.equal(logged.dueAt, '2026-05-02T09:00:00.000Z');
  });

  it('dates the entry now unless occurredAt is given', async () => {
    const { crm, clock, bob } = await setup();
    clock.advance(hour);
    const now = await crm.interactions.log({ type: 'note', contactId: bob.id, body: 'now' });
    assert.equal(now.occurredAt, '2026-05-01T09:00:00.000Z');
    assert.equal(now.createdAt, '2026-05-01T09:00:00.000Z');
    const past = await crm.interactions.log({ type: 'call', contactId: bob.id, occurredAt: '2026-04-30T10:00:00+02:00' });
    assert.equal(past.occurredAt, '2026-04-30T08:00:00.000Z');
  });

  it("refuses a 'stageChange', which only the deals service writes", async () => {
    const { crm, bob } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'stageChange', contactId: bob.id } as never), ['type']);
  });

  it("fires 'interaction.logged' with the stored entry", async () => {
    const { crm, bob } = await setup();
    const heard: Interaction[] = [];
    crm.on('interaction.logged', (e) => heard.push(e.interaction));
    const logged = await crm.interactions.log({ type: 'note', contactId: bob.id, body: 'Hi' });
    assert.deepEqual(heard, [logged]);
  });
});

describe('interactions.log: links', () => {
  it('refuses an unknown contact, naming contactId', async () => {
    const { crm } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'note', contactId: unknownId }), ['contactId']);
  });

  it('refuses an unknown company, naming companyId', async () => {
    const { crm, bob } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'note', contactId: bob.id, companyId: unknownId }), ['companyId']);
  });

  it('refuses an unknown deal, naming dealId', async () => {
    const { crm } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'note', dealId: unknownId }), ['dealId']);
  });

  it('refuses deleted records as links', async () => {
    const { crm, bob, globex, newDeal } = await setup();
    const deal = await newDeal();
    await crm.contacts.delete(bob.id);
    await crm.companies.delete(globex.id);
    await crm.deals.delete(deal.id);
    await rejectsAt(crm.interactions.log({ type: 'note', contactId: bob.id }), ['contactId']);
    await rejectsAt(crm.interactions.log({ type: 'note', companyId: globex.id }), ['companyId']);
    await rejectsAt(crm.interactions.log({ type: 'note', dealId: deal.id }), ['dealId']);
  });

  it("links an entry about a contact to the contact's company", async () => {
    const { crm, acme, ann } = await setup();
    const logged = await crm.interactions.log({ type: 'call', contactId: ann.id });
    assert.equal(logged.companyId, acme.id);
    assert.deepEqual(ids(await crm.interactions.list({ companyId: acme.id })), [logged.id]);
  });

  it("links an entry about a deal to the deal's company", async () => {
    const { crm, globex, newDeal } = await setup();
    const deal = await newDeal({ companyId: globex.id });
    const logged = await crm.interactions.log({ type: 'note', dealId: deal.id });
    assert.equal(logged.companyId, globex.id);
  });

  it('keeps the company given over the one the contact works at', async () => {
    const { crm, ann, globex } = await setup();
    const logged = await crm.interactions.log({ type: 'meeting', contactId: ann.id, companyId: globex.id });
    assert.equal(logged.companyId, globex.id);
  });

  it('still logs for a contact whose company was deleted', async () => {
    const { crm, acme, ann } = await setup();
    await crm.companies.delete(acme.id);
    const logged = await crm.interactions.log({ type: 'call', contactId: ann.id });
    assert.deepEqual(ids(await crm.interactions.list({ contactId: ann.id })), [logged.id]);
  });
});

describe('interactions.log: rules across fields', () => {
  for (const field of ['dueAt', 'completedAt', 'assigneeId'] as const) {
    it(`refuses ${field} on a note: only tasks have it`, async () => {
      const { crm, bob } = await setup();
      const value = field === 'assigneeId' ? 'user-1' : '2026-05-02T09:00:00Z';
      await rejectsAt(crm.interactions.log({ type: 'note', contactId: bob.id, [field]: value }), [field]);
    });
  }

  it('refuses a duration on a note, and takes one on calls and meetings', async () => {
    const { crm, bob } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'note', contactId: bob.id, durationSec: 60 }), ['durationSec']);
    assert.equal((await crm.interactions.log({ type: 'call', contactId: bob.id, durationSec: 60 })).durationSec, 60);
    assert.equal((await crm.interactions.log({ type: 'meeting', contactId: bob.id, durationSec: 60 })).durationSec, 60);
  });

  it('refuses an entry linked to nothing', async () => {
    const { crm } = await setup();
    await rejectsAt(crm.interactions.log({ type: 'note', body: 'about whom?' }), ['contactId']);
  });

  it('stores nothing when refused', async () => {
    const { crm, bob } = await setup();
    await assert.rejects(crm.interactions.log({ type: 'note', contactId: bob.id, durationSec: 5 }), ValidationError);
    assert.deepEqual((await crm.interactions.list({ contactId: bob.id })).items, []);
  });
});

describe('interactions.update', () => {
  it('changes the fields given and bumps the version', async () => {
    const { crm, clock, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id, subject: 'Lunch', body: 'First draft' });
    clock.advance(hour);
    const updated = await crm.interactions.update(note.id, { body: 'Corrected' }, { expectedVersion: note.version });
    assert.equal(updated.body, 'Corrected');
    assert.equal(updated.subject, 'Lunch');
    assert.equal(updated.occurredAt, note.occurredAt);
    assert.equal(updated.version, 2);
    assert.equal(updated.updatedAt, '2026-05-01T09:00:00.000Z');
    assert.deepEqual(await crm.interactions.get(note.id), updated);
  });

  it('clears an optional field given null', async () => {
    const { crm, bob } = await setup();
    const call = await crm.interactions.log({ type: 'call', contactId: bob.id, direction: 'outbound', outcome: 'no-answer', body: 'x' });
    const updated = await crm.interactions.update(call.id, { direction: null, outcome: null });
    assert.equal('direction' in updated, false);
    assert.equal('outcome' in updated, false);
    assert.equal(updated.body, 'x');
  });

  it('with a stale expectedVersion fails with a version conflict and changes nothing', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id, body: 'v1' });
    const v2 = await crm.interactions.update(note.id, { body: 'v2' });
    await rejectsConflict(crm.interactions.update(note.id, { body: 'v3' }, { expectedVersion: note.version }));
    assert.deepEqual(await crm.interactions.get(note.id), v2);
  });

  it('keeps the rules across fields: a duration cannot be added to a note', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await rejectsAt(crm.interactions.update(note.id, { durationSec: 60 }), ['durationSec']);
    assert.deepEqual(await crm.interactions.get(note.id), note);
  });

  it('refuses to remove the last link', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await rejectsAt(crm.interactions.update(note.id, { contactId: null }), ['contactId']);
  });

  it('checks new links, naming the field', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await rejectsAt(crm.interactions.update(note.id, { dealId: unknownId }), ['dealId']);
    await rejectsAt(crm.interactions.update(note.id, { contactId: unknownId }), ['contactId']);
    assert.deepEqual(await crm.interactions.get(note.id), note);
  });

  it("links the new contact's company when the contact changes", async () => {
    const { crm, acme, ann, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    const updated = await crm.interactions.update(note.id, { contactId: ann.id });
    assert.equal(updated.contactId, ann.id);
    assert.equal(updated.companyId, acme.id);
  });

  it('refuses to edit a stageChange entry', async () => {
    const { crm, sales, newDeal } = await setup();
    const deal = await newDeal();
    await crm.deals.move(deal.id, { stageId: sales.stages[1]?.id ?? '' });
    const [entry] = (await crm.interactions.list({ dealId: deal.id })).items;
    assert.ok(entry && entry.type === 'stageChange');
    await rejectsAt(crm.interactions.update(entry.id, { body: 'rewritten' }), ['type']);
    assert.deepEqual(await crm.interactions.get(entry.id), entry);
  });

  it("refuses to turn an entry into a 'stageChange'", async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await rejectsAt(crm.interactions.update(note.id, { type: 'stageChange' } as never), ['type']);
  });

  it("fires 'interaction.updated' with the new and previous entry", async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id, body: 'old' });
    const heard: [string | undefined, string | undefined][] = [];
    crm.on('interaction.updated', (e) => heard.push([e.previous.body, e.interaction.body]));
    await crm.interactions.update(note.id, { body: 'new' });
    assert.deepEqual(heard, [['old', 'new']]);
  });
});

describe('interactions.delete', () => {
  it('deletes the entry for good', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    const kept = await crm.interactions.log({ type: 'call', contactId: bob.id });
    const heard: string[] = [];
    crm.on('interaction.deleted', (e) => heard.push(e.id));
    await crm.interactions.delete(note.id);
    await assert.rejects(crm.interactions.get(note.id), NotFoundError);
    assert.deepEqual(ids(await crm.interactions.list({ contactId: bob.id })), [kept.id]);
    assert.deepEqual(heard, [note.id]);
  });

  it('with a stale expectedVersion fails and keeps the entry', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await crm.interactions.update(note.id, { body: 'edited' });
    await rejectsConflict(crm.interactions.delete(note.id, { expectedVersion: note.version }));
    assert.equal((await crm.interactions.get(note.id)).body, 'edited');
  });

  it('of an unknown id fails with NotFoundError', async () => {
    const { crm } = await setup();
    await assert.rejects(crm.interactions.delete(unknownId), NotFoundError);
  });
});

describe('interactions.list', () => {
  it('lists a contact timeline newest first', async () => {
    const { crm, clock, bob } = await setup();
    const first = await crm.interactions.log({ type: 'note', contactId: bob.id });
    clock.advance(hour);
    const second = await crm.interactions.log({ type: 'call', contactId: bob.id });
    const backdated = await crm.interactions.log({ type: 'meeting', contactId: bob.id, occurredAt: '2026-04-01T00:00:00Z' });
    assert.deepEqual(ids(await crm.interactions.list({ contactId: bob.id })), [second.id, first.id, backdated.id]);
  });

  it("lists a company's and a deal's timelines", async () => {
    const { crm, acme, ann, bob, newDeal } = await setup();
    const deal = await newDeal({ contactIds: [bob.id] });
    const onAnn = await crm.interactions.log({ type: 'call', contactId: ann.id });
    const onDeal = await crm.interactions.log({ type: 'note', dealId: deal.id, contactId: bob.id });
    await crm.interactions.log({ type: 'note', contactId: bob.id });
    assert.deepEqual(ids(await crm.interactions.list({ companyId: acme.id })), [onAnn.id]);
    assert.deepEqual(ids(await crm.interactions.list({ dealId: deal.id })), [onDeal.id]);
  });

  it('pages through a long timeline by cursor, with no gaps and no repeats', async () => {
    const { crm, clock, bob } = await setup();
    const logged: Interaction[] = [];
    for (let i = 0; i < 23; i++) {
      // Several entries share a time, so the order must also hold between equal times.
      if (i % 3 === 0) clock.advance(minute);
      logged.push(await crm.interactions.log({ type: 'note', contactId: bob.id, body: `#${i}` }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await crm.interactions.list({ contactId: bob.id, limit: 5, ...(cursor ? { cursor } : {}) });
      assert.ok(page.items.length <= 5);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 5);
    assert.equal(new Set(seen).size, 23, 'no repeats');
    assert.deepEqual(seen, ids(await crm.interactions.list({ contactId: bob.id, limit: 100 })));
    const times = seen.map((id) => logged.find((i) => i.id === id)?.occurredAt ?? '');
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first across pages');
  });

  it('lists only the types asked for', async () => {
    const { crm, bob } = await setup();
    const call = await crm.interactions.log({ type: 'call', contactId: bob.id });
    await crm.interactions.log({ type: 'note', contactId: bob.id });
    const meeting = await crm.interactions.log({ type: 'meeting', contactId: bob.id });
    const page = await crm.interactions.list({ contactId: bob.id, types: ['call', 'meeting'] });
    assert.deepEqual(new Set(ids(page)), new Set([call.id, meeting.id]));
  });

  it('needs exactly one of contactId, companyId or dealId', async () => {
    const { crm, acme, ann } = await setup();
    await rejectsAt(crm.interactions.list({}), ['contactId']);
    await rejectsAt(crm.interactions.list({ contactId: ann.id, companyId: acme.id }), ['contactId']);
  });
});

describe('interactions.complete', () => {
  it('marks a task done now', async () => {
    const { crm, clock, task } = await setup();
    const open = await task('user-1', 30);
    clock.advance(hour);
    const done = await crm.interactions.complete(open.id);
    assert.equal(done.completedAt, '2026-05-01T09:00:00.000Z');
    assert.equal(done.version, 2);
    assert.deepEqual(await crm.interactions.get(open.id), done);
  });

  it('marks a task done at the time given', async () => {
    const { crm, task } = await setup();
    const open = await task('user-1', 30);
    const done = await crm.interactions.complete(open.id, { at: '2026-05-01T07:30:00Z' });
    assert.equal(done.completedAt, '2026-05-01T07:30:00.000Z');
  });

  it('refuses anything but a task', async () => {
    const { crm, bob } = await setup();
    const note = await crm.interactions.log({ type: 'note', contactId: bob.id });
    await rejectsAt(crm.interactions.complete(note.id), ['id']);
    assert.deepEqual(await crm.interactions.get(note.id), note);
  });

  it('with a stale expectedVersion fails and leaves the task open', async () => {
    const { crm, task } = await setup();
    const open = await task('user-1', 30);
    const edited = await crm.interactions.update(open.id, { subject: 'Renamed' });
    await rejectsConflict(crm.interactions.complete(open.id, { expectedVersion: open.version }));
    assert.deepEqual(await crm.interactions.get(open.id), edited);
  });

  it("fires 'task.completed' with the completed task", async () => {
    const { crm, task } = await setup();
    const open = await task('user-1', 30);
    const heard: Interaction[] = [];
    crm.on('task.completed', (e) => heard.push(e.interaction));
    const done = await crm.interactions.complete(open.id);
    assert.deepEqual(heard, [done]);
  });

  it('update with completedAt: null reopens a task', async () => {
    const { crm, task } = await setup();
    const open = await task('user-1', -30);
    await crm.interactions.complete(open.id);
    const reopened = await crm.interactions.update(open.id, { completedAt: null });
    assert.equal('completedAt' in reopened, false);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1' })), [open.id]);
  });
});

describe('interactions.overdue', () => {
  it("lists an assignee's open tasks due before now, most overdue first", async () => {
    const { crm, task } = await setup();
    const dayLate = await task('user-1', -24 * 60);
    const minuteLate = await task('user-1', -1);
    const hourLate = await task('user-1', -60);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1' })), [dayLate.id, hourLate.id, minuteLate.id]);
  });

  it('leaves out completed tasks, tasks not yet due, tasks due right now and other assignees', async () => {
    const { crm, task } = await setup();
    const late = await task('user-1', -60);
    const done = await task('user-1', -120);
    await crm.interactions.complete(done.id);
    await task('user-1', 60);
    await task('user-1', 0);
    await task('user-2', -60);
    await task('user-1', 0, { dueAt: undefined });
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1' })), [late.id]);
  });

  it('follows the clock', async () => {
    const { crm, clock, task } = await setup();
    const soon = await task('user-1', 30);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1' })), []);
    clock.advance(hour);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1' })), [soon.id]);
  });

  it('takes the time that counts as now from the now option', async () => {
    const { crm, task } = await setup();
    const late = await task('user-1', -60);
    const soon = await task('user-1', 30);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1', now: '2026-05-01T09:00:00Z' })), [late.id, soon.id]);
    assert.deepEqual(ids(await crm.interactions.overdue({ assigneeId: 'user-1', now: '2026-05-01T06:00:00Z' })), []);
  });

  it('pages by cursor', async () => {
    const { crm, task } = await setup();
    const tasks = [];
    for (let i = 10; i > 0; i--) tasks.push(await task('user-1', -i));
    const first = await crm.interactions.overdue({ assigneeId: 'user-1', limit: 6 });
    assert.ok(first.nextCursor);
    const second = await crm.interactions.overdue({ assigneeId: 'user-1', limit: 6, cursor: first.nextCursor });
    assert.deepEqual([...ids(first), ...ids(second)], ids({ items: tasks }));
    assert.equal(second.nextCursor, undefined);
  });
});

describe('interactions.complete: idempotent', () => {
  it('completing a done task again keeps its completion time and fires no second event', async () => {
    const { crm, clock, task } = await setup();
    const t = await task('u1', -60);
    const fired: unknown[] = [];
    crm.on('task.completed', (e) => fired.push(e));
    const done = await crm.interactions.complete(t.id);
    clock.advance(hour);
    const again = await crm.interactions.complete(t.id);
    assert.deepEqual([again.completedAt, again.version], [done.completedAt, done.version]);
    assert.equal(fired.length, 1);
  });
});
