import type { Crm, Pipeline } from '@rapport/core';
import '@rapport/widgets/provider/define';
import '@rapport/widgets/pipeline-board/define';
import '@rapport/widgets/deal-card/define';
import { h } from './dom.js';

/**
 * The pipeline board of the chosen pipeline, with the card of the deal last opened on it (Enter
 * or a click on a card). Moves made here, in another tab, or anywhere else show up live.
 */
export async function pipelineWorkspace(crm: Crm, root: HTMLElement): Promise<void> {
  const pipelines = (await crm.pipelines.list({ orderBy: { field: 'name', direction: 'desc' } })).items;
  const select = h('select', { id: 'pipeline-select' }, ...pipelines.map((p: Pipeline) => h('option', { value: p.id }, `${p.name} (${p.currency})`)));
  const provider = document.createElement('rapport-provider');
  provider.crm = crm;
  const board = document.createElement('rapport-pipeline-board');
  board.id = 'widget-board';
  const card = document.createElement('rapport-deal-card');
  card.id = 'widget-deal-card';
  const opened = h('div', { class: 'opened-deal', hidden: '' }, h('h3', {}, 'Opened deal'), card);
  const show = () => board.setAttribute('pipeline-id', select.value);
  select.addEventListener('change', show);
  board.addEventListener('rapport-deal-select', (event) => {
    card.setAttribute('deal-id', event.detail.deal.id);
    opened.hidden = false;
  });
  show();
  provider.append(board, opened);
  root.append(h('div', { class: 'field' }, h('label', { for: 'pipeline-select' }, 'Pipeline'), select), provider);
}
