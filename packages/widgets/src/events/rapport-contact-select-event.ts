import type { Contact } from '@rapport/core';

/** What `rapport-contact-select` carries. */
export interface ContactSelectDetail {
  /** The contact the user selected (activated with a click, Enter or Space). */
  readonly contact: Contact;
}

/**
 * Fired by `<rapport-contact-list>` when the user selects a contact; never when code sets the
 * selection.
 */
export class RapportContactSelectEvent extends Event {
  static readonly type = 'rapport-contact-select';
  readonly detail: ContactSelectDetail;

  constructor(detail: ContactSelectDetail) {
    super(RapportContactSelectEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ ...detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-contact-select': RapportContactSelectEvent;
  }
}
