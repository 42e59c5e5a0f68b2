import type { CollectionName, Crm } from '@rapport/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LoadState } from './watch-controller.js';

/** What a report view asks for: the workspace, the parameters that identify the run, and the collections it reads. */
export interface ReportRequest {
  /** The workspace; none means nothing to show. */
  readonly crm: Crm | undefined;
  /**
   * The parameters, as plain JSON-able data: a new value (by content, not identity) runs the report
   * again. `undefined` means nothing to show yet (a pipeline view without a pipeline id, say).
   */
  readonly params: unknown;
  /** The collections the report reads: a committed change to one of them runs it again. */
  readonly collections: readonly CollectionName[];
}

/** How a {@link ReportController} runs and judges its report. */
export interface ReportControllerOptions<R> {
  /** What to run, read before each update. */
  readonly request: () => ReportRequest;
  /** Runs the report (and whatever else the view needs), passing `signal` to every read. */
  readonly run: (crm: Crm, signal: AbortSignal) => Promise<R>;
  /** Whether a result has nothing to show, for the `empty` state. */
  readonly isEmpty: (result: R) => boolean;
  /** How long to wait after the last relevant change before running again (default 150 ms). */
  readonly debounceMs?: number;
}

/** The default quiet time after a burst of changes before a report runs again. */
export const reportDebounceMs = 150;

/**
 * Keeps a report view's result current. It runs the report when the host connects and whenever
 * the workspace or the parameters change, aborting a run that no longer answers them; then, after
 * each committed change to a collection the report reads (this tab, another tab, the server, via
 * `crm.storage.changes`), it runs it again once the changes have been quiet for ~150 ms. During
 * such a refresh the old result stays on screen, in its state; only a new workspace or new
 * parameters go back to `loading`.
 */
export class ReportController<R> implements ReactiveController {
  /** Where the report is. */
  state: LoadState = 'initial';
  /** The last result, in the `empty` and `complete` states (and kept while a refresh runs). */
  result: R | undefined = undefined;
  /** Why the last run failed, in the `error` state. */
  error: unknown = undefined;
  /** How many runs finished with a result: lets tests and hosts tell a refresh happened. */
  runs = 0;

  private readonly options: ReportControllerOptions<R>;
  private crmSeen: Crm | undefined;
  private key: string | undefined;
  private running: AbortController | undefined;
  private stopChanges: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: ReportControllerOptions<R>,
  ) {
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    // Back in the document after a disconnect: run again at the next update.
    if (!this.stopChanges) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
    this.crmSeen = undefined;
    this.key = undefined;
  }

  hostUpdate(): void {
    if (!this.connected) return;
    const { crm, params, collections } = this.options.request();
    const key = crm && params !== undefined ? JSON.stringify(params) : undefined;
    if (crm === this.crmSeen && key === this.key) return;
    this.stop();
    this.crmSeen = crm;
    this.key = key;
    this.result = undefined;
    this.error = undefined;
    if (!crm || key === undefined) {
      this.state = 'initial';
      return;
    }
    this.state = 'loading';
    const watched = new Set<string>(collections);
    try {
      this.stopChanges = crm.storage.changes((changes) => {
        if (changes.some((change) => watched.has(change.collection))) this.schedule();
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    void this.runNow(crm);
  }

  /** Runs the report again from `loading` (the Retry button). */
  retry(): void {
    const crm = this.crmSeen;
    if (!crm || this.key === undefined) return;
    this.state = 'loading';
    this.error = undefined;
    this.host.requestUpdate();
    void this.runNow(crm);
  }

  /** Runs the report again after the changes have been quiet for a while, keeping what is shown. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.crmSeen) void this.runNow(this.crmSeen);
    }, this.options.debounceMs ?? reportDebounceMs);
  }

  private async runNow(crm: Crm): Promise<void> {
    // Only the newest run may answer: an older one is aborted, and its result ignored if it lands anyway.
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    try {
      const result = await this.options.run(crm, running.signal);
      if (this.running !== running) return;
      this.running = undefined;
      this.result = result;
      this.error = undefined;
      this.state = this.options.isEmpty(result) ? 'empty' : 'complete';
      this.runs++;
      this.host.requestUpdate();
    } catch (error) {
      if (this.running !== running) return;
      this.running = undefined;
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.state = 'error';
    this.error = error;
    this.host.requestUpdate();
  }

  private stop(): void {
    this.running?.abort();
    this.running = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopChanges?.();
    this.stopChanges = undefined;
  }
}
