import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/forecast-chart/define.js';
import { commonArgs, commonArgTypes, emptyStoryWorkspace, reportStoryWorkspace, stalledWorkspace, widthOf, type CommonReportArgs, type ReportLoaded } from './report-stories.support.js';

interface ForecastChartArgs extends CommonReportArgs {
  period: 'month' | 'quarter';
  from: string;
  to: string;
  owner: string;
}

const meta = {
  title: 'Widgets/ForecastChart',
  component: 'rapport-forecast-chart',
  argTypes: {
    ...commonArgTypes,
    period: { control: 'inline-radio', options: ['month', 'quarter'] },
    from: { control: 'text', description: 'First day counted (YYYY-MM-DD).' },
    to: { control: 'text', description: 'First day no longer counted.' },
    owner: { control: 'text', description: 'Only this owner’s deals.' },
  },
  args: { ...commonArgs, period: 'month', from: '', to: '', owner: '' },
  loaders: [() => reportStoryWorkspace()],
  render: (args, { loaded }) => {
    const { crm, pipelineId } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-forecast-chart
        .crm=${crm}
        pipeline-id=${pipelineId ?? nothing}
        period=${args.period}
        from=${args.from || nothing}
        to=${args.to || nothing}
        owner=${args.owner || nothing}
        view=${args.view}
        locale=${args.locale}
        theme=${args.theme ?? nothing}
        density=${args.density ?? nothing}
      ></rapport-forecast-chart>
    </div>`;
  },
} satisfies Meta<ForecastChartArgs>;

export default meta;
type Story = StoryObj<ForecastChartArgs>;

/** The weighted forecast per month as bars, and the deals won as a line with dots. */
export const Complete: Story = {};

/** The same numbers as a data table (the toggle button's other view). */
export const TableView: Story = { args: { view: 'table' } };

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** Compact density. */
export const Compact: Story = { args: { density: 'compact' } };

/** In a narrow container: the chart is drawn at the container's width, not the window's. */
export const NarrowContainer: Story = { args: { width: 300 } };

/** German numbers, money and dates. */
export const German: Story = { args: { locale: 'de-DE' } };

/** Strings replaced, as a host page localising the element would. */
export const CustomStrings: Story = {
  args: { locale: 'de-DE' },
  render: (args, { loaded }) => {
    const { crm, pipelineId } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-forecast-chart .crm=${crm} .strings=${{ headingPipeline: 'Prognose: {pipeline}', showTable: 'Als Tabelle', legendWeighted: 'Gewichtete Prognose', legendWon: 'Gewonnen', colPeriod: 'Zeitraum', colWeighted: 'Gewichtet', colWon: 'Gewonnen' }}
        pipeline-id=${pipelineId ?? nothing}
        period=${args.period}
        from=${args.from || nothing}
        to=${args.to || nothing}
        owner=${args.owner || nothing}
        view=${args.view} locale=${args.locale}></rapport-forecast-chart>
    </div>`;
  },
};

/** No workspace yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => stalledWorkspace('hang')] };

/** No open or won deals. */
export const Empty: Story = { loaders: [() => emptyStoryWorkspace()] };

/** The store could not be read; the element offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => stalledWorkspace('fail')] };
