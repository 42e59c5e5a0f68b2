import type { Crm, WatchItem, WatchQuery } from '@rapport/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a live query is: nothing to show yet, waiting, no results, failed, or showing results. */
export type LoadState = 'initial' | 'loading' | 'empty' | 'error' | 'complete';

/**
 * Keeps an element's data live over `crm.watch`: the first page now, then again whenever a
 * committed change (this tab, another tab, the server) alters it. It re-subscribes when the
 * `Crm` or the query changes, and unsubscribes when the element leaves the document.
 */
export class WatchController<Q extends WatchQuery> implements ReactiveController {
  /** Where the query is. */
  state: LoadState = 'initial';
  /** The current results. */
  items: WatchItem<Q>[] = [];
  /** Whether more results exist than the query's limit. */
  hasMore = false;
  /** Why the last run failed, in the `error` state. */
  error: unknown = undefined;

  private stop: (() => void) | undefined;
  /** What the current subscription is for: the workspace and the query's JSON. */
  private crmSeen: Crm | undefined;
  private key: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The workspace and query to watch, read before each update; no query means nothing to show. */
    private readonly source: () => { crm: Crm | undefined; query: Q | undefined },
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { crm, query } = this.source();
    const key = crm && query ? JSON.stringify(query) : undefined;
    if (crm === this.crmSeen && key === this.key) return;
    this.unsubscribe();
    this.key = key;
    this.crmSeen = crm;
    if (!crm || !query) {
      this.set('initial', [], false);
      return;
    }
    // Another workspace or query: the old results no longer answer it.
    this.state = 'loading';
    this.items = [];
    this.hasMore = false;
    this.error = undefined;
    try {
      this.stop = crm.watch(query, (page) => this.set(page.items.length ? 'complete' : 'empty', page.items as WatchItem<Q>[], page.nextCursor !== undefined), {
        onError: (error) => this.fail(error),
      });
    } catch (error) {
      this.fail(error);
    }
  }

  hostConnected(): void {
    // Back in the document after a disconnect: subscribe again at the next update.
    if (!this.stop) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unsubscribe();
    this.crmSeen = undefined;
    this.key = undefined;
  }

  /** Runs the query again (after an error, say). */
  retry(): void {
    this.crmSeen = undefined;
    this.key = undefined;
    this.unsubscribe();
    this.host.requestUpdate();
  }

  private set(state: LoadState, items: WatchItem<Q>[], hasMore: boolean): void {
    this.state = state;
    this.items = items;
    this.hasMore = hasMore;
    this.error = undefined;
    this.host.requestUpdate();
  }

  private fail(error: unknown): void {
    this.state = 'error';
    this.error = error;
    this.host.requestUpdate();
  }

  private unsubscribe(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
