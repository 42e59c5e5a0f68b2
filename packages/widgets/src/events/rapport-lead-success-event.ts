/** What `rapport-lead-success` carries. */
export interface LeadSuccessDetail {
  /** The id `rapport-lead-submit` announced. */
  readonly submissionId: string;
  /** The contact the lead created or was merged into. */
  readonly contactId: string;
  /** Whether the contact is new. */
  readonly created: boolean;
  /** The `formSubmission` entry on the contact's timeline. */
  readonly interactionId: string;
  /** Whether it waited in the outbox first (offline, a failed attempt, or sent on a later page load). */
  readonly delayed: boolean;
}

/** Fired by `<rapport-lead-form>` once a submission has been accepted: at once, or later from the outbox. */
export class RapportLeadSuccessEvent extends Event {
  static readonly type = 'rapport-lead-success';
  readonly detail: LeadSuccessDetail;

  constructor(detail: LeadSuccessDetail) {
    super(RapportLeadSuccessEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ ...detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-lead-success': RapportLeadSuccessEvent;
  }
}
