// Every query the services make is answered from an index: each check below counts the records
// the adapter read from IndexedDB (through its Dexie middleware) and bounds it by what the
// answer needs, far below the size of the table it comes from.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCrm, fixedClock, tokenize, type Crm, type Interaction } from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

const now = '2026-06-01T12:00:00.000Z';

describe('indexedDbAdapter: service queries read through indexes, not whole tables', () => {
  let adapter: IndexedDbAdapter;
  let crm: Crm;
  let w: Workspace;
  let busy: { id: string; interactions: number };

  /** Runs `fn` and returns how many records it read. */
  const reads = async (fn: () => Promise<unknown>) => {
    const start = adapter.recordsRead();
    await fn();
    return adapter.recordsRead() - start;
  };

  before(async () => {
    adapter = indexedDbAdapter({ databaseName: `index-usage-${randomUUID()}`, indexedDB, IDBKeyRange });
    crm = createCrm({ storage: adapter, clock: fixedClock(now) });
    w = generateWorkspace({ seed: 11, contacts: 3000, now });
    // One contact with a long timeline, as a key account has.
    const person = w.contacts[0];
    assert.ok(person);
    const extra: Interaction[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      version: 1,
      type: (['note', 'email', 'call', 'meeting'] as const)[i % 4] as Interaction['type'],
      contactId: person.id,
      occurredAt: new Date(Date.parse(now) - i * 60_000).toISOString(),
      createdAt: now,
      updatedAt: now,
    }));
    busy = { id: person.id, interactions: extra.length + w.interactions.filter((i) => i.contactId === person.id).length };
    for (const [name, records] of Object.entries({ ...w, interactions: [...w.interactions, ...extra] })) {
      await adapter.collection(name as never).bulkPut(records as never[]);
    }
  });

  after(() => adapter.deleteDatabase());

  it('lists a page of contacts, in any indexed order, reading about one page', async () => {
    assert.ok((await reads(() => crm.contacts.list({ limit: 50 }))) <= 51);
    const byName = await crm.contacts.list({ orderBy: { field: 'lastName' }, limit: 50 });
    assert.ok((await reads(() => crm.contacts.list({ orderBy: { field: 'lastName' }, limit: 50, cursor: byName.nextCursor }))) <= 51);
    assert.ok((await reads(() => crm.contacts.list({ orderBy: { field: 'updatedAt', direction: 'desc' }, limit: 50 }))) <= 51);
  });

  it('searches by word prefix reading only the candidates of the longest word', async () => {
    const someone = w.contacts[42];
    assert.ok(someone?.lastName && someone.firstName);
    const text = `${someone.firstName.slice(0, 3)} ${someone.lastName}`;
    const longest = tokenize(someone.lastName).sort((a, b) => b.length - a.length)[0] as string;
    const candidates = w.contacts.filter((c) => [c.firstName, c.lastName, c.title, c.companyName, ...c.emails].some((part) => part && tokenize(part).some((t) => t.startsWith(longest)))).length;
    const n = await reads(() => crm.contacts.search(text));
    assert.ok(n <= candidates, `${n} read for ${candidates} candidates of ${w.contacts.length}`);
  });

  it('finds duplicates and imports CSV by looking up email addresses, not scanning', async () => {
    const someone = w.contacts[7];
    assert.ok(someone);
    const namesakes = w.contacts.filter((c) => c.lastName === someone.lastName).length;
    const dupes = await reads(() => crm.contacts.findDuplicates(someone.id));
    assert.ok(dupes <= namesakes + 10, `${dupes} read for ${namesakes} contacts sharing the last name`);
    const csv = ['Email,Tags', ...w.contacts.slice(0, 200).map((c) => `${c.emails[0]},imported`)].join('\n');
    // Each row's match is found by its address, then re-read by the versioned write that merges into it.
    const n = await reads(() => crm.contacts.importCsv(csv));
    assert.ok(n <= 2 * 200 + 10, `${n} read to import 200 rows into ${w.contacts.length} contacts`);
  });

  it('reads a board column, and moves a deal, touching only that column', async () => {
    const sales = w.pipelines[0];
    const stage = sales?.stages[0];
    assert.ok(sales && stage);
    const column = await crm.deals.list({ where: { pipelineId: sales.id, stageId: stage.id }, orderBy: { field: 'position' }, limit: 50 });
    assert.ok((await reads(() => crm.deals.list({ where: { pipelineId: sales.id, stageId: stage.id }, orderBy: { field: 'position' }, limit: 50 }))) <= 51);
    const [first, second] = column.items;
    assert.ok(first && second);
    assert.ok((await reads(() => crm.deals.move(second.id, { stageId: stage.id, before: first.id }))) < 10);
  });

  it('reads a timeline newest first, with or without a type filter, from the contact’s own entries', async () => {
    assert.ok((await reads(() => crm.interactions.list({ contactId: busy.id, limit: 50 }))) <= 51);
    const calls = await reads(() => crm.interactions.list({ contactId: busy.id, types: ['call'], limit: 50 }));
    assert.ok(calls <= 260, `${calls} read for 50 calls (one entry in four is a call)`);
    const tasks = await reads(() => crm.interactions.overdue({ assigneeId: 'user-ada' }));
    const adaTasks = w.interactions.filter((i) => i.assigneeId === 'user-ada').length;
    assert.ok(tasks <= adaTasks, `${tasks} read for ${adaTasks} tasks of the assignee`);
  });

  it('renames a company, merges and purges contacts, reading only the records involved', async () => {
    const company = w.companies.find((c) => w.contacts.filter((p) => p.companyId === c.id).length > 5);
    assert.ok(company);
    const staff = w.contacts.filter((p) => p.companyId === company.id).length;
    assert.ok((await reads(() => crm.companies.update(company.id, { name: 'Renamed Co' }))) <= staff * 2 + 5);

    // Each record a merge or purge moves is read when listed, then again by its versioned write.
    const other = w.contacts[1];
    assert.ok(other);
    const merged = await reads(() => crm.contacts.merge(other.id, busy.id));
    assert.ok(merged <= 2 * busy.interactions + 20, `${merged} read to merge a contact with ${busy.interactions} interactions`);
    const purged = await reads(() => crm.contacts.purge(other.id));
    assert.ok(purged <= 2 * (busy.interactions + 20) + 20, `${purged} read to purge it`);
  });

  it('counts a stage’s deals with the index alone, then moves them as it removes the stage', async () => {
    const pipeline = await crm.pipelines.get((w.pipelines[1] as { id: string }).id);
    const [from, to] = pipeline.stages;
    assert.ok(from && to);
    const held = await crm.storage.collection('deals').count({ where: { pipelineId: pipeline.id, stageId: from.id } });
    // Per deal: listed, its new place found next to at most two neighbours, re-read by its versioned write.
    const n = await reads(() => crm.pipelines.removeStage(pipeline.id, from.id, { moveDealsTo: to.id }));
    assert.ok(n <= 5 * held + 10, `${n} read to move ${held} deals`);
  });
});

describe('indexedDbAdapter: a record watched by id', () => {
  it('reads it by key, whatever else the query says', async () => {
    const adapter = indexedDbAdapter({ databaseName: `by-id-${randomUUID()}`, indexedDB, IDBKeyRange });
    try {
      const w = generateWorkspace({ seed: 3, contacts: 500 });
      await adapter.collection('contacts').bulkPut(w.contacts);
      const target = w.contacts[321];
      assert.ok(target);
      const start = adapter.recordsRead();
      const page = await adapter.collection('contacts').query({ where: { id: target.id, deletedAt: null }, limit: 1 });
      assert.deepEqual(page.items.map((c) => c.id), [target.id]);
      assert.equal(adapter.recordsRead() - start, 1);
    } finally {
      await adapter.deleteDatabase();
    }
  });
});
