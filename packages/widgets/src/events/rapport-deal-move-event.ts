import type { Deal } from '@rapport/core';

/** A place on the board: a stage, and an index among the cards shown in its column. */
export interface DealPlace {
  /** The stage's id. */
  readonly stageId: string;
  /** The index among the cards the column shows (with filters on, among the visible ones); `0` for a won or lost stage, whose deals leave the board. */
  readonly index: number;
}

/** What `rapport-deal-move` carries. */
export interface DealMoveDetail {
  /** The deal as stored before the move. */
  readonly deal: Deal;
  /** Where the card was. */
  readonly from: DealPlace;
  /** Where the user put it. */
  readonly to: DealPlace;
  /** The card now just above it, sent to `crm.deals.move` as `after` (only one of `after` and `before` is ever sent). */
  readonly after: string | undefined;
  /** The first card of the column when the card went to the top, sent as `before`. */
  readonly before: string | undefined;
  /** The reason given when the deal was dropped on Lost. */
  readonly lostReason: string | undefined;
}

/**
 * Fired by `<rapport-pipeline-board>` when the user drops a card (pointer, keyboard or the
 * "Move to…" menu), before anything is written. Cancelable: `preventDefault()` puts the card
 * back where it was, and nothing is written.
 */
export class RapportDealMoveEvent extends Event {
  static readonly type = 'rapport-deal-move';
  readonly detail: DealMoveDetail;

  constructor(detail: DealMoveDetail) {
    super(RapportDealMoveEvent.type, { bubbles: true, composed: true, cancelable: true });
    // Frozen copies: a listener can read the move but not change what is written.
    this.detail = Object.freeze({
      deal: Object.freeze(structuredClone(detail.deal)),
      from: Object.freeze({ ...detail.from }),
      to: Object.freeze({ ...detail.to }),
      after: detail.after,
      before: detail.before,
      lostReason: detail.lostReason,
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-deal-move': RapportDealMoveEvent;
  }
}
