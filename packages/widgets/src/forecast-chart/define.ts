import { defineElement } from '../internal/define-element.js';
import { RapportForecastChart } from './forecast-chart.js';

defineElement('rapport-forecast-chart', RapportForecastChart);

declare global {
  interface HTMLElementTagNameMap {
    'rapport-forecast-chart': RapportForecastChart;
  }
}
