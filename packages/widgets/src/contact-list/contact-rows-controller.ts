import {
  compareValues,
  fieldValue,
  matchesSearch,
  matchesWhere,
  parseQuery,
  searchTokens,
  type Change,
  type Contact,
  type Crm,
  type NormalizedQuery,
  type OrderBy,
  type Where,
} from '@rapport/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoadState } from '../internal/watch-controller.js';
import { ContactPages, type PageFetcher } from './contact-pages.js';

/** What the list shows: search text, filters and order. */
export interface ContactListQuery {
  /** Words that must each start a word of the contact; empty for none. */
  readonly search: string;
  /** Filters, `deletedAt: null` included. */
  readonly where: Where;
  readonly orderBy: { readonly field: string; readonly direction: 'asc' | 'desc' };
}

/** How long a burst of changes from elsewhere is gathered before the list is read again. */
const refreshDelayMs = 150;
/** Rows read ahead of what is on screen, on each side, so that scrolling rarely meets an unread row. */
const readAhead = 150;
/** The most changes of one batch applied row by row; a larger batch reads the list again. */
const maxPatches = 20;

/**
 * Keeps the rows of a contact list: counts them and reads the first page when the query changes,
 * reads more pages as the element asks for rows ({@link want}), and keeps them live. A change
 * from any tab to a loaded contact that stays in place (same sort value, still matching) updates
 * that row at once; anything else (a new, deleted or moved contact) reads the list again after a
 * short pause, keeping the old rows on screen until the new ones cover the same place.
 *
 * `crm.watch` gives one page; a list of 100,000 rows needs many pages and its count, so this
 * listens to `crm.storage.changes` directly.
 */
export class ContactRowsController implements ReactiveController {
  /** Where the list is: nothing to show, first read, no rows, failed, or showing rows. */
  state: LoadState = 'initial';
  /** Why the last read failed, in the `error` state. */
  error: unknown = undefined;

  private pages: ContactPages | undefined;
  private crmSeen: Crm | undefined;
  private key: string | undefined;
  private query: ContactListQuery | undefined;
  private normalized: NormalizedQuery | undefined;
  /** Raised for each new read of the list; results of an older one are dropped. */
  private generation = 0;
  private abort: AbortController | undefined;
  private stopChanges: (() => void) | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  private filling = false;
  private wanted: readonly [number, number] = [0, 0];

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The workspace and query, read before each update; no query means nothing to show. */
    private readonly source: () => { crm: Crm | undefined; query: ContactListQuery | undefined },
  ) {
    host.addController(this);
  }

  /** How many rows the list has (0 until known). */
  get total(): number {
    return this.pages?.total ?? 0;
  }

  /** The row at `index`, or `undefined` while it is not loaded. */
  at(index: number): Contact | undefined {
    return this.pages?.at(index);
  }

  /** Asks for rows `[from, to)`: reads what is missing (and some more around it) in the background. */
  want(from: number, to: number): void {
    this.wanted = [from, to];
    void this.fillWanted();
  }

  /** Reads the list again from the start (after an error, say). */
  retry(): void {
    this.crmSeen = undefined;
    this.key = undefined;
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const { crm, query } = this.source();
    const key = crm && query ? JSON.stringify(query) : undefined;
    if (crm === this.crmSeen && key === this.key) return;
    if (crm !== this.crmSeen) {
      this.stopChanges?.();
      this.stopChanges = crm?.storage.changes((changes) => this.handleChanges(changes));
    }
    this.crmSeen = crm;
    this.key = key;
    this.query = query;
    this.normalized = undefined;
    this.pages = undefined;
    this.error = undefined;
    if (!crm || !query) {
      this.cancel();
      this.state = 'initial';
      return;
    }
    this.state = 'loading';
    void this.read(false);
  }

  hostConnected(): void {
    // Back in the document after a disconnect: read again at the next update.
    if (!this.stopChanges) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.cancel();
    this.stopChanges?.();
    this.stopChanges = undefined;
    this.crmSeen = undefined;
    this.key = undefined;
  }

  /** Stops every read under way and any pending refresh. */
  private cancel(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = undefined;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.refreshing = false;
  }

  /** Counts and reads the list; a refresh keeps the old rows until the new ones cover the same place. */
  private async read(refresh: boolean): Promise<void> {
    this.cancel();
    const generation = this.generation;
    const crm = this.crmSeen;
    const query = this.query;
    if (!crm || !query) return;
    const abort = (this.abort = new AbortController());
    const current = () => generation === this.generation;
    this.refreshing = refresh;
    try {
      const pages = await ContactPages.open(this.fetcher(crm, query, abort.signal), () =>
        crm.storage.collection('contacts').count(query.search ? { where: query.where, search: query.search } : { where: query.where }, { signal: abort.signal }),
      );
      if (refresh) await pages.fill(...this.target(pages), current);
      if (!current()) return;
      this.pages = pages;
      this.state = pages.total ? 'complete' : 'empty';
      this.error = undefined;
    } catch (error) {
      if (!current()) return;
      this.state = 'error';
      this.error = error;
      this.pages = undefined;
    } finally {
      if (current()) this.refreshing = false;
    }
    this.host.requestUpdate();
    void this.fillWanted();
  }

  private fetcher(crm: Crm, query: ContactListQuery, signal: AbortSignal): PageFetcher {
    const { search, where, orderBy } = query;
    const reversed: OrderBy = { field: orderBy.field, direction: orderBy.direction === 'asc' ? 'desc' : 'asc' };
    return (from, limit, cursor) => {
      const q = { where, orderBy: from === 'start' ? orderBy : reversed, limit, ...(cursor ? { cursor } : {}) };
      return search ? crm.contacts.search(search, q, { signal }) : crm.contacts.list(q, { signal });
    };
  }

  /** The rows wanted, widened by the read-ahead and cut to the list. */
  private target(pages: ContactPages): [number, number] {
    const [from, to] = this.wanted;
    return [Math.max(0, from - readAhead), Math.min(pages.total, to + readAhead)];
  }

  /** Whether the rows wanted, and half the read-ahead around them, are loaded. */
  private ahead(pages: ContactPages): boolean {
    const [from, to] = this.wanted;
    return pages.covers(Math.max(0, from - readAhead / 2), to + readAhead / 2);
  }

  private async fillWanted(): Promise<void> {
    const pages = this.pages;
    if (!pages || this.filling || this.refreshing || this.ahead(pages)) return;
    const generation = this.generation;
    const current = () => generation === this.generation && pages === this.pages;
    this.filling = true;
    try {
      await pages.fill(...this.target(pages), current, () => this.host.requestUpdate());
    } catch (error) {
      if (current()) {
        this.state = 'error';
        this.error = error;
        this.pages = undefined;
        this.host.requestUpdate();
      }
    } finally {
      this.filling = false;
    }
    // The user may have scrolled on while the pages were read.
    if (current() && !this.ahead(pages)) void this.fillWanted();
  }

  private handleChanges(changes: readonly Change[]): void {
    if (!this.query || this.state === 'initial') return;
    const contacts = changes.filter((change) => change.collection === 'contacts');
    if (!contacts.length) return;
    // Finding a row is a scan of what is loaded: for a large batch (an import), read again instead.
    if (contacts.length > maxPatches) return this.scheduleRefresh();
    let patched = false;
    let refresh = false;
    for (const change of contacts) {
      const index = change.type === 'put' ? this.pages?.indexOf(change.id) : undefined;
      const loaded = index === undefined ? undefined : this.pages?.at(index);
      const next = change.type === 'put' ? (change.record as Contact) : undefined;
      if (loaded && next && index !== undefined && this.staysInPlace(loaded, next)) {
        this.pages?.replace(index, next);
        patched = true;
      } else if (!loaded || !next || next.version > loaded.version) {
        refresh = true;
      }
    }
    if (patched) this.host.requestUpdate();
    if (refresh) this.scheduleRefresh();
  }

  /** Whether a newer copy of a loaded row still matches the query at the same place. */
  private staysInPlace(loaded: Contact, next: Contact): boolean {
    if (next.version <= loaded.version || next.deletedAt || !this.query) return false;
    this.normalized ??= parseQuery('contacts', { where: this.query.where, search: this.query.search, orderBy: this.query.orderBy });
    const q = this.normalized;
    if (!matchesWhere(q.where, next)) return false;
    if (q.search.length && !matchesSearch(searchTokens('contacts', next), q.search)) return false;
    return compareValues(fieldValue(next, q.orderBy.field), fieldValue(loaded, q.orderBy.field)) === 0;
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.read(this.pages !== undefined);
    }, refreshDelayMs);
  }
}
