import type { Deal, Pipeline, Stage } from '@rapport/core';

/** Where a card waits while its move is being written: a stage and one neighbour, or off the board (won or lost). */
export type PendingPlace = { readonly stageId: string; readonly after?: string | undefined; readonly before?: string | undefined } | 'closed';

/** Column order: position, then id (both in code unit order, as the store sorts them). */
export function compareDeals(a: Deal, b: Deal): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Where `deal` goes in `column` (sorted by {@link compareDeals}). */
function insertionIndex(column: readonly Deal[], deal: Deal): number {
  let low = 0;
  let high = column.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareDeals(column[mid] as Deal, deal) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The board's deals, one sorted column per open stage, kept up to date incrementally: from pages
 * as they are read and from the change feed, whichever knows the newer version of a deal. Moves
 * being written are kept apart as {@link PendingPlace}s laid over the stored order, so a failed
 * write needs only to drop its override for the card to return to its stored place.
 */
export class BoardModel {
  /** The pipeline shown. */
  pipeline: Pipeline | undefined = undefined;
  /** Goes up on every change, for callers that cache what they derive. */
  revision = 0;

  /** The deals on the board (open, of this pipeline, in an open stage, not deleted), by id. */
  private readonly records = new Map<string, Deal>();
  /** Each open stage's deals in column order. */
  private readonly columns = new Map<string, Deal[]>();
  /** The newest version seen of every deal, on the board or not: an older page cannot undo a newer change. */
  private readonly versions = new Map<string, number>();
  private readonly pending = new Map<string, PendingPlace>();
  private readonly views = new Map<string, Deal[]>();
  private viewsRevision = -1;

  /** The open stages, in pipeline order. */
  get openStages(): Stage[] {
    return this.pipeline?.stages.filter((s) => s.kind === 'open') ?? [];
  }

  /** The won and lost stages, when the pipeline has them. */
  closedStage(kind: 'won' | 'lost'): Stage | undefined {
    return this.pipeline?.stages.find((s) => s.kind === kind);
  }

  /** Every deal on the board as stored (moves being written not applied). */
  get deals(): IterableIterator<Deal> {
    return this.records.values();
  }

  /** The stored deal with this id, when it is on the board. */
  get(id: string): Deal | undefined {
    return this.records.get(id);
  }

  /** Forgets everything, for another pipeline or workspace. */
  clear(): void {
    this.pipeline = undefined;
    this.records.clear();
    this.columns.clear();
    this.versions.clear();
    this.pending.clear();
    this.changed();
  }

  /** Shows `pipeline` (first read, or read again after a change): deals in stages no longer open leave, and new open stages start empty. */
  setPipeline(pipeline: Pipeline): void {
    this.pipeline = pipeline;
    const open = new Set(this.openStages.map((s) => s.id));
    for (const id of [...this.columns.keys()]) if (!open.has(id)) this.columns.delete(id);
    for (const id of open) if (!this.columns.has(id)) this.columns.set(id, []);
    for (const [id, deal] of [...this.records]) if (!this.belongs(deal)) this.take(id);
    this.changed();
  }

  /** Whether `deal` is shown on this board. */
  belongs(deal: Deal): boolean {
    return deal.pipelineId === this.pipeline?.id && deal.status === 'open' && !deal.deletedAt && this.columns.has(deal.stageId);
  }

  /**
   * Takes in a deal as read or as a change reported it, unless a newer version was already seen.
   * Returns whether anything on the board changed.
   */
  accept(deal: Deal): boolean {
    const seen = this.versions.get(deal.id);
    if (seen !== undefined && seen >= deal.version) return false;
    this.versions.set(deal.id, deal.version);
    const had = this.records.has(deal.id);
    this.take(deal.id);
    if (this.belongs(deal)) {
      const column = this.columns.get(deal.stageId) as Deal[];
      column.splice(insertionIndex(column, deal), 0, deal);
      this.records.set(deal.id, deal);
    } else if (!had) {
      return false;
    }
    this.changed();
    return true;
  }

  /** A deal erased for good (purged): it leaves, and no older copy may bring it back. */
  erase(id: string): boolean {
    this.versions.set(id, Number.POSITIVE_INFINITY);
    if (!this.take(id)) return false;
    this.changed();
    return true;
  }

  /** Shows the card at `place` until {@link settle} is called, whatever the store says meanwhile. */
  hold(id: string, place: PendingPlace): void {
    this.pending.set(id, place);
    this.changed();
  }

  /** Whether a move of this deal is being written. */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Drops the override: the card shows where the store has it (after a success, or to roll back). */
  settle(id: string): void {
    if (this.pending.delete(id)) this.changed();
  }

  /**
   * A column as the board shows it: stored order, with cards whose moves are being written taken
   * out and put in next to their neighbour (shown with the stage they are going to). Cached until
   * the next change.
   */
  view(stageId: string): readonly Deal[] {
    if (this.viewsRevision !== this.revision) {
      this.views.clear();
      this.viewsRevision = this.revision;
    }
    let view = this.views.get(stageId);
    if (view) return view;
    const column = this.columns.get(stageId) ?? [];
    view = this.pending.size ? column.filter((d) => !this.pending.has(d.id)) : column.slice();
    for (const [id, place] of this.pending) {
      const deal = this.records.get(id);
      if (!deal || place === 'closed' || place.stageId !== stageId) continue;
      const shown: Deal = deal.stageId === stageId ? deal : { ...deal, stageId, stageHistory: [...deal.stageHistory, { stageId, enteredAt: new Date().toISOString() }] };
      const anchor = view.findIndex((d) => d.id === (place.after ?? place.before));
      const at = anchor < 0 ? view.length : place.after ? anchor + 1 : anchor;
      view.splice(at, 0, shown);
    }
    this.views.set(stageId, view);
    return view;
  }

  /** Removes a deal from its column and the records; returns whether it was there. */
  private take(id: string): boolean {
    const old = this.records.get(id);
    if (!old) return false;
    const column = this.columns.get(old.stageId);
    if (column) {
      let at = insertionIndex(column, old);
      if (column[at] !== old) at = column.indexOf(old);
      if (at >= 0) column.splice(at, 1);
    }
    this.records.delete(id);
    return true;
  }

  private changed(): void {
    this.revision++;
  }
}
