import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/funnel-chart/define.js';
import { commonArgs, commonArgTypes, emptyStoryWorkspace, reportStoryWorkspace, stalledWorkspace, widthOf, type CommonReportArgs, type ReportLoaded } from './report-stories.support.js';

interface FunnelChartArgs extends CommonReportArgs {
  from: string;
  to: string;
  owner: string;
}

const meta = {
  title: 'Widgets/FunnelChart',
  component: 'rapport-funnel-chart',
  argTypes: {
    ...commonArgTypes,
    from: { control: 'text', description: 'Deals created from this day (YYYY-MM-DD).' },
    to: { control: 'text', description: 'Deals created before this day.' },
    owner: { control: 'text', description: 'Only this owner’s deals.' },
  },
  args: { ...commonArgs, from: '', to: '', owner: '' },
  loaders: [() => reportStoryWorkspace()],
  render: (args, { loaded }) => {
    const { crm, pipelineId } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-funnel-chart
        .crm=${crm}
        pipeline-id=${pipelineId ?? nothing}
        from=${args.from || nothing}
        to=${args.to || nothing}
        owner=${args.owner || nothing}
        view=${args.view}
        locale=${args.locale}
        theme=${args.theme ?? nothing}
        density=${args.density ?? nothing}
      ></rapport-funnel-chart>
    </div>`;
  },
} satisfies Meta<FunnelChartArgs>;

export default meta;
type Story = StoryObj<FunnelChartArgs>;

/** How many deals reached each stage, and the conversion from the stage before. */
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
      <rapport-funnel-chart .crm=${crm} .strings=${{ heading: 'Trichter: {pipeline}', showTable: 'Als Tabelle', colStep: 'Phase', colReached: 'Erreicht', colConversion: 'Umwandlung', colFromStart: 'Anteil am Anfang' }}
        pipeline-id=${pipelineId ?? nothing}
        from=${args.from || nothing}
        to=${args.to || nothing}
        owner=${args.owner || nothing}
        view=${args.view} locale=${args.locale}></rapport-funnel-chart>
    </div>`;
  },
};

/** No workspace yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => stalledWorkspace('hang')] };

/** No deals created in the period. */
export const Empty: Story = { loaders: [() => emptyStoryWorkspace()] };

/** The store could not be read; the element offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => stalledWorkspace('fail')] };
