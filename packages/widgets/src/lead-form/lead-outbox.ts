/**
 * The lead form's outbox: every submission is written here before its first attempt and stays
 * until it is delivered or definitively refused, so that a network failure, a closed tab or a
 * reload never loses it. Kept in one localStorage item shared by the site's tabs; when storage
 * cannot be used, in memory for the life of the page.
 */

/** One submission waiting to be delivered. */
export interface OutboxEntry {
  /** A UUIDv7, sent as the `Idempotency-Key` so that the server stores the lead once however often it is sent. */
  readonly id: string;
  /** Which endpoint and form key, or which crm, it goes to: an opaque string chosen by the form. */
  readonly destination: string;
  /** The exact JSON text to send, byte for byte the same on every retry (the server hashes it). */
  readonly body: string;
  /** When it was added, in ms since the epoch. */
  readonly createdAt: number;
  /** How many attempts have failed so far. */
  readonly attempts: number;
  /** When it may be sent again, in ms since the epoch; 0 means now. */
  readonly nextAttemptAt: number;
}

/** How a {@link LeadOutbox} keeps its entries. */
export interface LeadOutboxOptions {
  /** Where entries persist (default: `localStorage` when the page may use it); `null` keeps them in memory only. */
  storage?: Storage | null;
  /** The storage item's key (default `rapport-lead-outbox`). */
  key?: string;
  /** How long an undelivered entry is kept, in ms (default 7 days). */
  maxAgeMs?: number;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now?: () => number;
}

const defaultKey = 'rapport-lead-outbox';
const defaultMaxAgeMs = 7 * 24 * 60 * 60 * 1000;
// Enough for any person's backlog; a bot looping on the form cannot fill the site's storage.
const maxPerDestination = 50;

/**
 * The page's localStorage, or `undefined` where reading the property itself throws (a
 * SecurityError in sandboxed frames and with storage blocked) or there is none (Node, workers).
 */
function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The entry when `value` is a well-formed one; anything else another script or version wrote is dropped. */
function entryOf(value: unknown): OutboxEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, destination, body, createdAt, attempts, nextAttemptAt } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof destination !== 'string' || typeof body !== 'string') return undefined;
  if (!Number.isFinite(createdAt) || !Number.isFinite(nextAttemptAt) || !Number.isInteger(attempts) || (attempts as number) < 0) return undefined;
  return { id, destination, body, createdAt: createdAt as number, attempts: attempts as number, nextAttemptAt: nextAttemptAt as number };
}

function sameEntry(a: OutboxEntry, b: OutboxEntry | undefined): boolean {
  return (
    b !== undefined &&
    a.id === b.id &&
    a.destination === b.destination &&
    a.body === b.body &&
    a.createdAt === b.createdAt &&
    a.attempts === b.attempts &&
    a.nextAttemptAt === b.nextAttemptAt
  );
}

/**
 * Submissions waiting to be delivered, persisted at once. Every call re-reads the storage item
 * (other tabs of the site share it) and writes it back. No method throws: when storage is
 * missing, blocked or full, the entries live in memory for this page (and are written out as
 * soon as a later write succeeds); a corrupt item or malformed entries in it are ignored.
 *
 * @example
 * const outbox = new LeadOutbox();
 * outbox.add({ id: uuidv7(), destination, body });
 * for (const entry of outbox.due(destination)) send(entry);
 */
export class LeadOutbox {
  readonly #storage: Storage | undefined;
  readonly #key: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  /**
   * What this page changed but could not write: an entry's latest state, or `null` for one it
   * removed. Laid over what storage holds on every read; emptied once a write succeeds. With no
   * storage at all, this is the whole outbox.
   */
  #unsaved = new Map<string, OutboxEntry | null>();

  constructor(options: LeadOutboxOptions = {}) {
    this.#storage = options.storage === null ? undefined : (options.storage ?? defaultStorage());
    this.#key = options.key ?? defaultKey;
    this.#maxAgeMs = options.maxAgeMs ?? defaultMaxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** The outbox's clock, in ms since the epoch: what `due` compares `nextAttemptAt` with. */
  now(): number {
    return this.#now();
  }

  /**
   * Adds a submission (due at once, no attempts yet) and persists it before returning. Adding an
   * id already present changes nothing and returns the entry as it is.
   */
  add(entry: { id: string; destination: string; body: string }): OutboxEntry {
    const added: OutboxEntry = { id: entry.id, destination: entry.destination, body: entry.body, createdAt: this.#now(), attempts: 0, nextAttemptAt: 0 };
    let result = added;
    this.#update((entries) => {
      const existing = entries.find((e) => e.id === added.id);
      if (existing) {
        result = existing;
        return entries;
      }
      return [...entries, added];
    });
    return result;
  }

  /** The entries waiting for `destination`, oldest first; entries older than `maxAgeMs` are dropped for good. */
  pending(destination: string): OutboxEntry[] {
    return this.#update().filter((e) => e.destination === destination);
  }

  /** The pending entries of `destination` that may be sent now (`nextAttemptAt` has passed), oldest first. */
  due(destination: string): OutboxEntry[] {
    const now = this.#now();
    return this.pending(destination).filter((e) => e.nextAttemptAt <= now);
  }

  /** Records a failed attempt: one more attempt, not to be sent before `nextAttemptAt`. An unknown id is ignored. */
  postpone(id: string, nextAttemptAt: number): void {
    this.#update((entries) => entries.map((e) => (e.id === id ? { ...e, attempts: e.attempts + 1, nextAttemptAt } : e)));
  }

  /** Forgets an entry: it was delivered or refused. An unknown id is ignored. */
  remove(id: string): void {
    this.#update((entries) => entries.filter((e) => e.id !== id));
  }

  /** Reads, applies `change`, drops expired and surplus entries, writes back; returns the result. */
  #update(change?: (entries: OutboxEntry[]) => OutboxEntry[]): OutboxEntry[] {
    const stored = this.#read();
    const merged = (stored?.entries ?? []).filter((e) => !this.#unsaved.has(e.id));
    for (const entry of this.#unsaved.values()) if (entry) merged.push(entry);
    const entries = this.#tidy(change ? change(this.#tidy(merged)) : merged);
    const text = JSON.stringify(entries);
    if (stored !== undefined && (text === stored.text || this.#write(entries.length ? text : undefined))) {
      this.#unsaved.clear();
    } else {
      this.#remember(entries, stored?.entries);
    }
    return entries;
  }

  /** Oldest first, none expired, at most `maxPerDestination` (the newest) per destination. */
  #tidy(entries: OutboxEntry[]): OutboxEntry[] {
    const oldest = this.#now() - this.#maxAgeMs;
    // A stable sort: entries of the same millisecond keep the order they were added in.
    const fresh = entries.filter((e) => e.createdAt >= oldest).sort((a, b) => a.createdAt - b.createdAt);
    const left = new Map<string, number>();
    for (const e of fresh) left.set(e.destination, (left.get(e.destination) ?? 0) + 1);
    return fresh.filter((e) => {
      const count = left.get(e.destination) ?? 0;
      left.set(e.destination, count - 1);
      return count <= maxPerDestination;
    });
  }

  /**
   * After a failed write: keep in memory what differs from storage, so the next read shows this
   * page's outbox as it should be (entries from other tabs stay theirs to change).
   */
  #remember(entries: readonly OutboxEntry[], stored: readonly OutboxEntry[] | undefined): void {
    const previous = this.#unsaved;
    this.#unsaved = new Map();
    const storedById = new Map((stored ?? []).map((e) => [e.id, e]));
    for (const entry of entries) {
      // Storage unreadable: nothing is known to be saved, so everything stays in memory.
      if (stored === undefined || !sameEntry(entry, storedById.get(entry.id))) this.#unsaved.set(entry.id, entry);
    }
    // Tombstones only matter where storage may still hold the entry.
    if (this.#storage === undefined) return;
    const kept = new Set(entries.map((e) => e.id));
    for (const id of [...storedById.keys(), ...previous.keys()]) if (!kept.has(id)) this.#unsaved.set(id, null);
  }

  /** The stored entries and the item's text (`''` when absent), or `undefined` when storage cannot be read. */
  #read(): { entries: OutboxEntry[]; text: string } | undefined {
    if (!this.#storage) return undefined;
    let text: string | null;
    try {
      text = this.#storage.getItem(this.#key);
    } catch {
      return undefined;
    }
    if (text === null) return { entries: [], text: '[]' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { entries: [], text };
    }
    const entries: OutboxEntry[] = [];
    const seen = new Set<string>();
    for (const value of Array.isArray(parsed) ? parsed : []) {
      const entry = entryOf(value);
      if (entry && !seen.has(entry.id)) {
        seen.add(entry.id);
        entries.push(entry);
      }
    }
    return { entries, text };
  }

  /** Writes the item (removes it when `text` is undefined); `false` when storage refused (blocked, over quota). */
  #write(text: string | undefined): boolean {
    try {
      if (text === undefined) this.#storage?.removeItem(this.#key);
      else this.#storage?.setItem(this.#key, text);
      return this.#storage !== undefined;
    } catch {
      return false;
    }
  }
}
