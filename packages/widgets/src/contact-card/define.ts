import '../score-badge/define.js';
import { defineElement } from '../internal/define-element.js';
import { RapportContactCard } from './contact-card.js';

defineElement('rapport-contact-card', RapportContactCard);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-contact-card': RapportContactCard;
  }
}
