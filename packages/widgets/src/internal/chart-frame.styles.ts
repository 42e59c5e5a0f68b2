import { css } from 'lit';

/**
 * What every report view shares: the frame, heading and toggle, the states' message and Retry
 * button, the chart's text, axes and series (every colour a token alias), the legend and the data
 * table. Sizes are in px; text in the chart uses the small font size token.
 */
export const chartFrameStyles = css`
  :host {
    --_chart-font-size: var(--_font-size-small);
  }
  .frame {
    display: grid;
    gap: var(--_space-3);
    min-inline-size: 0;
    padding: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
  }
  p,
  h3,
  dl,
  dd,
  ul,
  ol {
    margin: 0;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  .heading {
    flex: 1 1 12em;
    min-inline-size: 0;
    font-size: var(--_font-size);
    font-weight: 600;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .button {
    flex: none;
    min-block-size: 32px;
    margin: 0;
    padding-block: 0;
    padding-inline: var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-muted);
    color: var(--_fg);
    cursor: pointer;
  }
  .toggle[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_selected);
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-2);
  }
  .message {
    color: var(--_fg-muted);
  }
  .message.error {
    color: var(--_danger);
  }
  .plot {
    min-inline-size: 0;
  }
  .chart {
    display: block;
    inline-size: 100%;
    block-size: auto;
    overflow: visible;
  }
  .chart text {
    fill: var(--_fg);
    font-family: var(--_font);
    font-size: var(--_chart-font-size);
  }
  .chart text.muted {
    fill: var(--_fg-muted);
  }
  .chart text.value {
    font-variant-numeric: tabular-nums;
  }
  .chart .grid {
    stroke: var(--_border);
    stroke-width: 1;
  }
  .chart .baseline {
    stroke: var(--_fg-muted);
    stroke-width: 1;
  }
  .series-1 {
    fill: var(--_chart-1);
  }
  .series-2 {
    fill: var(--_chart-2);
  }
  .series-3 {
    fill: var(--_chart-3);
  }
  .series-4 {
    fill: var(--_chart-4);
  }
  .hatched {
    stroke: var(--_chart-2);
    stroke-width: 1;
  }
  .hatch-fill-2 {
    fill: var(--_chart-2);
  }
  .hatch-line {
    stroke: var(--_bg);
    stroke-width: 2;
  }
  .line {
    fill: none;
    stroke-width: 2;
  }
  .line.series-1 {
    stroke: var(--_chart-1);
  }
  .line.series-2 {
    stroke: var(--_chart-2);
  }
  .dot {
    stroke: var(--_bg);
    stroke-width: 1;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1) var(--_space-3);
    padding: 0;
    list-style: none;
    font-size: var(--_font-size-small);
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: var(--_space-1);
  }
  .key {
    flex: none;
    overflow: visible;
  }
  .table {
    inline-size: 100%;
    border-collapse: collapse;
    font-size: var(--_font-size-small);
    font-variant-numeric: tabular-nums;
  }
  caption {
    padding-block-end: var(--_space-2);
    font-weight: 600;
    text-align: start;
    overflow-wrap: anywhere;
  }
  th,
  td {
    padding-block: var(--_space-1);
    padding-inline: var(--_space-2);
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  th {
    text-align: start;
    font-weight: 600;
  }
  td {
    text-align: end;
  }
  thead th {
    color: var(--_fg-muted);
  }
  tfoot th,
  tfoot td {
    border-block-end: 0;
    font-weight: 600;
  }
  .amounts > span {
    display: block;
  }
  .note {
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
    overflow-wrap: anywhere;
  }
`;
