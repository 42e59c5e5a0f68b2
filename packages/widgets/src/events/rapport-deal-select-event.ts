import type { Deal } from '@rapport/core';

/** What `rapport-deal-select` carries. */
export interface DealSelectDetail {
  /** The deal the user opened (a click on its card, or Enter). */
  readonly deal: Deal;
}

/**
 * Fired by `<rapport-pipeline-board>` when the user activates a card with a click or Enter (not
 * at the end of a drag), so that the app can open the deal.
 */
export class RapportDealSelectEvent extends Event {
  static readonly type = 'rapport-deal-select';
  readonly detail: DealSelectDetail;

  constructor(detail: DealSelectDetail) {
    super(RapportDealSelectEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ deal: Object.freeze(structuredClone(detail.deal)) });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-deal-select': RapportDealSelectEvent;
  }
}
