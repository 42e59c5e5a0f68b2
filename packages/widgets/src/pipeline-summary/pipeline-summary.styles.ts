import { css } from 'lit';

/** The totals under the chart: three label–value pairs in a row that wraps. */
export const pipelineSummaryStyles = css`
  .totals {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2) var(--_space-4);
  }
  .totals dt {
    color: var(--_fg-muted);
    font-size: var(--_font-size-small);
  }
  .totals dd {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
`;
