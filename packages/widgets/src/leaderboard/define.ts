import { defineElement } from '../internal/define-element.js';
import { RapportLeaderboard } from './leaderboard.js';

defineElement('rapport-leaderboard', RapportLeaderboard);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-leaderboard': RapportLeaderboard;
  }
}
