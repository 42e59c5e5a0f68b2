import type { ContactPatch } from '@rapport/core';

/** What `rapport-contact-save` carries. */
export interface ContactSaveDetail {
  /** The contact about to be saved. */
  readonly contactId: string;
  /** The fields the user changed, as `crm.contacts.update` will receive them (`null` clears a field). */
  readonly patch: Readonly<ContactPatch>;
}

/**
 * Fired by `<rapport-contact-card>` when the user saves an edit, before anything is written.
 * Cancelable: `preventDefault()` stops the save, and the stored contact stays as it was.
 */
export class RapportContactSaveEvent extends Event {
  static readonly type = 'rapport-contact-save';
  readonly detail: ContactSaveDetail;

  constructor(detail: ContactSaveDetail) {
    super(RapportContactSaveEvent.type, { bubbles: true, composed: true, cancelable: true });
    // A copy, frozen: a listener can read the patch but cannot change what is saved.
    this.detail = Object.freeze({ contactId: detail.contactId, patch: Object.freeze(structuredClone(detail.patch)) });
  }
}

declare global {
  interface HTMLElementEventMap {
    'rapport-contact-save': RapportContactSaveEvent;
  }
}
