import { defineElement } from '../internal/define-element.js';
import { RapportDealCard } from './deal-card.js';

defineElement('rapport-deal-card', RapportDealCard);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-deal-card': RapportDealCard;
  }
}
