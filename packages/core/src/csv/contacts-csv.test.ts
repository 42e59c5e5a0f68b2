import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError, createCrm, fixedClock, memoryAdapter, type Contact, type ImportProgress } from '../index.js';

function setup() {
  return createCrm({ storage: memoryAdapter(), clock: fixedClock('2026-05-01T08:00:00Z') });
}

async function allContacts(crm: ReturnType<typeof setup>): Promise<Contact[]> {
  return (await crm.contacts.list({ orderBy: { field: 'createdAt' }, limit: 1000 })).items;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('contacts.importCsv: columns and rows', () => {
  it('recognises common headers and fills contacts, splitting list cells', async () => {
    const crm = setup();
    const csv = 'First Name,Last Name,E-mail,Phone,Job Title,Tags,Lifecycle stage,utm_source\nAnn,Lee,ANN@acme.com,+1 555 0100,CTO,vip; board,customer,google\n';
    const result = await crm.contacts.importCsv(csv);
    assert.deepEqual([result.rowsRead, result.created, result.failed, result.unmappedColumns], [1, 1, 0, []]);
    const [ann] = await allContacts(crm);
    assert.deepEqual(
      [ann?.firstName, ann?.lastName, ann?.emails, ann?.phones, ann?.title, ann?.tags, ann?.lifecycleStage, ann?.source?.utmSource],
      ['Ann', 'Lee', ['ann@acme.com'], ['+1 555 0100'], 'CTO', ['vip', 'board'], 'customer', 'google'],
    );
  });

  it('uses an explicit mapping, ignores columns mapped to null, and reports unmapped ones', async () => {
    const crm = setup();
    const csv = 'Who,Mail,Secret,Shoe size,custom:tier\nAnn Marie Lee,ann@acme.com,hunter2,38,gold\n';
    const result = await crm.contacts.importCsv(csv, { mapping: { Who: 'fullName', Mail: 'emails', Secret: null } });
    assert.deepEqual(result.unmappedColumns, ['Secret', 'Shoe size']);
    const [ann] = await allContacts(crm);
    assert.deepEqual([ann?.firstName, ann?.lastName, ann?.customFields], ['Ann Marie', 'Lee', { tier: 'gold' }]);
  });

  it('refuses a mapping to a field that does not exist, naming the column', async () => {
    const crm = setup();
    const error = await crm.contacts.importCsv('A\nx\n', { mapping: { A: 'password' } }).catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues[0]?.path, ['mapping', 'A']);
  });

  it('reports each bad row with its spreadsheet row number, the field and the column, and imports the rest', async () => {
    const crm = setup();
    const csv = [
      'First name,Email,Lifecycle stage',
      'Ann,ann@acme.com,lead',
      '"Bob\nwith a line break",bob@acme,lead', // row 3 spans two lines
      'Cy,cy@acme.com,emperor',
      ',,',
      'Di,di@acme.com,lead,surplus',
      'Ed,ed@acme.com,customer',
    ].join('\n');
    const result = await crm.contacts.importCsv(csv);
    assert.deepEqual([result.rowsRead, result.created, result.failed], [5, 2, 3]);
    assert.deepEqual(result.errors, [
      { row: 3, field: 'emails.0', column: 'Email', message: 'Must be an email address' },
      { row: 4, field: 'lifecycleStage', column: 'Lifecycle stage', message: result.errors[1]?.message },
      { row: 6, message: 'Row has 4 cells but the header has 3' },
    ]);
    assert.match(result.errors[1]?.message ?? '', /Must be one of subscriber, lead/);
    assert.deepEqual((await allContacts(crm)).map((c) => c.firstName), ['Ann', 'Ed']);
  });

  it('applies defaults to every row', async () => {
    const crm = setup();
    await crm.contacts.importCsv('Email,Tags\nann@acme.com,vip\n', { defaults: { ownerId: 'user-7', tags: ['import-2026'], source: { channel: 'import' } } });
    const [ann] = await allContacts(crm);
    assert.deepEqual([ann?.ownerId, ann?.tags, ann?.source], ['user-7', ['import-2026', 'vip'], { channel: 'import' }]);
  });

  it('links companies by domain or name, creating each once across batches', async () => {
    const crm = setup();
    const existing = await crm.companies.create({ name: 'Globex', domain: 'globex.io' });
    const rows = ['Email,Company,Website'];
    for (let i = 0; i < 30; i++) rows.push(`p${i}@x.io,${i % 2 ? 'Acme Robotics' : 'Globex'},${i % 2 ? '' : 'globex.io'}`);
    const result = await crm.contacts.importCsv(rows.join('\n'), { batchSize: 7 });
    assert.equal(result.created, 30);
    const companies = (await crm.companies.list()).items;
    assert.deepEqual(companies.map((c) => c.name).sort(), ['Acme Robotics', 'Globex']);
    const contacts = await allContacts(crm);
    assert.ok(contacts.filter((c) => c.companyName === 'Globex').every((c) => c.companyId === existing.id));
    assert.equal(new Set(contacts.filter((c) => c.companyName === 'Acme Robotics').map((c) => c.companyId)).size, 1);
  });
});

describe('contacts.importCsv: de-duplication by email', () => {
  it('merges a row into the stored contact with that address (filling blanks, adding to lists)', async () => {
    const crm = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'], tags: ['vip'] });
    const result = await crm.contacts.importCsv('First name,Last name,Email,Tags\nAnnie,Lee,ANN@ACME.COM,newsletter\n');
    assert.deepEqual([result.created, result.updated], [0, 1]);
    const merged = await crm.contacts.get(ann.id);
    assert.deepEqual([merged.firstName, merged.lastName, merged.tags, merged.version], ['Ann', 'Lee', ['vip', 'newsletter'], 2]);
  });

  it('skips matches with onDuplicate "skip", creates anyway with "create"', async () => {
    const crm = setup();
    await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'] });
    const skipped = await crm.contacts.importCsv('Email,Last name\nann@acme.com,Lee\n', { onDuplicate: 'skip' });
    assert.deepEqual([skipped.created, skipped.updated, skipped.skipped], [0, 0, 1]);
    const created = await crm.contacts.importCsv('Email,Last name\nann@acme.com,Lee\n', { onDuplicate: 'create' });
    assert.equal(created.created, 1);
    assert.equal((await allContacts(crm)).length, 2);
  });

  it('folds repeated addresses within the file, also across batches, into one contact', async () => {
    const crm = setup();
    const csv = 'Email,Tags\na@x.io,one\nb@x.io,\na@x.io,two\nA@X.IO,three\n';
    const result = await crm.contacts.importCsv(csv, { batchSize: 2 });
    assert.deepEqual([result.created, result.updated], [2, 2]);
    const a = (await allContacts(crm)).find((c) => c.emails.includes('a@x.io'));
    assert.deepEqual(a?.tags, ['one', 'two', 'three']);
  });

  it('counts a row that changes nothing as skipped and does not rewrite the contact', async () => {
    const crm = setup();
    const ann = await crm.contacts.create({ firstName: 'Ann', emails: ['ann@acme.com'] });
    const result = await crm.contacts.importCsv('First name,Email\nAnn,ann@acme.com\n');
    assert.deepEqual([result.updated, result.skipped], [0, 1]);
    assert.equal((await crm.contacts.get(ann.id)).version, 1);
  });
});

describe('contacts.importCsv: sources, progress and streaming', () => {
  it('reads a Blob, a ReadableStream and byte chunks that split a character, and drops a BOM', async () => {
    const csv = '\uFEFFFirst name,Email\nZoë,zoe@x.io\n';
    const bytes = new TextEncoder().encode(csv);
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "ë"
    const sources = [
      new Blob([csv]),
      new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(bytes), c.close()) }),
      (async function* () {
        yield bytes.slice(0, split);
        yield bytes.slice(split);
      })(),
    ];
    for (const source of sources) {
      const crm = setup();
      const result = await crm.contacts.importCsv(source);
      assert.equal(result.created, 1);
      assert.equal((await allContacts(crm))[0]?.firstName, 'Zoë');
    }
  });

  it('refuses an empty file and a source that is not CSV input', async () => {
    const crm = setup();
    await assert.rejects(crm.contacts.importCsv(''), ValidationError);
    await assert.rejects(crm.contacts.importCsv(42 as never), ValidationError);
    assert.equal((await crm.contacts.importCsv('Email\n')).rowsRead, 0, 'a header alone imports nothing');
  });

  it('stops between batches when aborted, keeping the batches written', async () => {
    const crm = setup();
    const controller = new AbortController();
    const rows = ['Email', ...Array.from({ length: 50 }, (_, i) => `p${i}@x.io`)].join('\n');
    const failure = await crm.contacts
      .importCsv(rows, { batchSize: 10, signal: controller.signal, onProgress: (p) => p.rowsRead >= 20 && controller.abort() })
      .catch((e: unknown) => e);
    assert.equal((failure as Error).name, 'AbortError');
    assert.equal((await allContacts(crm)).length, 20);
  });

  it('imports 100,000 rows in chunks, reading the source only about one piece ahead of the writes', async () => {
    const crm = setup();
    const total = 100_000;
    let rowsPulled = 0;
    async function* source() {
      yield 'First name,Last name,Email,Tags\n';
      let piece = '';
      for (let i = 0; i < total; i++) {
        piece += `First${i},Last${i},person${i}@example.com,t${i % 7}\n`;
        if (piece.length >= 16_384) {
          rowsPulled = i + 1;
          yield piece;
          piece = '';
        }
      }
      rowsPulled = total;
      yield piece;
    }
    const progress: ImportProgress[] = [];
    let widestGap = 0;
    const result = await crm.contacts.importCsv(source(), {
      batchSize: 1000,
      onProgress: (p) => {
        progress.push(p);
        widestGap = Math.max(widestGap, rowsPulled - p.rowsRead);
      },
    });
    assert.deepEqual([result.rowsRead, result.created, result.failed], [total, total, 0]);
    assert.ok(progress.length >= total / 1000, `progress after every batch (${progress.length} calls)`);
    assert.ok(progress.every((p, i) => i === 0 || p.rowsRead >= (progress[i - 1] as ImportProgress).rowsRead));
    // The parser holds at most one 64 KB piece of parsed rows (~1,400 rows here) besides the batch.
    assert.ok(widestGap < 3000, `source read ahead of the import by ${widestGap} rows`);
    assert.equal(await crm.storage.collection('contacts').count(), total);
  });
});

describe('contacts.exportCsv', () => {
  it('writes a header and one line per contact, lists joined, in pages', async () => {
    const crm = setup();
    const acme = await crm.companies.create({ name: 'Acme' });
    await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', emails: ['ann@acme.com', 'a@home.io'], tags: ['vip', 'board'], companyId: acme.id });
    await crm.contacts.create({ firstName: 'Bob, Jr.', emails: ['bob@x.io'] });
    const chunks: string[] = [];
    for await (const chunk of crm.contacts.exportCsv({ batchSize: 1 })) chunks.push(chunk);
    assert.equal(chunks.length, 3, 'header, then one chunk per page');
    const lines = chunks.join('').trimEnd().split('\r\n');
    assert.match(lines[0] ?? '', /^id,firstName,lastName,emails,phones,title,companyId,companyName,/);
    assert.match(lines[1] ?? '', /,Ann,Lee,ann@acme.com; a@home.io,,,[0-9a-f-]{36},Acme,,lead,vip; board,/);
    assert.match(lines[2] ?? '', /,"Bob, Jr.",,bob@x.io,/);
  });

  it('defuses cells a spreadsheet would run as formulas, but leaves phone numbers alone', async () => {
    const crm = setup();
    await crm.contacts.create({ firstName: '=HYPERLINK("http://evil.example","x")', lastName: '@SUM(A1)', phones: ['+1 555 0100'] });
    const csv = await text(crm.contacts.exportCsv());
    assert.match(csv, /,"'=HYPERLINK\(""http:\/\/evil.example"",""x""\)","'@SUM\(A1\)",/);
    assert.match(csv, /,\+1 555 0100,/);
  });

  it('exports only what `where` and `search` select, with chosen custom fields', async () => {
    const crm = setup();
    await crm.contacts.create({ firstName: 'Ann', tags: ['vip'], customFields: { tier: 'gold' } });
    await crm.contacts.create({ firstName: 'Bob' });
    const csv = await text(crm.contacts.exportCsv({ where: { tags: 'vip' }, customFields: ['tier'] }));
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /,customFields\.tier$/);
    assert.match(lines[1] ?? '', /,gold$/);
    assert.equal((await text(crm.contacts.exportCsv({ search: 'bob' }))).trimEnd().split('\r\n').length, 2);
  });

  it('round-trips: what one workspace exports, another imports back unchanged', async () => {
    const source = setup();
    const acme = await source.companies.create({ name: 'Acme' });
    await source.contacts.create({ firstName: 'Ann', lastName: "O'Neil", emails: ['ann@acme.com'], phones: ['+44 20 7946 0958'], tags: ['vip'], companyId: acme.id, title: 'CTO' });
    await source.contacts.create({ firstName: '-Dash', lastName: 'Ünïcödé, "Quoted"', emails: ['x@y.io'], lifecycleStage: 'customer', source: { channel: 'event', utmCampaign: 'expo' } });
    const csv = await text(source.contacts.exportCsv());
    const target = setup();
    const result = await target.contacts.importCsv(csv);
    assert.deepEqual([result.created, result.failed, result.unmappedColumns], [2, 0, ['id', 'companyId', 'createdAt', 'updatedAt']]);
    const pick = (c: Contact) => [c.firstName, c.lastName, c.emails, c.phones, c.tags, c.title, c.companyName, c.lifecycleStage, c.source];
    assert.deepEqual((await allContacts(target)).map(pick), (await allContacts(source)).map(pick));
  });
});

describe('contacts.exportCsv: options', () => {
  it('refuses a custom field name that is reserved or malformed, naming it', async () => {
    const crm = setup();
    const error = await text(crm.contacts.exportCsv({ customFields: ['tier', 'constructor'] })).catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues[0]?.path, ['customFields', 1]);
  });
});
