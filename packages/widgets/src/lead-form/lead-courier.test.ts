import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffMs, flushOutbox, type Send } from './lead-courier.js';
import type { LeadProblem, SendOutcome } from './lead-endpoint.js';
import { LeadOutbox, type OutboxEntry } from './lead-outbox.js';

const destination = 'https://crm.example.com fk_test';
const start = Date.UTC(2026, 4, 1, 8, 0, 0);

/** A memory outbox on a clock the test moves. */
function setup(): { outbox: LeadOutbox; clock: { now: number } } {
  const clock = { now: start };
  return { outbox: new LeadOutbox({ storage: null, now: () => clock.now }), clock };
}

/** Adds entries `lead-1`…`lead-n`, one millisecond apart so their order is known. */
function addLeads(outbox: LeadOutbox, clock: { now: number }, n: number, dest = destination): string[] {
  return Array.from({ length: n }, (_, i) => {
    clock.now += 1;
    return outbox.add({ id: `lead-${i + 1}`, destination: dest, body: `{"email":"lead${i + 1}@example.com"}` }).id;
  });
}

const delivered = (id: string): SendOutcome => ({ kind: 'delivered', result: { contactId: `contact-of-${id}`, created: true, interactionId: `interaction-of-${id}`, replayed: false } });
const problem = (status: number, code: string): LeadProblem => ({ status, code, title: code, issues: [] });
const refused: SendOutcome = { kind: 'refused', problem: problem(422, 'validation') };
const serverBusy: SendOutcome = { kind: 'retry', problem: problem(503, 'unavailable') };
const offline: SendOutcome = { kind: 'retry', problem: problem(0, 'network') };

/** A send answering from a table by entry id, and recording which ids it was called with. */
function scripted(outcomes: Record<string, SendOutcome>): Send & { calls: string[] } {
  const calls: string[] = [];
  const send = async (entry: OutboxEntry) => {
    calls.push(entry.id);
    const outcome = outcomes[entry.id];
    if (!outcome) throw new Error(`no outcome scripted for ${entry.id}`);
    return outcome;
  };
  return Object.assign(send, { calls });
}

const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.id);

describe('backoffMs', () => {
  it('draws from [0, 2 s · 2^attempts], capped at 5 minutes, never below 1 s', () => {
    assert.equal(backoffMs(0, () => 0.999_999), 1999);
    assert.equal(backoffMs(3, () => 0.5), 8000);
    assert.equal(backoffMs(0, () => 0), 1000);
    assert.equal(backoffMs(20, () => 0.999_999), 299_999);
    assert.equal(backoffMs(Number.NaN, () => 0.999_999), 1999);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, r) => {
        const ms = backoffMs(attempts, () => r);
        return Number.isInteger(ms) && ms >= 1000 && ms <= Math.max(1000, Math.min(300_000, 2000 * 2 ** attempts));
      }),
    );
  });

  it('grows with the attempts on average', () => {
    const mean = (attempts: number) => {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += backoffMs(attempts);
      return sum / 2000;
    };
    assert.ok(mean(4) > 2 * mean(1), 'backoff does not grow');
  });
});

describe('flushOutbox', () => {
  it('removes delivered and refused entries, reports each outcome, and returns undefined once empty', async () => {
    const { outbox, clock } = setup();
    const [a, b] = addLeads(outbox, clock, 2) as [string, string];
    const send = scripted({ [a]: delivered(a), [b]: refused });
    const seen: [string, string][] = [];
    const next = await flushOutbox(outbox, destination, send, (entry, outcome) => seen.push([entry.id, outcome.kind]));
    assert.equal(next, undefined);
    assert.deepEqual(seen, [
      [a, 'delivered'],
      [b, 'refused'],
    ]);
    assert.deepEqual(outbox.pending(destination), []);
  });

  it('sends oldest first and only the destination asked for', async () => {
    const { outbox, clock } = setup();
    const other = addLeads(outbox, clock, 1, 'elsewhere');
    const mine = ['c', 'a', 'b'].map((id) => {
      clock.now += 1;
      return outbox.add({ id, destination, body: '{}' }).id;
    });
    const send = scripted(Object.fromEntries(mine.map((id) => [id, delivered(id)])));
    await flushOutbox(outbox, destination, send, () => {});
    assert.deepEqual(send.calls, ['c', 'a', 'b']);
    assert.deepEqual(ids(outbox.pending('elsewhere')), other);
  });

  it('postpones a retry with a growing, jittered backoff and sends it again only once due', async () => {
    const { outbox, clock } = setup();
    const [a] = addLeads(outbox, clock, 1) as [string];
    const send = scripted({ [a]: serverBusy });
    const first = await flushOutbox(outbox, destination, send, () => {});
    let [entry] = outbox.pending(destination);
    assert.equal(entry?.attempts, 1);
    assert.ok(entry.nextAttemptAt >= clock.now + 1000 && entry.nextAttemptAt <= clock.now + 2000, String(entry.nextAttemptAt - clock.now));
    assert.equal(first, entry.nextAttemptAt);

    // Not due yet: nothing is sent.
    clock.now = entry.nextAttemptAt - 1;
    assert.equal(await flushOutbox(outbox, destination, send, () => {}), entry.nextAttemptAt);
    assert.equal(send.calls.length, 1);

    clock.now = entry.nextAttemptAt;
    await flushOutbox(outbox, destination, send, () => {});
    [entry] = outbox.pending(destination);
    assert.equal(send.calls.length, 2);
    assert.equal(entry?.attempts, 2);
    assert.ok(entry.nextAttemptAt >= clock.now + 1000 && entry.nextAttemptAt <= clock.now + 4000, String(entry.nextAttemptAt - clock.now));
  });

  it('waits as long as retryAfterMs says, and at least 1 s', async () => {
    const { outbox, clock } = setup();
    const [a, b] = addLeads(outbox, clock, 2) as [string, string];
    const send = scripted({
      [a]: { kind: 'retry', retryAfterMs: 7000, problem: problem(429, 'rate_limited') },
      [b]: { kind: 'retry', retryAfterMs: 0, problem: problem(503, 'unavailable') },
    });
    const next = await flushOutbox(outbox, destination, send, () => {});
    const [ea, eb] = outbox.pending(destination);
    assert.equal(ea?.nextAttemptAt, clock.now + 7000);
    assert.equal(eb?.nextAttemptAt, clock.now + 1000);
    assert.equal(next, clock.now + 1000);
  });

  it('treats a send that throws as a retry and stops the pass, as for a network failure', async () => {
    const { outbox, clock } = setup();
    const [a, b] = addLeads(outbox, clock, 2) as [string, string];
    const seen: SendOutcome[] = [];
    const send = async (entry: OutboxEntry): Promise<SendOutcome> => {
      if (entry.id === a) throw new TypeError('Failed to fetch');
      return delivered(entry.id);
    };
    const next = await flushOutbox(outbox, destination, send, (_, outcome) => seen.push(outcome));
    assert.deepEqual(seen, [{ kind: 'retry', problem: { status: 0, code: 'network', title: 'Failed to fetch', issues: [] } }]);
    const [ea, eb] = outbox.pending(destination);
    assert.equal(ea?.id, a);
    assert.equal(ea.attempts, 1);
    // The second was not tried, and is not due before the first may go again.
    assert.equal(eb?.id, b);
    assert.equal(eb.attempts, 0);
    assert.equal(next, ea.nextAttemptAt);
    assert.ok(next > clock.now);
  });

  it('goes on past an HTTP retry, which is about that entry', async () => {
    const { outbox, clock } = setup();
    const [a, b, c] = addLeads(outbox, clock, 3) as [string, string, string];
    const send = scripted({ [a]: serverBusy, [b]: offline, [c]: delivered(c) });
    await flushOutbox(outbox, destination, send, () => {});
    assert.deepEqual(send.calls, [a, b]);
    assert.deepEqual(ids(outbox.pending(destination)), [a, b, c]);
  });

  it('sends each entry once when flushes overlap, and runs one more pass for an entry added meanwhile', async () => {
    const { outbox, clock } = setup();
    const [a, b] = addLeads(outbox, clock, 2) as [string, string];
    const calls: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const send: Send = async (entry) => {
      calls.push(entry.id);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return delivered(entry.id);
    };
    const first = flushOutbox(outbox, destination, send, () => {});
    const second = flushOutbox(outbox, destination, send, () => {});
    clock.now += 1;
    outbox.add({ id: 'late', destination, body: '{}' });
    const third = flushOutbox(outbox, destination, send, () => {});
    assert.deepEqual(await Promise.all([first, second, third]), [undefined, undefined, undefined]);
    assert.deepEqual(calls, [a, b, 'late']);
    assert.equal(maxInFlight, 1);
    assert.deepEqual(outbox.pending(destination), []);
  });

  it('flushes two destinations independently', async () => {
    const { outbox } = setup();
    outbox.add({ id: 'a', destination: 'one', body: '{}' });
    outbox.add({ id: 'b', destination: 'two', body: '{}' });
    const calls: string[] = [];
    const slow: Send = async (entry) => {
      calls.push(`${entry.destination}:${entry.id}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return delivered(entry.id);
    };
    await Promise.all([flushOutbox(outbox, 'one', slow, () => {}), flushOutbox(outbox, 'two', slow, () => {})]);
    // Both were in flight together: one destination's flush does not hold up the other's.
    assert.deepEqual(calls, ['one:a', 'two:b']);
    assert.deepEqual([...outbox.pending('one'), ...outbox.pending('two')], []);
  });

  it('keeps delivering when onOutcome throws, and reports the error', async () => {
    const { outbox, clock } = setup();
    const [a, b] = addLeads(outbox, clock, 2) as [string, string];
    const send = scripted({ [a]: delivered(a), [b]: delivered(b) });
    // Node 20 has no reportError (browsers do); stand one in to see what reaches it.
    const reported: unknown[] = [];
    const global = globalThis as { reportError?: (error: unknown) => void };
    global.reportError = (error) => reported.push(error);
    try {
      await flushOutbox(outbox, destination, send, () => {
        throw new Error('a bug in the form');
      });
    } finally {
      delete global.reportError;
    }
    assert.deepEqual(send.calls, [a, b]);
    assert.deepEqual(outbox.pending(destination), []);
    assert.deepEqual(
      reported.map((e) => (e as Error).message),
      ['a bug in the form', 'a bug in the form'],
    );
  });

  it('for any outcomes, sends no entry twice at once, delivers each at most once, and keeps exactly the undecided ones', async () => {
    const outcomeKind = fc.constantFrom('delivered', 'refused', 'retry-http', 'retry-network', 'retry-after', 'throw');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(outcomeKind, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 10 }), async (n, script, overlaps) => {
        const { outbox, clock } = setup();
        const leads = addLeads(outbox, clock, n);
        const history = new Map<string, string[]>(leads.map((id) => [id, []]));
        const sending = new Set<string>();
        const queue = [...script];
        const send: Send = async (entry) => {
          assert.ok(!sending.has(entry.id), `${entry.id} sent twice at once`);
          sending.add(entry.id);
          await new Promise((resolve) => setImmediate(resolve));
          sending.delete(entry.id);
          const kind = queue.shift() ?? 'retry-http';
          history.get(entry.id)!.push(kind);
          switch (kind) {
            case 'delivered':
              return delivered(entry.id);
            case 'refused':
              return refused;
            case 'retry-http':
              return serverBusy;
            case 'retry-network':
              return offline;
            case 'retry-after':
              return { kind: 'retry', retryAfterMs: 30_000, problem: problem(429, 'rate_limited') };
            default:
              throw new TypeError('Failed to fetch');
          }
        };
        for (let round = 0; round < 60 && queue.length > 0 && outbox.pending(destination).length > 0; round++) {
          const flushes = Array.from({ length: overlaps[round % overlaps.length]! }, () => flushOutbox(outbox, destination, send, () => {}));
          await Promise.all(flushes);
          // Past any backoff (at most 5 minutes) so that every entry is due again.
          clock.now += 6 * 60_000;
        }
        const left = new Set(ids(outbox.pending(destination)));
        for (const [id, kinds] of history) {
          const decided = kinds.findIndex((k) => k === 'delivered' || k === 'refused');
          // Nothing is sent after it was decided, so it is delivered at most once.
          assert.ok(decided === -1 || decided === kinds.length - 1, `${id}: ${kinds.join(',')}`);
          assert.equal(left.has(id), decided === -1, `${id}: ${kinds.join(',')}`);
          assert.equal(outbox.pending(destination).find((e) => e.id === id)?.attempts ?? kinds.length - 1, decided === -1 ? kinds.length : kinds.length - 1);
        }
      }),
      { numRuns: 150 },
    );
  });
});
