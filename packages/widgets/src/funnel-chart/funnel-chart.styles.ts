import { css } from 'lit';

/** The funnel's own rules: a hairline in the surface colour between steps, so that they read apart. */
export const funnelChartStyles = css`
  .chart .step {
    stroke: var(--_bg);
    stroke-width: 1;
  }
`;
