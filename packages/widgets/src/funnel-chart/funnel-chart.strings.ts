/** Every string `<rapport-funnel-chart>` shows, by key; override any through its `strings` property. */
export const funnelChartStrings = {
  initial: 'No pipeline to show a funnel for.',
  loading: 'Loading the funnel…',
  empty: 'No deals were created in this pipeline in this period.',
  notFound: 'This pipeline does not exist or has been deleted.',
  error: 'The funnel could not be loaded.',
  retry: 'Try again',
  showTable: 'Show as table',
  /** The visible heading. */
  heading: 'Funnel: {pipeline}',
  /** The chart's accessible name. */
  chartTitle: 'How many deals of {pipeline} reached each stage',
  /** The chart's description: the cohort, then one sentence per step. */
  description: '{deals} in the period. {steps}',
  firstStepLine: '{step}: {reached} reached.',
  stepLine: '{step}: {reached} reached, {conversion} of the previous step, {fromStart} of the first.',
  /** Beside each step: how many reached it, and the share of the step before. */
  stepValue: '{reached} · {conversion}',
  /** The table's caption. */
  caption: 'Deals of {pipeline} that reached each stage',
  colStep: 'Stage',
  colReached: 'Deals reached',
  colConversion: 'Conversion from the previous stage',
  colFromStart: 'Share of the first stage',
  /** A rate that does not exist (the first step's conversion, or after a step no deal reached). */
  notApplicable: '—',
  'deals.one': '{count} deal',
  'deals.other': '{count} deals',
} satisfies Record<string, string>;

/** The keys of {@link funnelChartStrings}, each a string. */
export type FunnelChartStrings = { readonly [K in keyof typeof funnelChartStrings]: string };
