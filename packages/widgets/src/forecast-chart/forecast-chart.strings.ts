/** Every string `<rapport-forecast-chart>` shows, by key; override any through its `strings` property. */
export const forecastChartStrings = {
  initial: 'No workspace to forecast from.',
  loading: 'Loading the forecast…',
  empty: 'No open or won deals to forecast.',
  notFound: 'This pipeline does not exist or has been deleted.',
  error: 'The forecast could not be loaded.',
  retry: 'Try again',
  showTable: 'Show as table',
  /** The visible heading, for all pipelines or for one. */
  heading: 'Forecast',
  headingPipeline: 'Forecast: {pipeline}',
  /** The chart's accessible name. */
  chartTitle: 'Weighted forecast and won deals per {period}, in {currency}',
  'period.month': 'month',
  'period.quarter': 'quarter',
  /** A quarter on the axis and in the table (`{quarter}` is 1 to 4). */
  quarterLabel: 'Q{quarter} {year}',
  /** The chart's description: the span and totals, then one sentence per period with deals. */
  description: 'From {first} to {last}: {weighted} weighted forecast and {won} won in total. {periods}',
  periodLine: '{period}: {weighted} weighted, {won} won.',
  /** Said instead of the periods' sentences when there are too many to read. */
  peak: 'The highest weighted forecast is {amount}, in {period}.',
  /** The table's caption. */
  caption: 'Forecast per {period}, by expected close date',
  colPeriod: 'Period',
  colWeighted: 'Weighted',
  colCommit: 'Commit',
  colBestCase: 'Best case',
  colPipeline: 'Pipeline',
  colWon: 'Won',
  legendWeighted: 'Weighted forecast (open deals)',
  legendWon: 'Won',
  'deals.one': '{count} deal',
  'deals.other': '{count} deals',
  /** Under the chart: open deals without an expected close date. */
  undated: '{deals} without an expected close date, {weighted} weighted, are not in the chart.',
  /** Under the chart, for currencies the chart does not show (never added to it). */
  otherCurrencies: 'Amounts in {currencies} are not in the chart: the table lists them.',
} satisfies Record<string, string>;

/** The keys of {@link forecastChartStrings}, each a string. */
export type ForecastChartStrings = { readonly [K in keyof typeof forecastChartStrings]: string };
