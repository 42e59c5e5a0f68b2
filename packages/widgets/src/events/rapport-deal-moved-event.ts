import type { Deal } from '@rapport/core';

/** What `rapport-deal-moved` carries. */
export interface DealMovedDetail {
  /** The deal as stored after the move, with its new stage, position and version. */
  readonly deal: Deal;
}

/** Fired by `<rapport-pipeline-board>` once a move the user made has been stored. */
export class RapportDealMovedEvent extends Event {
  static readonly type = 'rapport-deal-moved';
  readonly detail: DealMovedDetail;

  constructor(detail: DealMovedDetail) {
    super(RapportDealMovedEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ deal: Object.freeze(structuredClone(detail.deal)) });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-deal-moved': RapportDealMovedEvent;
  }
}
