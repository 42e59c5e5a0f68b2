import { defineElement } from '../internal/define-element.js';
import { RapportActivityTimeline } from './activity-timeline.js';

defineElement('rapport-activity-timeline', RapportActivityTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-activity-timeline': RapportActivityTimeline;
  }
}
