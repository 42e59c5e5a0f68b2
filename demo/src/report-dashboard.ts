import type { Crm } from '@rapport/core';
import '@rapport/widgets/provider/define';
import '@rapport/widgets/pipeline-summary/define';
import '@rapport/widgets/forecast-chart/define';
import '@rapport/widgets/funnel-chart/define';
import '@rapport/widgets/leaderboard/define';
import { h } from './dom.js';
import { leadScores } from './lead-scores.js';

/**
 * The report views side by side over the first pipeline: its summary, forecast and funnel, who
 * logged the most activity, and the lead scores. Each is computed by `crm.reports` (or read from
 * the stored scores) and redrawn after changes.
 */
export async function reportDashboard(crm: Crm, root: HTMLElement): Promise<void> {
  const [pipeline] = (await crm.pipelines.list({ orderBy: { field: 'name', direction: 'desc' }, limit: 1 })).items;
  const provider = document.createElement('rapport-provider');
  provider.crm = crm;
  const tile = (title: string, element: HTMLElement) => h('section', { class: 'tile', 'aria-label': title }, element);
  const views = [
    ['Pipeline summary', document.createElement('rapport-pipeline-summary')],
    ['Forecast', document.createElement('rapport-forecast-chart')],
    ['Funnel', document.createElement('rapport-funnel-chart')],
  ] as const;
  for (const [title, element] of views) {
    if (pipeline) element.setAttribute('pipeline-id', pipeline.id);
    provider.append(tile(title, element));
  }
  provider.append(tile('Activity leaderboard', document.createElement('rapport-leaderboard')));
  provider.append(tile('Lead scores', leadScores(crm)));
  provider.classList.add('dashboard');
  root.append(provider);
}
