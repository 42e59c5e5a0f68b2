// The schema upgrade, as one story for node:test (fake-indexeddb) and mocha (Chromium's real
// IndexedDB): a database written by schema version 1 opens under the current version with every
// record intact, and the queries the new indexes serve answer from the upgraded records. Version
// 1's database is made exactly as version 1 declared it and filled with records as it stored
// them (plain, without derived keys or search tokens). The expected answers come from the memory
// adapter holding the same workspace.
import Dexie from 'dexie';
import { collectionNames, createCrm, fixedClock, memoryAdapter, type Crm, type StorageAdapter } from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { assert, assertEqual } from '@rapport/core/testing';
import { currentSchemaVersion, indexedDbAdapter, schemaVersions, type IndexedDbAdapter } from './index.js';

/** The parts of a test framework the story uses; node:test and mocha both have them. */
export interface ScenarioApi {
  describe(name: string, fn: () => void): unknown;
  it(name: string, fn: () => Promise<void>): unknown;
  before(fn: () => Promise<void>): unknown;
  after(fn: () => Promise<void>): unknown;
}

/** Where the story runs: a name for its title, and the IndexedDB to use. */
export interface ScenarioPlace {
  readonly name: string;
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
}

const now = '2026-06-01T12:00:00.000Z';

/** Every record of a collection, paging through the port. */
async function everything(storage: StorageAdapter, name: (typeof collectionNames)[number]): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.collection(name).query({ limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Registers the upgrade story. */
export function upgradeScenario({ describe, it, before, after }: ScenarioApi, { name: place, indexedDB, IDBKeyRange }: ScenarioPlace): void {
  describe(`indexedDbAdapter: upgrading a database written by schema version 1 (${place})`, () => {
    const databaseName = `upgrade-${crypto.randomUUID()}`;
    let w: Workspace;
    let adapter: IndexedDbAdapter;
    let crm: Crm;
    let oracle: Crm;

    before(async () => {
      w = generateWorkspace({ seed: 5, contacts: 300, now });
      const [v1] = schemaVersions;
      assert(v1 && v1.version === 1 && currentSchemaVersion > 1, 'schema version 1 exists and is not the current one');
      const old = new Dexie(databaseName, { indexedDB, IDBKeyRange });
      old.version(1).stores(v1.stores);
      await old.open();
      for (const name of collectionNames) await old.table(name).bulkPut(w[name]);
      old.close();

      adapter = indexedDbAdapter({ databaseName, indexedDB, IDBKeyRange });
      crm = createCrm({ storage: adapter, clock: fixedClock(now) });
      const memory = memoryAdapter();
      for (const name of collectionNames) await memory.collection(name).bulkPut(w[name] as never[]);
      oracle = createCrm({ storage: memory, clock: fixedClock(now) });
    });

    after(async () => adapter?.deleteDatabase());

    it('keeps every record of every collection, unchanged and nothing more', async () => {
      for (const name of collectionNames) {
        const records = w[name] as { id: string }[];
        assert(records.length > 0, `the workspace has ${name}`);
        assertEqual<unknown>(await adapter.collection(name).getMany(records.map((r) => r.id)), records, `${name} by id`);
        assertEqual(await adapter.collection(name).count(), records.length, `${name} count`);
        const stored = await everything(adapter, name);
        assertEqual(new Set(stored.map((r) => (r as { id: string }).id)), new Set(records.map((r) => r.id)), `${name} listed`);
      }
    });

    it('has upgraded the database to the current schema version', async () => {
      const raw = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(databaseName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        // Dexie stores version n as IndexedDB version 10n.
        assertEqual(raw.version, currentSchemaVersion * 10, 'IndexedDB version (Dexie version × 10)');
        assert(raw.transaction('deals').objectStore('deals').indexNames.contains('[pipelineId+stageId+position+id]'), 'the board index exists');
      } finally {
        raw.close();
      }
    });

    it('finds old contacts by word prefix (search tokens were added to every record)', async () => {
      const someone = w.contacts.find((c) => c.firstName && c.lastName && !c.deletedAt);
      assert(someone?.firstName && someone.lastName, 'a contact with both names');
      const text = `${someone.firstName.slice(0, 3)} ${someone.lastName.slice(0, 4)}`;
      const found = await crm.contacts.search(text, { limit: 1000 });
      assert(found.items.some((c) => c.id === someone.id), `"${text}" finds ${someone.firstName} ${someone.lastName}`);
      assertEqual(found.items.map((c) => c.id), (await oracle.contacts.search(text, { limit: 1000 })).items.map((c) => c.id), 'search results, as the memory adapter gives them');
      const companies = await crm.companies.search(w.companies[0]?.name ?? '', { limit: 1000 });
      assert(companies.items.some((c) => c.id === w.companies[0]?.id), 'a company is found by its name');
    });

    it('reads a board column in position order from the compound index', async () => {
      const [pipeline] = w.pipelines;
      const stage = pipeline?.stages.find((s) => w.deals.filter((d) => d.stageId === s.id && !d.deletedAt).length >= 3);
      assert(pipeline && stage, 'a stage holding at least three deals');
      const query = { where: { pipelineId: pipeline.id, stageId: stage.id }, orderBy: { field: 'position' }, limit: 200 };
      const start = adapter.recordsRead();
      const column = await crm.deals.list(query);
      assert(adapter.recordsRead() - start <= column.items.length + 1, 'read through the index, not the whole table');
      const positions = column.items.map((d) => d.position);
      assertEqual(positions, [...positions].sort(), 'in position order');
      assertEqual(column.items.map((d) => d.id), (await oracle.deals.list(query)).items.map((d) => d.id), 'the column, as the memory adapter gives it');
      assertEqual(await adapter.collection('deals').count({ where: { pipelineId: pipeline.id, stageId: stage.id } }), w.deals.filter((d) => d.stageId === stage.id).length, 'deals in the stage');
    });

    it("lists a contact's timeline newest first", async () => {
      const perContact = new Map<string, number>();
      for (const { contactId } of w.interactions) if (contactId) perContact.set(contactId, (perContact.get(contactId) ?? 0) + 1);
      const [contactId, entries] = [...perContact].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      assert(entries >= 3, 'a contact with at least three timeline entries');
      const timeline = await crm.interactions.list({ contactId, limit: 100 });
      assertEqual(timeline.items.length, entries, 'timeline entries');
      const times = timeline.items.map((i) => i.occurredAt);
      assertEqual(times, [...times].sort().reverse(), 'newest first');
      assertEqual(timeline.items.map((i) => i.id), (await oracle.interactions.list({ contactId, limit: 100 })).items.map((i) => i.id), 'the timeline, as the memory adapter gives it');
    });

    it('counts and lists live records with the soft-delete indexes', async () => {
      for (const name of ['contacts', 'companies', 'deals'] as const) {
        const live = (w[name] as { deletedAt?: string }[]).filter((r) => !r.deletedAt).length;
        assertEqual(await adapter.collection(name).count({ where: { deletedAt: null } }), live, `live ${name}`);
      }
      const byName = await crm.contacts.list({ orderBy: { field: 'lastName' }, limit: 100 });
      assertEqual(byName.items.map((c) => c.id), (await oracle.contacts.list({ orderBy: { field: 'lastName' }, limit: 100 })).items.map((c) => c.id), 'contacts by last name, as the memory adapter gives them');
    });

    it('updates an upgraded record and finds it under its new name', async () => {
      const someone = w.contacts.find((c) => !c.deletedAt);
      assert(someone, 'a live contact');
      const updated = await crm.contacts.update(someone.id, { lastName: 'Quillfeather' }, { expectedVersion: someone.version });
      assertEqual(updated.version, someone.version + 1, 'version after the update');
      assertEqual((await crm.contacts.search('quillf')).items.map((c) => c.id), [someone.id], 'found by the new name');
    });
  });
}
