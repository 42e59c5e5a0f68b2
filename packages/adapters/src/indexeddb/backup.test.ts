// Backup and restore of a whole workspace (exportDatabase / importDatabase), against
// fake-indexeddb: a real IndexedDB implementation running in Node.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { ConflictError, QuotaError, ValidationError, collectionNames, type Change, type CollectionName, type Company, type Contact, type StoredRecord } from '@rapport/core';
import { generateWorkspace, type Workspace } from '@rapport/core/seed';
import { IDBKeyRange, IDBObjectStore, indexedDB } from 'fake-indexeddb';
import { exportPageSize } from './backup-export.js';
import { LineSplitter } from './ndjson.js';
import { indexedDbAdapter, type IndexedDbAdapter } from './index.js';

const now = '2026-06-01T12:00:00.000Z';
const order: CollectionName[] = ['pipelines', 'companies', 'contacts', 'deals', 'interactions'];
const opened: IndexedDbAdapter[] = [];

function newAdapter(): IndexedDbAdapter {
  const adapter = indexedDbAdapter({ databaseName: `backup-${randomUUID()}`, indexedDB, IDBKeyRange, crossTab: false });
  opened.push(adapter);
  return adapter;
}

async function seed(adapter: IndexedDbAdapter, w: Workspace): Promise<void> {
  for (const name of order) {
    const records = w[name] as StoredRecord[];
    for (let i = 0; i < records.length; i += 1000) await adapter.collection(name).bulkPut(records.slice(i, i + 1000) as never[]);
  }
}

/** Every record of every collection, as the port returns them, by collection and id. */
async function dump(adapter: IndexedDbAdapter): Promise<Record<CollectionName, Record<string, unknown>[]>> {
  const out = {} as Record<CollectionName, Record<string, unknown>[]>;
  for (const name of collectionNames) {
    const records: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.collection(name).query({ limit: 1000, ...(cursor ? { cursor } : {}) });
      records.push(...(page.items as unknown as Record<string, unknown>[]));
      cursor = page.nextCursor;
    } while (cursor);
    out[name] = records;
  }
  return out;
}

async function exportText(adapter: IndexedDbAdapter): Promise<string> {
  let text = '';
  for await (const chunk of adapter.exportDatabase()) text += chunk;
  return text;
}

/** A small backup built by hand: a header and the given lines. */
function backupOf(lines: readonly unknown[], header: Record<string, unknown> = {}): string {
  const head = { format: 'rapport-backup', version: 1, exportedAt: now, schemaVersion: 2, collections: order, ...header };
  return [head, ...lines].map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
}

function contactLine(contact: Contact): { collection: 'contacts'; record: Contact } {
  return { collection: 'contacts', record: contact };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the promise to reject');
}

afterEach(async () => {
  for (const adapter of opened.splice(0)) await adapter.deleteDatabase();
});

describe('IndexedDB backup: a 500-contact workspace round trip', () => {
  let source: IndexedDbAdapter;
  let w: Workspace;
  let before_: Awaited<ReturnType<typeof dump>>;
  let total: number;
  let edited: Contact;

  before(async () => {
    source = indexedDbAdapter({ databaseName: `backup-source-${randomUUID()}`, indexedDB, IDBKeyRange, crossTab: false });
    w = generateWorkspace({ seed: 7, contacts: 500, now });
    await seed(source, w);
    // Versions other than 1, a soft-deleted contact, and text that needs care in JSON.
    const first = w.contacts[0] as Contact;
    await source.collection('contacts').put({ ...first, firstName: 'Zoë "Zed"', title: 'Head of\nline\u2028breaks 🚀' });
    edited = await source.collection('contacts').put({ ...first, firstName: 'Zoë "Zed"', title: 'Head of\nline\u2028breaks 🚀', tags: ['vip'] });
    await source.collection('contacts').put({ ...(w.contacts[1] as Contact), deletedAt: now });
    before_ = await dump(source);
    total = Object.values(before_).reduce((n, records) => n + records.length, 0);
  });

  after(() => source.deleteDatabase());

  it('restores every record into a fresh database with the same ids, versions and fields', async () => {
    const target = newAdapter();
    const result = await target.importDatabase(await exportText(source));

    assert.equal(edited.version, 3, 'seeded at 1, written twice');
    assert.equal(result.records, total);
    for (const name of collectionNames) assert.equal(result.byCollection[name], before_[name].length, name);
    assert.deepEqual(await dump(target), before_);
    assert.deepEqual(await target.collection('contacts').get(edited.id), edited);
  });

  it('answers queries after the restore as the original does: search, a board column, counts', async () => {
    const target = newAdapter();
    await target.importDatabase(await exportText(source));

    const someone = w.contacts[42] as Contact;
    const search = { search: `${someone.firstName ?? ''} ${someone.lastName ?? ''}`.trim(), limit: 100 };
    const found = await target.collection('contacts').query(search);
    assert.ok(found.items.some((c) => c.id === someone.id));
    assert.deepEqual(found, await source.collection('contacts').query(search));
    assert.equal((await target.collection('contacts').query({ search: 'zoe zed' })).items[0]?.id, edited.id);

    const deal = w.deals.find((d) => d.status === 'open') ?? (w.deals[0] as Workspace['deals'][number]);
    const column = { where: { pipelineId: deal.pipelineId, stageId: deal.stageId, deletedAt: null }, orderBy: { field: 'position' }, limit: 200 } as const;
    const restored = await target.collection('deals').query(column);
    assert.ok(restored.items.length > 1);
    assert.deepEqual(restored, await source.collection('deals').query(column));
    assert.equal(await target.collection('contacts').count({ where: { deletedAt: null } }), w.contacts.length - 1);
  });

  it('keeps versions working for optimistic concurrency after the restore', async () => {
    const target = newAdapter();
    await target.importDatabase(await exportText(source));
    await assert.rejects(target.collection('contacts').put({ ...edited, title: 'x' }, { expectedVersion: 1 }), { code: 'conflict' });
    const next = await target.collection('contacts').put({ ...edited, title: 'x' }, { expectedVersion: 3 });
    assert.equal(next.version, 4);
  });

  it('streams the export a page at a time, reading no more than a page ahead', async () => {
    const chunks: string[] = [];
    const generator = source.exportDatabase();
    const start = source.recordsRead();
    const header = await generator.next();
    assert.equal(source.recordsRead() - start, 0, 'the header reads nothing');
    chunks.push(header.value as string);
    for (let i = 0; i < 3; i++) chunks.push((await generator.next()).value as string);
    // Three pages yielded: three pages read, although the workspace is far larger.
    assert.ok(total > 4 * exportPageSize);
    assert.ok(source.recordsRead() - start <= 3 * exportPageSize, `read ${source.recordsRead() - start} records for 3 chunks`);
    for await (const chunk of { [Symbol.asyncIterator]: () => generator }) chunks.push(chunk);

    const parsedHeader = JSON.parse(chunks[0] as string);
    assert.deepEqual(Object.keys(parsedHeader), ['format', 'version', 'exportedAt', 'schemaVersion', 'collections']);
    assert.equal(parsedHeader.format, 'rapport-backup');
    assert.equal(parsedHeader.version, 1);
    assert.equal(parsedHeader.schemaVersion, 2);
    assert.deepEqual(parsedHeader.collections, order);
    assert.ok(chunks.length >= Math.ceil(total / exportPageSize) + 1, `${chunks.length} chunks for ${total} records`);

    const seen: CollectionName[] = [];
    let records = 0;
    for (const chunk of chunks.slice(1)) {
      assert.ok(chunk.endsWith('\n'));
      const lines = chunk.slice(0, -1).split('\n');
      assert.ok(lines.length <= exportPageSize);
      for (const line of lines) {
        const { collection, record, ...rest } = JSON.parse(line);
        assert.deepEqual(rest, {});
        assert.ok(!Object.keys(record).some((key) => key.startsWith('k_') || key === '_t'), 'no index keys in a backup');
        assert.equal(typeof record.version, 'number');
        if (seen.at(-1) !== collection) seen.push(collection);
        records++;
      }
    }
    assert.deepEqual(seen, order, 'collections come in restore order, each once');
    assert.equal(records, total);
  });

  it('stops an export when its signal is aborted', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of source.exportDatabase({ signal: controller.signal })) {
          chunks.push(chunk);
          if (chunks.length === 2) controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    assert.equal(chunks.length, 2);
  });

  it('restores from bytes arriving in pieces that split characters and lines', async () => {
    const bytes = new TextEncoder().encode(await exportText(source));
    // Cut inside every multi-byte character (before each continuation byte), and every 7,919 bytes.
    async function* pieces() {
      let start = 0;
      for (let i = 1; i < bytes.length; i++) {
        if (((bytes[i] as number) & 0xc0) === 0x80 || i - start === 7919) {
          yield bytes.subarray(start, i);
          start = i;
        }
      }
      yield bytes.subarray(start);
    }
    const target = newAdapter();
    const result = await target.importDatabase(pieces());
    assert.equal(result.records, total);
    assert.deepEqual(await target.collection('contacts').get(edited.id), edited);
  });
});

describe('IndexedDB backup: merge and replace', () => {
  const w = generateWorkspace({ seed: 3, contacts: 20, now });
  const [a, b] = w.contacts as [Contact, Contact];
  const stranger: Contact = { ...b, id: '01900000-0000-7000-8000-000000000001', emails: ['stranger@example.com'], version: 4 };

  /** A database holding the stranger (not in the backup) and `a` at version 9 with another name. */
  async function occupied(): Promise<IndexedDbAdapter> {
    const adapter = newAdapter();
    await adapter.collection('contacts').put(stranger);
    for (let i = 0; i < 9; i++) await adapter.collection('contacts').put({ ...a, firstName: 'Changed' });
    return adapter;
  }

  const backup = backupOf([...w.pipelines.map((r) => ({ collection: 'pipelines', record: r })), ...w.contacts.map(contactLine)]);

  it('merge (the default) writes the backup over records with the same id and keeps the others', async () => {
    const adapter = await occupied();
    const result = await adapter.importDatabase(backup);
    assert.equal(result.records, w.pipelines.length + w.contacts.length);
    assert.deepEqual(await adapter.collection('contacts').get(a.id), a, 'the backup version wins, version 1 included');
    assert.equal((await adapter.collection('contacts').get(stranger.id))?.version, 1);
    assert.equal(await adapter.collection('contacts').count(), w.contacts.length + 1);
  });

  it('replace empties every collection first, so only the backup remains', async () => {
    const adapter = await occupied();
    await adapter.collection('companies').bulkPut(w.companies as never[]);
    const result = await adapter.importDatabase(backup, { mode: 'replace' });
    assert.equal(result.records, w.pipelines.length + w.contacts.length);
    assert.equal(result.byCollection.companies, 0);
    assert.equal(await adapter.collection('contacts').get(stranger.id), undefined);
    assert.equal(await adapter.collection('companies').count(), 0);
    assert.deepEqual(await adapter.collection('contacts').get(a.id), a);
    assert.equal(await adapter.collection('contacts').count(), w.contacts.length);
  });

  it('replace also takes a Blob, which it reads twice', async () => {
    const adapter = await occupied();
    const result = await adapter.importDatabase(new Blob([backup]), { mode: 'replace' });
    assert.equal(result.records, w.pipelines.length + w.contacts.length);
    assert.equal(await adapter.collection('contacts').get(stranger.id), undefined);
  });

  it('replace refuses a source that can be read only once, before touching anything', async () => {
    const adapter = await occupied();
    async function* once() {
      yield backup;
    }
    for (const source of [once(), new Blob([backup]).stream(), [backup]]) {
      const error = await rejection(adapter.importDatabase(source as never, { mode: 'replace' }));
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues[0]?.path, ['source']);
      assert.match(error.message, /Blob or File/);
    }
    assert.equal(await adapter.collection('contacts').count(), 2);
  });

  it('reports every written record on the change feed, one batch per transaction', async () => {
    const adapter = await occupied();
    const batches: (readonly Change[])[] = [];
    adapter.changes((changes) => batches.push(changes));
    await adapter.importDatabase(backup, { mode: 'replace', batchSize: 10 });
    const [cleared, ...written] = batches;
    assert.deepEqual(new Set(cleared?.map((c) => `${c.type} ${c.id}`)), new Set([`delete ${stranger.id}`, `delete ${a.id}`]));
    assert.equal(written.length, Math.ceil((w.pipelines.length + w.contacts.length) / 10));
    const puts = written.flat();
    assert.ok(puts.every((c) => c.type === 'put'));
    assert.deepEqual(
      puts.map((c) => c.id),
      [...w.pipelines, ...w.contacts].map((r) => r.id),
    );
    const put = puts.find((c) => c.id === a.id);
    assert.ok(put?.type === 'put');
    assert.equal(put.version, 1);
    assert.deepEqual(put.record, a);
  });
});

describe('IndexedDB backup: bad backups', () => {
  const w = generateWorkspace({ seed: 5, contacts: 30, now });
  const lines = w.contacts.map(contactLine);

  /** Imports `text` into a database that already holds the workspace's companies; checks nothing changed in replace mode. */
  async function refused(text: string, mode: 'merge' | 'replace'): Promise<{ error: ValidationError; adapter: IndexedDbAdapter }> {
    const adapter = newAdapter();
    await adapter.collection('companies').bulkPut(w.companies as never[]);
    const before = await dump(adapter);
    const error = await rejection(adapter.importDatabase(text, { mode }));
    assert.ok(error instanceof ValidationError, String(error));
    if (mode === 'replace') assert.deepEqual(await dump(adapter), before, 'a bad backup changes nothing in replace mode');
    return { error, adapter };
  }

  it('names the line of invalid JSON, and replace mode leaves the database as it was', async () => {
    const broken = [...lines];
    broken.splice(17, 0, '{"collection":"contacts","record":{"id":' as never);
    const { error } = await refused(backupOf(broken), 'replace');
    // Line 1 is the header, so the 18th record line is line 19.
    assert.deepEqual(error.issues[0]?.path, ['line', 19]);
    assert.match(error.message, /line 19/);
  });

  it('names the line and field of a record its schema refuses', async () => {
    const bad = { ...contactLine(w.contacts[15] as Contact) };
    bad.record = { ...bad.record, emails: ['not an email'] };
    const broken = [...lines];
    broken[15] = bad;
    const { error } = await refused(backupOf(broken), 'replace');
    assert.deepEqual(error.issues[0]?.path, ['line', 17, 'record', 'emails', 0]);
    assert.match(error.message, /line 17/);
  });

  it('refuses an unknown collection, and unknown fields in a line or a record', async () => {
    const withCollection = [...lines];
    withCollection[3] = { collection: 'leads', record: w.contacts[3] } as never;
    const { error } = await refused(backupOf(withCollection), 'replace');
    assert.deepEqual(error.issues[0]?.path, ['line', 5, 'collection']);
    assert.match(error.issues[0]?.message ?? '', /leads/);

    const withField = [...lines];
    withField[4] = { collection: 'contacts', record: { ...w.contacts[4], k_lastName: 'x' } as unknown as Contact };
    assert.deepEqual((await refused(backupOf(withField), 'replace')).error.issues[0]?.path, ['line', 6, 'record', 'k_lastName']);
  });

  it('refuses, before clearing anything, two records that share a unique value (a company domain)', async () => {
    const [first, second] = w.companies as [Company, Company];
    assert.ok(first.domain);
    const companies = [
      { collection: 'companies', record: first },
      { collection: 'companies', record: second },
      { collection: 'companies', record: { ...second, domain: first.domain } },
    ];
    const { error } = await refused(backupOf(companies), 'replace');
    assert.deepEqual(error.issues[0]?.path, ['line', 4, 'record', 'domain']);
    assert.match(error.issues[0]?.message ?? '', /Line 2/);
  });

  it('in merge mode, refuses a company whose domain another stored company holds', async () => {
    const [first] = w.companies as [Company];
    const adapter = newAdapter();
    await adapter.collection('companies').put({ ...first, id: '01900000-0000-7000-8000-0000000000cc' });
    const error = await rejection(adapter.importDatabase(backupOf([{ collection: 'companies', record: first }])));
    assert.ok(error instanceof ConflictError, String(error));
    assert.equal(error.reason, 'unique');
    assert.equal(error.field, 'domain');
    assert.equal(await adapter.collection('companies').get(first.id), undefined);
  });

  it('in merge mode, writes the batches before a bad line and says how many', async () => {
    const broken = [...lines];
    broken[25] = 'nope' as never;
    const adapter = newAdapter();
    const error = await rejection(adapter.importDatabase(backupOf(broken), { batchSize: 10 }));
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues[0]?.path, ['line', 27]);
    assert.match(error.message, /after 20 records were written/);
    assert.equal(await adapter.collection('contacts').count(), 20);
  });

  it('refuses a backup from a newer version, and text that is no backup', async () => {
    const newer = await refused(backupOf(lines, { version: 2 }), 'replace');
    assert.deepEqual(newer.error.issues[0]?.path, ['line', 1, 'version']);
    assert.match(newer.error.message, /version 2/);
    assert.match(newer.error.issues[0]?.message ?? '', /newer version of Rapport/);
    assert.equal(await newer.adapter.collection('contacts').count(), 0);

    const csv = await refused('firstName,lastName\nAnn,Lee\n', 'merge');
    assert.deepEqual(csv.error.issues[0]?.path, ['line', 1]);
    const headless = await refused(lines.map((l) => JSON.stringify(l)).join('\n'), 'merge');
    assert.deepEqual(headless.error.issues[0]?.path, ['line', 1, 'format']);
    const empty = await refused('\n\n', 'merge');
    assert.deepEqual(empty.error.issues[0]?.path, ['source']);
  });

  it('refuses bad options', async () => {
    const adapter = newAdapter();
    for (const [options, path] of [
      [{ mode: 'overwrite' }, ['mode']],
      [{ batchSize: 0 }, ['batchSize']],
      [{ onProgress: 'x' }, ['onProgress']],
      [{ batch: 10 }, ['batch']],
    ] as const) {
      const error = await rejection(adapter.importDatabase(backupOf(lines), options as never));
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues[0]?.path, path);
    }
    assert.equal(await adapter.collection('contacts').count(), 0);
  });
});

describe('IndexedDB backup: progress, cancelling and failures', () => {
  const w = generateWorkspace({ seed: 9, contacts: 250, interactionsPerContact: 0, now });
  const records = [...w.pipelines.map((r) => ({ collection: 'pipelines', record: r })), ...w.contacts.map(contactLine)];
  const backup = backupOf(records);

  it('calls onProgress after each batch with growing counts', async () => {
    const adapter = newAdapter();
    const seen: number[] = [];
    const result = await adapter.importDatabase(backup, { batchSize: 100, onProgress: (p) => seen.push(p.records) });
    assert.deepEqual(seen, [100, 200, records.length]);
    assert.equal(result.records, records.length);
  });

  it('stops between batches when the signal is aborted; what was written stays', async () => {
    const adapter = newAdapter();
    const controller = new AbortController();
    const error = await rejection(adapter.importDatabase(backup, { batchSize: 100, signal: controller.signal, onProgress: () => controller.abort() }));
    assert.equal((error as Error).name, 'AbortError');
    assert.equal((await adapter.collection('pipelines').count()) + (await adapter.collection('contacts').count()), 100);
  });

  it('turns a full disk into a QuotaError that says how much was restored', async (t) => {
    const adapter = newAdapter();
    await adapter.collection('contacts').put(w.contacts[0] as Contact);
    // Fault injection: the real fake-indexeddb store, with its put failing as a full disk does
    // once 150 more records went in.
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    t.mock.method(IDBObjectStore.prototype, 'put', function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (++puts > 150) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const error = await rejection(adapter.importDatabase(backup, { batchSize: 100, mode: 'replace' }));
    t.mock.restoreAll();
    assert.ok(error instanceof QuotaError, String(error));
    assert.match(error.message, /full/);
    assert.match(error.message, /after 100 records were written: the database holds a partial restore/);
    assert.equal((await adapter.collection('pipelines').count()) + (await adapter.collection('contacts').count()), 100, 'the failed batch left nothing');
  });
});

describe('LineSplitter', () => {
  it('cuts pieces into lines across piece boundaries, with \\n or \\r\\n', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push('{"a":1}\r\n{"b"'), ['{"a":1}']);
    assert.deepEqual(splitter.push(':2'), []);
    assert.deepEqual(splitter.push('}\n\n{"c":3}'), ['{"b":2}', '']);
    assert.equal(splitter.end(), '{"c":3}');
    assert.equal(splitter.end(), undefined);
  });

  it('refuses a line longer than its limit instead of holding it', () => {
    const splitter = new LineSplitter(10);
    splitter.push('12345');
    assert.throws(() => splitter.push('678901'), ValidationError);
  });
});
