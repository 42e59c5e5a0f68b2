import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/pipeline-summary/define.js';
import { commonArgs, commonArgTypes, emptyStoryWorkspace, reportStoryWorkspace, stalledWorkspace, widthOf, type CommonReportArgs, type ReportLoaded } from './report-stories.support.js';

interface PipelineSummaryArgs extends CommonReportArgs {
  owner: string;
  /** Convert into this currency (EUR with a USD rate in the story). */
  currency: string;
}

const meta = {
  title: 'Widgets/PipelineSummary',
  component: 'rapport-pipeline-summary',
  argTypes: {
    ...commonArgTypes,
    owner: { control: 'text', description: 'Only this owner’s deals (empty: everyone’s).' },
    currency: { control: 'inline-radio', options: ['', 'EUR', 'USD'], description: 'Convert every amount into this currency (rates: 1 USD = 0.92 EUR).' },
  },
  args: { ...commonArgs, owner: '', currency: '' },
  loaders: [() => reportStoryWorkspace()],
  render: (args, { loaded }) => {
    const { crm, pipelineId } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-pipeline-summary
        .crm=${crm}
        pipeline-id=${pipelineId ?? nothing}
        owner=${args.owner || nothing}
        currency=${args.currency || nothing}
        .rates=${args.currency === 'USD' ? { EUR: 1.09 } : { USD: 0.92 }}
        view=${args.view}
        locale=${args.locale}
        theme=${args.theme ?? nothing}
        density=${args.density ?? nothing}
      ></rapport-pipeline-summary>
    </div>`;
  },
} satisfies Meta<PipelineSummaryArgs>;

export default meta;
type Story = StoryObj<PipelineSummaryArgs>;

/** Deals, amount (solid) and weighted amount (hatched) per stage, with the totals; USD deals listed apart, never added. */
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
      <rapport-pipeline-summary .crm=${crm} .strings=${{ heading: 'Pipeline-Übersicht: {pipeline}', showTable: 'Als Tabelle', legendAmount: 'Betrag', legendWeighted: 'Gewichtet', 'deals.one': '{count} Deal', 'deals.other': '{count} Deals', totalDeals: 'Deals', totalAmount: 'Betrag', totalWeighted: 'Gewichtet' }}
        pipeline-id=${pipelineId ?? nothing}
        owner=${args.owner || nothing}
        currency=${args.currency || nothing}
        .rates=${args.currency === 'USD' ? { EUR: 1.09 } : { USD: 0.92 }}
        view=${args.view} locale=${args.locale}></rapport-pipeline-summary>
    </div>`;
  },
};

/** No workspace yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => stalledWorkspace('hang')] };

/** A pipeline without deals. */
export const Empty: Story = { loaders: [() => emptyStoryWorkspace()] };

/** The store could not be read; the element offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => stalledWorkspace('fail')] };
