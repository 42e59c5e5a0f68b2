import { isRapportError, type Change, type Crm, type Deal, type Pipeline } from '@rapport/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BoardModel } from './board-model.js';

/** Where the board's data is: nothing asked for, reading the pipeline, no such pipeline, failed, or shown. */
export type BoardState = 'initial' | 'loading' | 'not-found' | 'error' | 'ready';

/** How many deals one read of a column asks for. */
const pageSize = 500;

/**
 * Reads a pipeline and the open deals of each of its open stages (page by page, every column at
 * once, each shown as soon as its first page is in), and keeps them current from the change feed
 * (`crm.storage.changes`), which reports every committed change of this tab, other tabs and the
 * server. It subscribes before the first read, so that nothing committed during the reads is
 * missed; the model keeps whichever of a page and a change knows the newer version.
 *
 * While the board drags a card, {@link hold} queues changes, and {@link release} applies them:
 * columns must not shift under a pointer that is aiming at a slot.
 */
export class BoardSource implements ReactiveController {
  readonly model = new BoardModel();
  state: BoardState = 'initial';
  /** Why the last read failed, in the `error` state. */
  error: unknown = undefined;

  private crmSeen: Crm | undefined;
  private idSeen: string | undefined;
  private run: AbortController | undefined;
  private stopFeed: (() => void) | undefined;
  /** Open stages whose columns have been read to the end. */
  private readonly loaded = new Set<string>();
  /** Open stages whose columns are being read. */
  private readonly loading = new Set<string>();
  private queued: Change[] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { crm: Crm | undefined; pipelineId: string | undefined },
    /** Called with the company and contact changes, for the names shown on cards. */
    private readonly onOtherChanges: (changes: readonly Change[]) => void,
  ) {
    host.addController(this);
  }

  /** Whether a column's first page is still on its way. */
  columnLoading(stageId: string): boolean {
    return this.loading.has(stageId) && !this.model.view(stageId).length;
  }

  /** Whether every open stage's column has been read to the end. */
  get complete(): boolean {
    return this.state === 'ready' && this.model.openStages.every((s) => this.loaded.has(s.id));
  }

  hostUpdate(): void {
    const { crm, pipelineId } = this.source();
    if (crm === this.crmSeen && pipelineId === this.idSeen) return;
    this.crmSeen = crm;
    this.idSeen = pipelineId;
    this.start();
  }

  hostConnected(): void {
    if (!this.run) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.stop();
    this.crmSeen = undefined;
    this.idSeen = undefined;
  }

  /** Reads everything again (after an error). */
  retry(): void {
    this.start();
  }

  /** Queues changes until {@link release}. */
  hold(): void {
    this.queued ??= [];
  }

  /** Applies the changes queued since {@link hold}. */
  release(): void {
    const queued = this.queued;
    this.queued = undefined;
    if (queued?.length) this.apply(queued);
  }

  private stop(): void {
    this.run?.abort();
    this.run = undefined;
    this.stopFeed?.();
    this.stopFeed = undefined;
    this.queued = undefined;
    this.loaded.clear();
    this.loading.clear();
  }

  private start(): void {
    this.stop();
    this.model.clear();
    this.error = undefined;
    const { crm, pipelineId } = this.source();
    if (!crm || !pipelineId) {
      this.state = 'initial';
      this.host.requestUpdate();
      return;
    }
    const run = new AbortController();
    this.run = run;
    this.state = 'loading';
    this.host.requestUpdate();
    try {
      this.stopFeed = crm.storage.changes((changes) => {
        if (run.signal.aborted) return;
        if (this.queued) this.queued.push(...changes);
        else this.apply(changes);
      });
    } catch (error) {
      this.fail(run, error);
      return;
    }
    void this.readPipeline(crm, pipelineId, run);
  }

  private async readPipeline(crm: Crm, pipelineId: string, run: AbortController): Promise<void> {
    let pipeline: Pipeline;
    try {
      pipeline = await crm.pipelines.get(pipelineId, { signal: run.signal });
    } catch (error) {
      if (run.signal.aborted) return;
      if (isRapportError(error, 'not_found')) {
        this.model.clear();
        this.state = 'not-found';
        this.host.requestUpdate();
      } else {
        this.fail(run, error);
      }
      return;
    }
    if (run.signal.aborted) return;
    this.model.setPipeline(pipeline);
    this.state = 'ready';
    for (const stage of this.model.openStages) {
      if (!this.loaded.has(stage.id) && !this.loading.has(stage.id)) void this.readColumn(crm, pipelineId, stage.id, run);
    }
    this.host.requestUpdate();
  }

  /** Reads one column to its end, page by page, showing each page as it comes. */
  private async readColumn(crm: Crm, pipelineId: string, stageId: string, run: AbortController): Promise<void> {
    this.loading.add(stageId);
    let cursor: string | undefined;
    try {
      do {
        const page = await crm.deals.list(
          { where: { pipelineId, stageId, status: 'open' }, orderBy: { field: 'position' }, limit: pageSize, ...(cursor ? { cursor } : {}) },
          { signal: run.signal },
        );
        if (run.signal.aborted) return;
        // A page that arrives mid-drag waits like a change would.
        const apply = () => {
          for (const deal of page.items) this.model.accept(deal);
        };
        if (this.queued) this.queued.push(...page.items.map((deal): Change => ({ collection: 'deals', type: 'put', id: deal.id, version: deal.version, record: deal })));
        else apply();
        cursor = page.nextCursor;
        this.host.requestUpdate();
      } while (cursor);
      this.loading.delete(stageId);
      this.loaded.add(stageId);
      this.host.requestUpdate();
    } catch (error) {
      if (!run.signal.aborted) this.fail(run, error);
    }
  }

  private apply(changes: readonly Change[]): void {
    let touched = false;
    const others: Change[] = [];
    for (const change of changes) {
      if (change.collection === 'deals') {
        touched = (change.type === 'put' ? this.model.accept(change.record as Deal) : this.model.erase(change.id)) || touched;
      } else if (change.collection === 'pipelines' && change.id === this.idSeen) {
        const crm = this.crmSeen;
        if (crm && this.run) void this.readPipeline(crm, change.id, this.run);
      } else if (change.collection === 'companies' || change.collection === 'contacts') {
        others.push(change);
      }
    }
    if (others.length) this.onOtherChanges(others);
    if (touched) this.host.requestUpdate();
  }

  private fail(run: AbortController, error: unknown): void {
    run.abort();
    this.stopFeed?.();
    this.stopFeed = undefined;
    this.model.clear();
    this.state = 'error';
    this.error = error;
    this.host.requestUpdate();
  }
}
