import { defineElement } from '../internal/define-element.js';
import { RapportScoreBadge } from './score-badge.js';

defineElement('rapport-score-badge', RapportScoreBadge);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-score-badge': RapportScoreBadge;
  }
}
