import type { LeadInput } from '@rapport/core';

/** What `rapport-lead-submit` carries. */
export interface LeadSubmitDetail {
  /** The submission's id; also its `Idempotency-Key`, and the id the later success or error events carry. */
  readonly submissionId: string;
  /** The lead as it will be sent (answers, consent decisions, source, form id). */
  readonly lead: Readonly<LeadInput>;
}

/**
 * Fired by `<rapport-lead-form>` when a valid form is submitted, before anything is stored or sent.
 * Cancelable: `preventDefault()` stops the submission, and the form keeps its answers.
 */
export class RapportLeadSubmitEvent extends Event {
  static readonly type = 'rapport-lead-submit';
  readonly detail: LeadSubmitDetail;

  constructor(detail: LeadSubmitDetail) {
    super(RapportLeadSubmitEvent.type, { bubbles: true, composed: true, cancelable: true });
    // A frozen copy: a listener can read the lead but cannot change what is sent.
    this.detail = Object.freeze({ submissionId: detail.submissionId, lead: Object.freeze(structuredClone(detail.lead)) });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-lead-submit': RapportLeadSubmitEvent;
  }
}
