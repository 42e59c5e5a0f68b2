import { html, svg, type TemplateResult } from 'lit';

/** How a series is drawn, which its legend key repeats: a solid bar, a hatched bar, or a line with dots. */
export type SeriesMark = 'bar' | 'hatched' | 'line';

/** One key of a legend. */
export interface LegendItem {
  readonly label: string;
  /** Which series colour, `--rapport-color-chart-<n>`. */
  readonly series: 1 | 2 | 3 | 4;
  readonly mark: SeriesMark;
}

function key(item: LegendItem) {
  if (item.mark === 'line') {
    return svg`<line class="line series-${item.series}" x1="1" y1="7" x2="17" y2="7"></line><circle class="dot series-${item.series}" cx="9" cy="7" r="3"></circle>`;
  }
  if (item.mark === 'hatched') return svg`<rect class="bar hatched" fill="url(#hatch-${item.series})" x="1" y="1" width="16" height="12"></rect>`;
  return svg`<rect class="bar series-${item.series}" x="1" y="1" width="16" height="12"></rect>`;
}

/**
 * A chart's legend as a list: each series' name next to a key drawn as the series is (shape and
 * pattern as well as colour, so that no meaning rests on colour alone).
 */
export function renderLegend(items: readonly LegendItem[]): TemplateResult {
  return html`<ul class="legend" part="legend">
    ${items.map((item) => html`<li><svg class="key" width="18" height="14" viewBox="0 0 18 14" aria-hidden="true">${key(item)}</svg>${item.label}</li>`)}
  </ul>`;
}
