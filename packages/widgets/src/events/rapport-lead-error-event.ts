import type { LeadProblem } from '../lead-form/lead-endpoint.js';

/** What `rapport-lead-error` carries. */
export interface LeadErrorDetail {
  /** The id `rapport-lead-submit` announced. */
  readonly submissionId: string;
  /** What went wrong: HTTP status (0 when not HTTP), `code`, `title` and the issues naming fields. */
  readonly problem: LeadProblem;
  /**
   * `true`: the submission stays in the outbox and is sent again (a network failure, a busy or
   * failing server). `false`: it was refused and dropped (invalid, spam, a wrong form key).
   * While the browser is offline no attempt is made, so none fails.
   */
  readonly willRetry: boolean;
}

/** Fired by `<rapport-lead-form>` when an attempt to deliver a submission fails. */
export class RapportLeadErrorEvent extends Event {
  static readonly type = 'rapport-lead-error';
  readonly detail: LeadErrorDetail;

  constructor(detail: LeadErrorDetail) {
    super(RapportLeadErrorEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ ...detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-lead-error': RapportLeadErrorEvent;
  }
}
