import type { InteractionInput } from '@rapport/core';

/** What `rapport-interaction-log` carries. */
export interface InteractionLogDetail {
  /** What the composer is about to pass to `crm.interactions.log`, with the timeline's link filled in. */
  readonly input: InteractionInput;
}

/**
 * Fired by `<rapport-activity-timeline>` when the user submits its composer, before the entry is
 * logged. Cancelable: `preventDefault()` keeps the entry from being logged and leaves the form as
 * the user filled it. Never fired when code sets a property.
 */
export class RapportInteractionLogEvent extends Event {
  static readonly type = 'rapport-interaction-log';
  readonly detail: InteractionLogDetail;

  constructor(detail: InteractionLogDetail) {
    super(RapportInteractionLogEvent.type, { bubbles: true, composed: true, cancelable: true });
    this.detail = Object.freeze({ ...detail, input: Object.freeze({ ...detail.input }) });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-interaction-log': RapportInteractionLogEvent;
  }
}
