/** Every string `<rapport-pipeline-summary>` shows, by key; override any through its `strings` property. */
export const pipelineSummaryStrings = {
  initial: 'No pipeline to summarise.',
  loading: 'Loading the pipeline summary…',
  empty: 'No deals in this pipeline yet.',
  notFound: 'This pipeline does not exist or has been deleted.',
  error: 'The pipeline summary could not be loaded.',
  retry: 'Try again',
  showTable: 'Show as table',
  /** The visible heading. */
  heading: 'Pipeline summary: {pipeline}',
  /** The chart's accessible name. */
  chartTitle: 'Amount and weighted amount per stage of {pipeline}, in {currency}',
  /** The chart's description: the totals, then one sentence per stage. */
  description: 'In total {deals} worth {amount}, {weighted} weighted by probability. {stages}',
  stageLine: '{stage}: {deals}, {amount} ({weighted} weighted).',
  /** The table's caption. */
  caption: 'Deals per stage of {pipeline}',
  colStage: 'Stage',
  colDeals: 'Deals',
  colAmount: 'Amount',
  colWeighted: 'Weighted',
  total: 'Total',
  legendAmount: 'Amount',
  legendWeighted: 'Weighted by probability',
  'deals.one': '{count} deal',
  'deals.other': '{count} deals',
  /** Beside each bar: the amount and how many deals. */
  barValue: '{amount} · {deals}',
  /** Under the chart, for amounts in currencies the chart does not show (never added to it). */
  otherCurrencies: 'Also in other currencies, not in the chart: {amounts}.',
  otherCurrency: '{amount} ({weighted} weighted)',
  totalDeals: 'Deals',
  totalAmount: 'Amount',
  totalWeighted: 'Weighted',
} satisfies Record<string, string>;

/** The keys of {@link pipelineSummaryStrings}, each a string. */
export type PipelineSummaryStrings = { readonly [K in keyof typeof pipelineSummaryStrings]: string };
