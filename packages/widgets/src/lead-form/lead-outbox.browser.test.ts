import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { LeadOutbox, type OutboxEntry } from './lead-outbox.js';

const day = 24 * 60 * 60 * 1000;
const dest = 'https://crm.example.com fk_test';

/** A storage key of this test's own, removed afterwards: test files run side by side on one origin. */
let key: string;
beforeEach(() => {
  key = `rapport-lead-outbox-test-${crypto.randomUUID()}`;
});
afterEach(() => localStorage.removeItem(key));

/** A clock the test moves. */
function clock(start = Date.UTC(2026, 4, 1)): { now: number; read: () => number } {
  const c = { now: start, read: () => c.now };
  return c;
}

/** The entries as stored in localStorage right now. */
function storedIds(): string[] {
  const text = localStorage.getItem(key);
  return text === null ? [] : (JSON.parse(text) as OutboxEntry[]).map((e) => e.id);
}

const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.id);

/**
 * The real localStorage, except that while `full` is set every write throws the
 * QuotaExceededError a full (or, in some private modes, disabled) storage throws.
 */
function fillableStorage(): Storage & { full: boolean; unreadable: boolean } {
  const faults = { full: false, unreadable: false };
  const refuse = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  return Object.assign(faults, {
    get length() {
      return localStorage.length;
    },
    key: (index: number) => localStorage.key(index),
    clear: () => (faults.full ? refuse() : localStorage.clear()),
    getItem: (name: string) => {
      if (faults.unreadable) throw new DOMException('Access is denied for this document.', 'SecurityError');
      return localStorage.getItem(name);
    },
    setItem: (name: string, value: string) => (faults.full ? refuse() : localStorage.setItem(name, value)),
    removeItem: (name: string) => (faults.full ? refuse() : localStorage.removeItem(name)),
  });
}

describe('LeadOutbox', () => {
  it('persists at once: a new instance (a reload) finds the entries as they were left', () => {
    const time = clock();
    const outbox = new LeadOutbox({ key, now: time.read });
    const added = outbox.add({ id: 'lead-1', destination: dest, body: '{"email":"ada@example.com"}' });
    expect(added).to.deep.equal({ id: 'lead-1', destination: dest, body: '{"email":"ada@example.com"}', createdAt: time.now, attempts: 0, nextAttemptAt: 0 });
    time.now += 5;
    outbox.add({ id: 'lead-2', destination: dest, body: '{"email":"grace@example.com"}' });
    outbox.postpone('lead-1', time.now + 60_000);
    expect(storedIds()).to.deep.equal(['lead-1', 'lead-2']);

    const reloaded = new LeadOutbox({ key, now: time.read });
    expect(reloaded.pending(dest)).to.deep.equal([
      { ...added, attempts: 1, nextAttemptAt: time.now + 60_000 },
      { id: 'lead-2', destination: dest, body: '{"email":"grace@example.com"}', createdAt: time.now, attempts: 0, nextAttemptAt: 0 },
    ]);
    expect(ids(reloaded.due(dest))).to.deep.equal(['lead-2']);
    reloaded.remove('lead-2');
    reloaded.remove('lead-1');
    // An empty outbox leaves nothing behind.
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('uses localStorage under rapport-lead-outbox by default', () => {
    const before = localStorage.getItem('rapport-lead-outbox');
    try {
      new LeadOutbox().add({ id: 'default-key', destination: 'default-test', body: '{}' });
      expect(JSON.parse(localStorage.getItem('rapport-lead-outbox') ?? '[]').map((e: OutboxEntry) => e.id)).to.include('default-key');
      expect(ids(new LeadOutbox().pending('default-test'))).to.deep.equal(['default-key']);
    } finally {
      new LeadOutbox().remove('default-key');
    }
    expect(localStorage.getItem('rapport-lead-outbox')).to.equal(before);
  });

  it('shares one outbox between instances (tabs): each sees and keeps the other’s changes', () => {
    const a = new LeadOutbox({ key });
    const b = new LeadOutbox({ key });
    a.add({ id: 'from-a', destination: dest, body: '{}' });
    b.add({ id: 'from-b', destination: dest, body: '{}' });
    expect(ids(a.pending(dest))).to.deep.equal(['from-a', 'from-b']);
    b.postpone('from-a', Date.now() + 60_000);
    expect(a.pending(dest)[0]?.attempts).to.equal(1);
    a.remove('from-b');
    expect(ids(b.pending(dest))).to.deep.equal(['from-a']);
    // Adding an id already there changes nothing.
    expect(b.add({ id: 'from-a', destination: dest, body: '{"other":true}' }).attempts).to.equal(1);
    expect(a.pending(dest).map((e) => e.body)).to.deep.equal(['{}']);
  });

  it('ignores a corrupt item, and drops malformed entries while keeping the good ones', () => {
    localStorage.setItem(key, '{"not": json');
    const outbox = new LeadOutbox({ key });
    expect(outbox.pending(dest)).to.deep.equal([]);
    outbox.add({ id: 'fresh', destination: dest, body: '{}' });
    expect(storedIds()).to.deep.equal(['fresh']);

    const good = { id: 'good', destination: dest, body: '{}', createdAt: Date.now() - 1000, attempts: 2, nextAttemptAt: 0 };
    const malformed = [
      null,
      'lead',
      42,
      [],
      { ...good, id: '' },
      { ...good, id: 7 },
      { ...good, body: { email: 'x' } },
      { ...good, destination: undefined },
      { ...good, createdAt: 'yesterday' },
      { ...good, attempts: -1 },
      { ...good, attempts: 1.5 },
      { ...good, nextAttemptAt: null },
      { ...good, body: 'duplicate id' },
    ];
    localStorage.setItem(key, JSON.stringify([good, ...malformed]));
    expect(outbox.pending(dest)).to.deep.equal([good]);
    for (const text of ['{"an":"object"}', 'null', '"text"', '']) {
      localStorage.setItem(key, text);
      expect(outbox.pending(dest), text).to.deep.equal([]);
    }
  });

  it('keeps entries in memory while storage is full, and writes them once it can again', () => {
    const storage = fillableStorage();
    const outbox = new LeadOutbox({ storage, key });
    outbox.add({ id: 'saved-1', destination: dest, body: '{}' });
    outbox.add({ id: 'saved-2', destination: dest, body: '{}' });

    storage.full = true;
    expect(outbox.add({ id: 'unsaved', destination: dest, body: '{"n":3}' }).id).to.equal('unsaved');
    outbox.remove('saved-1');
    outbox.postpone('saved-2', Date.now() + 60_000);
    expect(ids(outbox.pending(dest))).to.deep.equal(['saved-2', 'unsaved']);
    expect(outbox.pending(dest)[0]?.attempts).to.equal(1);
    // Another tab still sees what storage holds.
    expect(ids(new LeadOutbox({ key }).pending(dest))).to.deep.equal(['saved-1', 'saved-2']);

    storage.full = false;
    expect(ids(outbox.pending(dest))).to.deep.equal(['saved-2', 'unsaved']);
    const reloaded = new LeadOutbox({ key });
    expect(ids(reloaded.pending(dest))).to.deep.equal(['saved-2', 'unsaved']);
    expect(reloaded.pending(dest)[0]?.attempts).to.equal(1);
  });

  it('does not write over storage it could not read', () => {
    const storage = fillableStorage();
    const outbox = new LeadOutbox({ storage, key });
    new LeadOutbox({ key }).add({ id: 'other-tab', destination: dest, body: '{}' });
    storage.unreadable = true;
    outbox.add({ id: 'this-tab', destination: dest, body: '{}' });
    expect(ids(outbox.pending(dest))).to.deep.equal(['this-tab']);
    expect(storedIds()).to.deep.equal(['other-tab']);
    storage.unreadable = false;
    expect(ids(outbox.pending(dest))).to.deep.equal(['other-tab', 'this-tab']);
    expect(storedIds()).to.deep.equal(['other-tab', 'this-tab']);
  });

  it('works in memory when reading window.localStorage throws (storage blocked)', () => {
    const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
    const real = window.localStorage;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    try {
      expect(() => window.localStorage).to.throw(DOMException);
      const outbox = new LeadOutbox({ key });
      outbox.add({ id: 'blocked', destination: dest, body: '{}' });
      outbox.postpone('blocked', 5);
      expect(outbox.pending(dest).map((e) => [e.id, e.attempts])).to.deep.equal([['blocked', 1]]);
      outbox.remove('blocked');
      expect(outbox.pending(dest)).to.deep.equal([]);
    } finally {
      if (own) Object.defineProperty(window, 'localStorage', own);
      else delete (window as { localStorage?: Storage }).localStorage;
    }
    expect(window.localStorage).to.equal(real);
    expect(real.getItem(key)).to.equal(null);
  });

  it('keeps entries in memory only with storage: null', () => {
    const outbox = new LeadOutbox({ storage: null, key });
    outbox.add({ id: 'memory', destination: dest, body: '{}' });
    expect(ids(outbox.pending(dest))).to.deep.equal(['memory']);
    expect(localStorage.getItem(key)).to.equal(null);
    expect(new LeadOutbox({ storage: null, key }).pending(dest)).to.deep.equal([]);
  });

  it('forgets entries older than maxAgeMs (7 days by default)', () => {
    const time = clock();
    const outbox = new LeadOutbox({ key, now: time.read });
    outbox.add({ id: 'old', destination: dest, body: '{}' });
    time.now += 2 * day;
    outbox.add({ id: 'newer', destination: 'elsewhere', body: '{}' });
    time.now += 5 * day;
    expect(ids(outbox.pending(dest))).to.deep.equal(['old']);
    time.now += 1;
    expect(outbox.pending(dest)).to.deep.equal([]);
    // Forgotten for good, whichever destination was asked for.
    expect(storedIds()).to.deep.equal(['newer']);

    const short = new LeadOutbox({ key, now: time.read, maxAgeMs: 1000 });
    expect(ids(short.pending('elsewhere'))).to.deep.equal([]);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('keeps at most the 50 newest entries per destination', () => {
    const time = clock();
    const outbox = new LeadOutbox({ key, now: time.read });
    for (let i = 1; i <= 3; i++) outbox.add({ id: `other-${i}`, destination: 'elsewhere', body: '{}' });
    for (let i = 1; i <= 55; i++) {
      time.now += 1;
      outbox.add({ id: `lead-${i}`, destination: dest, body: '{}' });
    }
    expect(ids(outbox.pending(dest))).to.deep.equal(Array.from({ length: 50 }, (_, i) => `lead-${i + 6}`));
    expect(ids(outbox.pending('elsewhere'))).to.deep.equal(['other-1', 'other-2', 'other-3']);
    expect(storedIds()).to.have.length(53);
  });

  it('lists due entries only once their time has come, and counts failed attempts', () => {
    const time = clock();
    const outbox = new LeadOutbox({ key, now: time.read });
    outbox.add({ id: 'a', destination: dest, body: '{}' });
    outbox.postpone('a', time.now + 2000);
    outbox.postpone('unknown', time.now);
    expect(outbox.due(dest)).to.deep.equal([]);
    time.now += 2000;
    expect(outbox.due(dest).map((e) => [e.id, e.attempts])).to.deep.equal([['a', 1]]);
    expect(outbox.now()).to.equal(time.now);
  });

  it('matches a simple model under any sequence of operations, reloads and storage failures', () => {
    const entryId = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const destination = fc.constantFrom('one', 'two');
    const command = fc.oneof(
      fc.record({ op: fc.constant('add' as const), id: entryId, destination, body: fc.string({ maxLength: 20 }) }),
      fc.record({ op: fc.constant('postpone' as const), id: entryId, at: fc.nat() }),
      fc.record({ op: fc.constant('remove' as const), id: entryId }),
      fc.record({ op: fc.constant('reload' as const) }),
      fc.record({ op: fc.constant('full' as const), full: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        localStorage.removeItem(key);
        const time = clock();
        const storage = fillableStorage();
        let outbox = new LeadOutbox({ storage, key, now: time.read });
        const model = new Map<string, OutboxEntry>();
        for (const command of commands) {
          time.now += 1;
          switch (command.op) {
            case 'add':
              if (!model.has(command.id)) model.set(command.id, { id: command.id, destination: command.destination, body: command.body, createdAt: time.now, attempts: 0, nextAttemptAt: 0 });
              outbox.add(command);
              break;
            case 'postpone': {
              const entry = model.get(command.id);
              if (entry) model.set(command.id, { ...entry, attempts: entry.attempts + 1, nextAttemptAt: command.at });
              outbox.postpone(command.id, command.at);
              break;
            }
            case 'remove':
              model.delete(command.id);
              outbox.remove(command.id);
              break;
            case 'reload':
              // A page holding unsaved entries loses them when it goes; while it can write, it loses nothing.
              if (storage.full) break;
              outbox = new LeadOutbox({ storage, key, now: time.read });
              break;
            case 'full':
              storage.full = command.full;
              break;
          }
          for (const d of ['one', 'two']) {
            expect(outbox.pending(d)).to.deep.equal([...model.values()].filter((e) => e.destination === d));
          }
        }
        localStorage.removeItem(key);
      }),
      { numRuns: 200 },
    );
  });
});
