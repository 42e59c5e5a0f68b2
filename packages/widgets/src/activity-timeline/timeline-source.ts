import type { Change, Crm, Interaction, InteractionType, TimelineQuery } from '@rapport/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoadState } from '../internal/watch-controller.js';

/** Whose timeline: exactly one of a contact, a company or a deal. */
export type TimelineLink = { readonly contactId: string } | { readonly companyId: string } | { readonly dealId: string };

/** What the controller reads from its host before each update. */
export interface TimelineSource {
  readonly crm: Crm | undefined;
  readonly link: TimelineLink | undefined;
  /** Only these kinds of entry; `undefined` means all, an empty list means none. */
  readonly types: readonly InteractionType[] | undefined;
}

/** The first page is small, so the first render is quick; later pages are larger, so scrolling far asks less often. */
export const firstPageSize = 50;
export const nextPageSize = 250;

/** Newest first; ties by id, newest first, as `crm.interactions.list` orders them. */
function compareEntries(a: Interaction, b: Interaction): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt > b.occurredAt ? -1 : 1;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

/**
 * Keeps a timeline's entries, newest first: the first page of `crm.interactions.list` when the
 * link or filter changes, further pages on `loadMore()` (keyset paging), and every committed write
 * to a loaded entry, or to a new entry newer than the oldest loaded, from `crm.storage.changes`.
 *
 * Why the change feed rather than `crm.watch` on the newest page: a watch re-reads one page and
 * cannot tell an entry deleted from one pushed off the page, nor see a task completed 3,000
 * entries down. The feed names each record written (in this tab, another tab or from the
 * server), so each loaded entry stays current without re-reading anything.
 */
export class TimelineController implements ReactiveController {
  /** Where the first page is. */
  state: LoadState = 'initial';
  /** Why the first page failed, in the `error` state. */
  error: unknown = undefined;
  /** Whether older entries remain to load. */
  hasMore = false;
  /** Whether a further page is being read. */
  loadingMore = false;
  /** Why the last further page failed; `loadMore()` tries again. */
  moreError: unknown = undefined;
  /** Goes up on every change to `entries`. */
  revision = 0;

  private list: Interaction[] = [];
  private readonly byId = new Map<string, Interaction>();
  // Ids deleted while this timeline was open: a page read before the delete must not bring them back.
  private readonly removed = new Set<string>();
  private cursor: string | undefined;
  private crmSeen: Crm | undefined;
  private key: string | undefined;
  private abort: AbortController | undefined;
  private stopChanges: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => TimelineSource,
  ) {
    host.addController(this);
  }

  /** The loaded entries, newest first. Read-only: replaced, never changed in place, on each revision. */
  get entries(): readonly Interaction[] {
    return this.list;
  }

  hostUpdate(): void {
    const { crm, link, types } = this.source();
    const key = crm && link ? JSON.stringify([link, types ?? null]) : undefined;
    if (crm === this.crmSeen && key === this.key) return;
    this.reset();
    this.crmSeen = crm;
    this.key = key;
    if (!crm || !link) {
      this.state = 'initial';
      return;
    }
    if (types && types.length === 0) {
      this.state = 'empty';
      return;
    }
    this.state = 'loading';
    this.stopChanges = crm.storage.changes((changes) => this.apply(changes));
    void this.read(crm, link, types, firstPageSize);
  }

  hostConnected(): void {
    if (!this.stopChanges) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    // Nothing held while away; reconnecting reads the first page again.
    this.reset();
    this.crmSeen = undefined;
    this.key = undefined;
  }

  /** Reads the next older page, unless one is being read or none is left. */
  loadMore(): void {
    const { crm, link, types } = this.source();
    if (!crm || !link || !this.hasMore || this.loadingMore || this.state !== 'complete') return;
    this.loadingMore = true;
    this.moreError = undefined;
    this.host.requestUpdate();
    void this.read(crm, link, types, nextPageSize);
  }

  /** Reads the first page again (after an error, say). */
  retry(): void {
    this.crmSeen = undefined;
    this.key = undefined;
    this.host.requestUpdate();
  }

  /** Takes in a record this element just wrote (the change feed will report it too; the newer version wins). */
  upsert(record: Interaction): void {
    if (this.put(record)) this.changed();
  }

  private async read(crm: Crm, link: TimelineLink, types: readonly InteractionType[] | undefined, limit: number): Promise<void> {
    const abort = (this.abort ??= new AbortController());
    const query: TimelineQuery = { ...link, limit, ...(types ? { types: [...types] } : {}), ...(this.cursor ? { cursor: this.cursor } : {}) };
    const first = this.state === 'loading';
    try {
      const page = await crm.interactions.list(query, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.append(page.items);
      this.cursor = page.nextCursor;
      this.hasMore = page.nextCursor !== undefined;
      this.state = this.list.length ? 'complete' : this.hasMore ? 'complete' : 'empty';
    } catch (error) {
      if (abort.signal.aborted) return;
      if (first) {
        this.state = 'error';
        this.error = error;
      } else this.moreError = error;
    } finally {
      if (!abort.signal.aborted) {
        this.loadingMore = false;
        this.changed();
      }
    }
  }

  /** Adds a page of older entries: appended in the usual case, sorted in when a live write got there first. */
  private append(items: readonly Interaction[]): void {
    const next = this.list.slice();
    for (const item of items) {
      if (this.removed.has(item.id)) continue;
      const existing = this.byId.get(item.id);
      if (existing) {
        if (existing.version >= item.version) continue;
        next.splice(next.indexOf(existing), 1);
      }
      this.byId.set(item.id, item);
      const last = next[next.length - 1];
      if (!last || compareEntries(last, item) < 0) next.push(item);
      else next.splice(this.position(next, item), 0, item);
    }
    this.list = next;
  }

  private apply(changes: readonly Change[]): void {
    let changed = false;
    for (const change of changes) {
      if (change.collection !== 'interactions') continue;
      if (change.type === 'delete') {
        this.removed.add(change.id);
        changed = this.remove(change.id) || changed;
      } else changed = this.put(change.record as Interaction) || changed;
    }
    if (changed) this.changed();
  }

  /** Applies a written record: replaced, moved, added or dropped as it now matches. Returns whether anything changed. */
  private put(record: Interaction): boolean {
    const existing = this.byId.get(record.id);
    if (existing && existing.version > record.version) return false;
    if (existing === record) return false;
    const matches = this.matches(record);
    // A new entry older than the oldest loaded one arrives with its page, in order.
    const oldest = this.list[this.list.length - 1];
    const inRange = !this.hasMore || this.state === 'loading' || (oldest !== undefined && compareEntries(record, oldest) < 0);
    if (!existing && (!matches || !inRange)) return false;
    const next = this.list.slice();
    if (existing) {
      next.splice(next.indexOf(existing), 1);
      this.byId.delete(record.id);
    }
    if (matches) {
      this.removed.delete(record.id);
      next.splice(this.position(next, record), 0, record);
      this.byId.set(record.id, record);
    }
    this.list = next;
    if (this.state === 'empty' && next.length) this.state = 'complete';
    if (this.state === 'complete' && !next.length && !this.hasMore) this.state = 'empty';
    return true;
  }

  private remove(id: string): boolean {
    const existing = this.byId.get(id);
    if (!existing) return false;
    this.byId.delete(id);
    this.list = this.list.filter((entry) => entry !== existing);
    if (this.state === 'complete' && !this.list.length && !this.hasMore) this.state = 'empty';
    return true;
  }

  private matches(record: Interaction): boolean {
    const { link, types } = this.source();
    if (!link) return false;
    const linked =
      'contactId' in link ? record.contactId === link.contactId : 'companyId' in link ? record.companyId === link.companyId : record.dealId === link.dealId;
    return linked && (!types || types.includes(record.type));
  }

  /** Where `entry` goes in the sorted `list` (binary search). */
  private position(list: readonly Interaction[], entry: Interaction): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareEntries(list[mid] as Interaction, entry) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private changed(): void {
    this.revision++;
    this.host.requestUpdate();
  }

  private reset(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.stopChanges?.();
    this.stopChanges = undefined;
    this.list = [];
    this.byId.clear();
    this.removed.clear();
    this.cursor = undefined;
    this.hasMore = false;
    this.loadingMore = false;
    this.moreError = undefined;
    this.error = undefined;
    this.revision++;
  }
}
