import '../deal-card/define.js';
import { defineElement } from '../internal/define-element.js';
import { RapportPipelineBoard } from './pipeline-board.js';

defineElement('rapport-pipeline-board', RapportPipelineBoard);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-pipeline-board': RapportPipelineBoard;
  }
}
