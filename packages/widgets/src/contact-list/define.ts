import { defineElement } from '../internal/define-element.js';
import { RapportContactList } from './contact-list.js';

defineElement('rapport-contact-list', RapportContactList);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-contact-list': RapportContactList;
  }
}
