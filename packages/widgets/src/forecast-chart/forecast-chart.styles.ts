import { css } from 'lit';

/** The forecast's own rules: the won line's dots stand out from the bars they cross. */
export const forecastChartStyles = css`
  .chart .dot {
    stroke-width: 2;
  }
  .cell-count {
    display: block;
    color: var(--_fg-muted);
  }
`;
