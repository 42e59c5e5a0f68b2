import { defineElement } from '../internal/define-element.js';
import { RapportPipelineSummary } from './pipeline-summary.js';

defineElement('rapport-pipeline-summary', RapportPipelineSummary);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-pipeline-summary': RapportPipelineSummary;
  }
}
