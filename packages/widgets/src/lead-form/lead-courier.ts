/**
 * The courier: sends an outbox's due entries one at a time and files each outcome, so that a
 * lead leaves the outbox only once it is delivered or definitively refused.
 */
import type { SendOutcome } from './lead-endpoint.js';
import type { LeadOutbox, OutboxEntry } from './lead-outbox.js';

/** One delivery attempt of an entry: `sendToEndpoint` or `sendToCrm` bound to their destination. */
export type Send = (entry: OutboxEntry) => Promise<SendOutcome>;

const backoffBaseMs = 2000;
const backoffCapMs = 5 * 60 * 1000;
// Below this a retry is only load on a server that just failed (or a busy loop on `Retry-After: 0`).
const minDelayMs = 1000;
// How long to leave another tab that is flushing the same destination before looking again.
const lockedDelayMs = 2000;

/**
 * Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempts)] ms, with base
 * 2 s and cap 5 minutes; never below 1 s.
 *
 * @param attempts failed attempts so far (0 before the first retry).
 * @param random a source of numbers in [0, 1) (default `Math.random`).
 * @example
 * outbox.postpone(entry.id, outbox.now() + backoffMs(entry.attempts));
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Number.isFinite(attempts) && attempts > 0 ? attempts : 0;
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** exponent);
  return Math.max(minDelayMs, Math.floor(random() * ceiling));
}

/** What a running flush's next pass uses; a call joining it updates this. */
interface FlushState {
  send: Send;
  onOutcome: (entry: OutboxEntry, outcome: SendOutcome) => void;
  /** Whether a call came in during the current pass, so one more is due. */
  again: boolean;
}

// The flush running per outbox and destination, so that a page never sends one entry twice at once.
const running = new WeakMap<LeadOutbox, Map<string, { state: FlushState; done: Promise<number | undefined> }>>();

/**
 * Sends every due entry of `destination`, oldest first, one at a time. delivered/refused →
 * removed from the outbox; retry → postponed by `retryAfterMs` or by `backoffMs(attempts)` (at
 * least 1 s either way). Calls `onOutcome` for each. A send that throws is treated as retry.
 * The pass stops at the first retry caused by a network failure (a retry without an HTTP
 * status, other than a crm `conflict`, which is about that lead alone): the rest would fail the
 * same way, so the return value is then no earlier than that entry's next attempt.
 *
 * Concurrent calls for the same outbox and destination join the flush already running, and make
 * it run one more pass (with the latest call's `send` and `onOutcome`) so that entries added
 * meanwhile go out too. Where Web Locks exist, a tab that finds another tab flushing the same
 * destination skips its pass. Without them two tabs may both send an entry; the server's
 * Idempotency-Key still stores it once.
 *
 * @returns when anything of `destination` is due next (ms since the epoch, on the outbox's
 *   clock), or `undefined` when nothing is left.
 * @example
 * const next = await flushOutbox(outbox, destination, (entry) => sendToEndpoint(entry, endpoint, key), show);
 * if (next !== undefined) setTimeout(flushAgain, next - Date.now());
 */
export function flushOutbox(outbox: LeadOutbox, destination: string, send: Send, onOutcome: (entry: OutboxEntry, outcome: SendOutcome) => void): Promise<number | undefined> {
  let flushes = running.get(outbox);
  if (!flushes) running.set(outbox, (flushes = new Map()));
  const current = flushes.get(destination);
  if (current) {
    Object.assign(current.state, { send, onOutcome, again: true });
    return current.done;
  }
  const state: FlushState = { send, onOutcome, again: false };
  const map = flushes;
  const done = (async () => {
    let next: number | undefined;
    do {
      state.again = false;
      next = await lockedPass(outbox, destination, state);
    } while (state.again);
    return next;
  })().finally(() => map.delete(destination));
  map.set(destination, { state, done });
  return done;
}

/** The subset of the Web Locks API used here (absent in Node and older browsers). */
interface Locks {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

function webLocks(): Locks | undefined {
  const locks = (globalThis as { navigator?: { locks?: Partial<Locks> } }).navigator?.locks;
  return typeof locks?.request === 'function' ? (locks as Locks) : undefined;
}

async function lockedPass(outbox: LeadOutbox, destination: string, flush: FlushState): Promise<number | undefined> {
  const locks = webLocks();
  if (!locks) return pass(outbox, destination, flush);
  return locks.request(`rapport-lead-outbox:${destination}`, { ifAvailable: true }, async (lock) =>
    // Another tab is sending these entries: look again once it has had time to.
    lock ? pass(outbox, destination, flush) : nextDue(outbox, destination, outbox.now() + lockedDelayMs),
  );
}

async function pass(outbox: LeadOutbox, destination: string, flush: FlushState): Promise<number | undefined> {
  let notBefore: number | undefined;
  for (const entry of outbox.due(destination)) {
    // Another tab (without Web Locks) may have sent or postponed it since the pass began.
    if (!outbox.due(destination).some((e) => e.id === entry.id)) continue;
    let outcome: SendOutcome;
    try {
      outcome = await flush.send(entry);
    } catch (error) {
      const title = error instanceof Error && error.message ? error.message : 'The lead could not be sent';
      outcome = { kind: 'retry', problem: { status: 0, code: 'network', title, issues: [] } };
    }
    if (outcome.kind === 'retry') {
      const retryAt = outbox.now() + Math.max(minDelayMs, outcome.retryAfterMs ?? backoffMs(entry.attempts));
      outbox.postpone(entry.id, retryAt);
      // The others are left due, but trying them before this one may go again would be in vain.
      if (isNetworkFailure(outcome)) notBefore = retryAt;
    } else {
      outbox.remove(entry.id);
    }
    report(flush.onOutcome, entry, outcome);
    if (notBefore !== undefined) break;
  }
  return nextDue(outbox, destination, notBefore);
}

/** Whether a retry came without any answer (network failure, timeout, unreachable store): the next entry would fare no better. */
function isNetworkFailure(outcome: SendOutcome): boolean {
  return outcome.kind === 'retry' && (outcome.problem === undefined || (outcome.problem.status === 0 && outcome.problem.code !== 'conflict'));
}

/** The earliest `nextAttemptAt` of the destination's entries (not before now, nor `notBefore`); `undefined` when none. */
function nextDue(outbox: LeadOutbox, destination: string, notBefore = 0): number | undefined {
  const pending = outbox.pending(destination);
  if (pending.length === 0) return undefined;
  return Math.max(notBefore, outbox.now(), Math.min(...pending.map((e) => e.nextAttemptAt)));
}

/** Calls the caller's callback; a throw there is reported, never allowed to stop the delivery of the others. */
function report(onOutcome: (entry: OutboxEntry, outcome: SendOutcome) => void, entry: OutboxEntry, outcome: SendOutcome): void {
  try {
    onOutcome(entry, outcome);
  } catch (error) {
    // As an event listener's error would be: to window.onerror and the console (reportError),
    // or as an uncaught exception where the platform has no reportError.
    const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
    if (reportError) reportError(error);
    else
      setTimeout(() => {
        throw error;
      });
  }
}
