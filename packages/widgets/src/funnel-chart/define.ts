import { defineElement } from '../internal/define-element.js';
import { RapportFunnelChart } from './funnel-chart.js';

defineElement('rapport-funnel-chart', RapportFunnelChart);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-funnel-chart': RapportFunnelChart;
  }
}
