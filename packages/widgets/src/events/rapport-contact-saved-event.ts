import type { Contact } from '@rapport/core';

/** What `rapport-contact-saved` carries. */
export interface ContactSavedDetail {
  /** The contact as stored after the save, with its new version. */
  readonly contact: Contact;
}

/** Fired by `<rapport-contact-card>` after an edit the user made has been stored. */
export class RapportContactSavedEvent extends Event {
  static readonly type = 'rapport-contact-saved';
  readonly detail: ContactSavedDetail;

  constructor(detail: ContactSavedDetail) {
    super(RapportContactSavedEvent.type, { bubbles: true, composed: true });
    this.detail = Object.freeze({ ...detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-contact-saved': RapportContactSavedEvent;
  }
}
