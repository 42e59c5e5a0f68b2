import { currencyExponent, type Crm, type Deal, type Money, type Pipeline } from '@rapport/core';
import { h } from './dom.js';

function format(amount: Money): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: amount.currency }).format(amount.minor / 10 ** currencyExponent(amount.currency));
}

/** Sums amounts per currency; different currencies are never added together. */
function totals(deals: readonly Deal[]): string {
  const sums = new Map<string, number>();
  for (const deal of deals) sums.set(deal.amount.currency, (sums.get(deal.amount.currency) ?? 0) + deal.amount.minor);
  return [...sums].map(([currency, minor]) => format({ currency, minor })).join(' + ') || format({ currency: 'EUR', minor: 0 });
}

/** One column per stage of the chosen pipeline, each kept current by `crm.watch`. */
export async function dealsView(crm: Crm, root: HTMLElement): Promise<void> {
  const pipelines = (await crm.pipelines.list({ orderBy: { field: 'name', direction: 'desc' } })).items;
  const select = h('select', { id: 'pipeline-select' }, ...pipelines.map((p) => h('option', { value: p.id }, `${p.name} (${p.currency})`)));
  const board = h('div', { class: 'board' });
  root.append(h('div', { class: 'field' }, h('label', { for: 'pipeline-select' }, 'Pipeline'), select), board);

  let stops: (() => void)[] = [];
  const show = (pipeline: Pipeline) => {
    stops.forEach((stop) => stop());
    board.replaceChildren();
    stops = pipeline.stages.map((stage) => {
      const heading = h('h3', {}, stage.name);
      const summary = h('p', { class: 'totals' }, 'Loading…');
      const list = h('ul', { 'aria-label': `Deals in ${stage.name}` });
      board.append(h('section', { class: 'column', 'data-stage': stage.name }, heading, summary, list));
      return crm.watch({ collection: 'deals', where: { pipelineId: pipeline.id, stageId: stage.id }, orderBy: { field: 'position' }, limit: 100 }, (page) => {
        summary.textContent = `${page.items.length}${page.nextCursor ? '+' : ''} deals · ${totals(page.items)} · ${Math.round(stage.probability * 100)}%`;
        list.replaceChildren(...page.items.map((d) => h('li', {}, d.title, h('span', {}, format(d.amount)))));
      });
    });
  };
  select.addEventListener('change', () => {
    const pipeline = pipelines.find((p) => p.id === select.value);
    if (pipeline) show(pipeline);
  });
  if (pipelines[0]) show(pipelines[0]);
}
