// Another tab changes the database under an open adapter: a newer app version upgrades it, or
// the user (or the app) deletes it. The other tab must not be blocked by this one, and a caller
// here must get an answer quickly: an `unavailable` error telling them to reload after an
// upgrade, a working, recreated database after a delete. The "other tab" is a second IndexedDB
// connection in the same page, which is what another tab's connection is to the browser.
import { expect } from '@open-wc/testing';
import { UnavailableError, createCrm, isRapportError } from '@rapport/core';
import { currentSchemaVersion, indexedDbAdapter, type IndexedDbAdapter } from './index.js';

/** How long the other tab, or a caller here, may wait before we call it a hang. */
const patience = 3_000;

type Settled<T> = { status: 'fulfilled'; value: T; ms: number } | { status: 'rejected'; reason: unknown; ms: number } | { status: 'hung'; ms: number };

/** How `promise` settles, or `hung` if it has not after `patience`. */
async function settleWithin<T>(promise: Promise<T>): Promise<Settled<T>> {
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), patience)));
  try {
    const outcome = await Promise.race([promise.then((value) => ({ value }), (reason: unknown) => ({ reason })), hang]);
    const ms = performance.now() - start;
    if (outcome === 'hung') return { status: 'hung', ms };
    return 'reason' in outcome ? { status: 'rejected', reason: outcome.reason, ms } : { status: 'fulfilled', value: outcome.value, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** An IndexedDB request as the other tab sees it: whether it was blocked by our connection, and its result. */
function request<T>(make: () => IDBOpenDBRequest): Promise<{ result: T; blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const req = make();
    req.onblocked = () => (blocked = true);
    req.onsuccess = () => resolve({ result: req.result as T, blocked });
    req.onerror = () => reject(req.error);
  });
}

/** Opens `name` at a higher version, as a newer release of the app would: it adds a store. */
function upgradeFromOtherTab(name: string, version: number) {
  return request<IDBDatabase>(() => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => req.result.createObjectStore('notes', { keyPath: 'id' });
    return req;
  });
}

describe('indexedDbAdapter: version changes from another tab (Chromium)', () => {
  let adapter: IndexedDbAdapter | undefined;
  let databaseName: string;
  const others: IDBDatabase[] = [];

  beforeEach(async () => {
    databaseName = `versionchange-${crypto.randomUUID()}`;
    adapter = indexedDbAdapter({ databaseName });
    const crm = createCrm({ storage: adapter });
    await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee' });
    expect(await adapter.collection('contacts').count()).to.equal(1);
  });

  afterEach(async () => {
    for (const db of others.splice(0)) db.close();
    await adapter?.close?.();
    await request(() => indexedDB.deleteDatabase(databaseName));
  });

  it('closes its connection for an upgrade by a newer version, which is not blocked', async () => {
    const newer = await settleWithin(upgradeFromOtherTab(databaseName, (currentSchemaVersion + 1) * 10));
    if (newer.status === 'fulfilled') others.push(newer.value.result);
    expect(newer.status, 'the upgrade in the other tab completes').to.equal('fulfilled');
    expect(newer.status === 'fulfilled' && newer.value.blocked, 'the upgrade was never blocked by this connection').to.equal(false);
  });

  it("fails the next call quickly with an `unavailable` error saying to reload after a newer version's upgrade", async () => {
    const newer = await upgradeFromOtherTab(databaseName, (currentSchemaVersion + 1) * 10);
    others.push(newer.result);

    const next = await settleWithin(adapter!.collection('contacts').count());
    expect(next.status, `the next call must fail, and not hang (after ${Math.round(next.ms)} ms: ${JSON.stringify(next)})`).to.equal('rejected');
    const error = next.status === 'rejected' ? next.reason : undefined;
    expect(isRapportError(error, 'unavailable'), String(error)).to.equal(true);
    expect(error).to.be.instanceOf(UnavailableError);
    expect((error as Error).message).to.match(/upgraded by a newer version/);
    expect((error as Error).message).to.match(/reload/);
  });

  it('closes its connection for a delete from another tab, which is not blocked, and recreates the database on the next call', async () => {
    const deleted = await settleWithin(request(() => indexedDB.deleteDatabase(databaseName)));
    expect(deleted.status, 'the delete in the other tab completes').to.equal('fulfilled');
    expect(deleted.status === 'fulfilled' && deleted.value.blocked, 'the delete was never blocked by this connection').to.equal(false);
    expect((await indexedDB.databases()).map((d) => d.name)).not.to.include(databaseName);

    const next = await settleWithin(adapter!.collection('contacts').count());
    expect(next.status === 'fulfilled' && next.value, `the next call reopens an empty database (${JSON.stringify(next)})`).to.equal(0);
    const crm = createCrm({ storage: adapter! });
    const bo = await crm.contacts.create({ firstName: 'Bo', lastName: 'Berg' });
    expect((await crm.contacts.get(bo.id)).lastName).to.equal('Berg');
    expect(await adapter!.collection('contacts').count()).to.equal(1);
    const info = (await indexedDB.databases()).find((d) => d.name === databaseName);
    expect(info?.version, 'recreated at the current schema version').to.equal(currentSchemaVersion * 10);
  });

  it('refuses a database a newer version already upgraded, when this (older) code opens it, and leaves its schema alone', async () => {
    await adapter!.close?.();
    const newer = await upgradeFromOtherTab(databaseName, (currentSchemaVersion + 1) * 10);
    newer.result.close();

    const stale = indexedDbAdapter({ databaseName });
    try {
      const next = await settleWithin(stale.collection('contacts').count());
      expect(next.status).to.equal('rejected');
      expect((next as { reason: Error }).reason.message).to.match(/upgraded by a newer version.*reload/);
      const info = (await indexedDB.databases()).find((d) => d.name === databaseName);
      expect(info?.version, 'not patched up by the older code').to.equal((currentSchemaVersion + 1) * 10);
    } finally {
      await stale.close?.();
    }
  });
});
