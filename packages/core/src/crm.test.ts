import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError, createCrm, fixedClock, memoryAdapter, type Contact, type Page } from './index.js';

/** Resolves after pending microtasks and timers of the watch have run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createCrm', () => {
  it('refuses options without a storage adapter, naming the field', () => {
    assert.throws(() => createCrm({} as never), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path[0] === 'storage');
    assert.throws(() => createCrm(undefined as never), ValidationError);
  });

  it('uses the given clock and id maker', async () => {
    let n = 0;
    const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock('2030-01-02T03:04:05Z'), newId: () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}` });
    const ann = await crm.contacts.create({ firstName: 'Ann' });
    assert.equal(ann.id, '01900000-0000-7000-8000-000000000001');
    assert.equal(ann.createdAt, '2030-01-02T03:04:05.000Z');
  });
});

describe('crm.on', () => {
  it('delivers events after the commit, stops after unsubscribe, and survives a throwing listener', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const seen: string[] = [];
    const reported: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void reported.push(args[1]);
    try {
      crm.on('contact.created', () => {
        throw new Error('listener bug');
      });
      const stop = crm.on('contact.created', ({ contact }) => seen.push(contact.firstName as string));
      const ann = await crm.contacts.create({ firstName: 'Ann' });
      assert.equal((await crm.contacts.get(ann.id)).firstName, 'Ann', 'the write stood despite the throwing listener');
      stop();
      await crm.contacts.create({ firstName: 'Bob' });
      assert.deepEqual(seen, ['Ann']);
      assert.equal((reported[0] as Error).message, 'listener bug', 'the listener error is reported, not swallowed');
    } finally {
      console.error = originalError;
    }
  });

  it('fires nothing for a write that failed', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const seen: unknown[] = [];
    crm.on('contact.created', (e) => seen.push(e));
    await crm.contacts.create({ emails: ['bad'] }).catch(() => undefined);
    assert.equal(seen.length, 0);
  });
});

describe('crm.watch', () => {
  it('delivers the first page, then a new page after every change that alters it', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    await crm.contacts.create({ firstName: 'Ann', tags: ['vip'] });
    const pages: Page<Contact>[] = [];
    const stop = crm.watch({ collection: 'contacts', where: { tags: 'vip' }, orderBy: { field: 'firstName' } }, (page) => pages.push(page));
    await settle();
    assert.deepEqual(pages.map((p) => p.items.map((c) => c.firstName)), [['Ann']]);

    const bob = await crm.contacts.create({ firstName: 'Bob', tags: ['vip'] });
    await settle();
    await crm.contacts.create({ firstName: 'Cy' }); // not a vip: the answer stays the same
    await settle();
    await crm.contacts.delete(bob.id); // soft-deleted contacts leave the watched list
    await settle();
    assert.deepEqual(pages.map((p) => p.items.map((c) => c.firstName)), [['Ann'], ['Ann', 'Bob'], ['Ann']]);

    stop();
    await crm.contacts.create({ firstName: 'Dee', tags: ['vip'] });
    await settle();
    assert.equal(pages.length, 3, 'nothing after unsubscribe');
  });

  it('sees writes made directly through the storage port, as from another tab', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const other = createCrm({ storage: crm.storage });
    const pages: Page<Contact>[] = [];
    crm.watch({ collection: 'contacts' }, (page) => pages.push(page));
    await settle();
    await other.contacts.create({ firstName: 'From elsewhere' });
    await settle();
    assert.equal(pages.at(-1)?.items[0]?.firstName, 'From elsewhere');
  });

  it('coalesces a burst of changes into few runs and ends on the final state', async () => {
    const crm = createCrm({ storage: memoryAdapter() });
    const pages: Page<Contact>[] = [];
    crm.watch({ collection: 'contacts', limit: 1000 }, (page) => pages.push(page));
    await Promise.all(Array.from({ length: 50 }, (_, i) => crm.contacts.create({ firstName: `P${i}` })));
    await settle();
    assert.equal(pages.at(-1)?.items.length, 50);
    assert.ok(pages.length < 50, `${pages.length} pages for 50 writes`);
  });

  it('throws at once for a bad query, naming the field', () => {
    const crm = createCrm({ storage: memoryAdapter() });
    assert.throws(
      () => crm.watch({ collection: 'contacts', where: { shoeSize: 1 } }, () => undefined),
      (e: unknown) => e instanceof ValidationError && e.issues[0]?.path.join('.') === 'where.shoeSize',
    );
    assert.throws(() => crm.watch({ collection: 'users' } as never, () => undefined), ValidationError);
  });

  it('reports a failing run to onError', async () => {
    const storage = memoryAdapter();
    const crm = createCrm({ storage });
    const errors: unknown[] = [];
    await storage.close?.();
    crm.watch({ collection: 'contacts' }, () => assert.fail('no page from a closed store'), { onError: (e) => errors.push(e) });
    await settle();
    assert.equal(errors.length, 1);
  });
});

describe('crm.on: arguments', () => {
  it('refuses an unknown event name and a listener that is not a function, naming which', () => {
    const crm = createCrm({ storage: memoryAdapter() });
    assert.throws(() => crm.on('contact.exploded' as never, () => undefined), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path[0] === 'type');
    assert.throws(() => crm.on('contact.created', 'log' as never), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path[0] === 'listener');
  });
});

describe('memoryAdapter.transaction: arguments', () => {
  it('refuses collection names that are not a list, and a missing function', async () => {
    const storage = memoryAdapter();
    await assert.rejects(storage.transaction(42 as never, async () => undefined), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path[0] === 'names');
    await assert.rejects(storage.transaction(['contacts'], undefined as never), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path[0] === 'fn');
  });
});
