import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/leaderboard/define.js';
import { commonArgs, commonArgTypes, emptyStoryWorkspace, reportStoryWorkspace, stalledWorkspace, widthOf, type CommonReportArgs, type ReportLoaded } from './report-stories.support.js';

interface LeaderboardArgs extends CommonReportArgs {
  from: string;
  to: string;
  limit: number | undefined;
  types: string;
}

const meta = {
  title: 'Widgets/Leaderboard',
  component: 'rapport-leaderboard',
  argTypes: {
    ...commonArgTypes,
    from: { control: 'text', description: 'Interactions from this day (YYYY-MM-DD).' },
    to: { control: 'text', description: 'Interactions before this day.' },
    limit: { control: { type: 'number', min: 1, max: 50 } },
    types: { control: 'text', description: 'Kinds counted, space-separated (empty: all but stage changes).' },
  },
  args: { ...commonArgs, from: '', to: '', limit: undefined, types: '' },
  loaders: [() => reportStoryWorkspace()],
  render: (args, { loaded }) => {
    const { crm } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-leaderboard
        .crm=${crm}
        from=${args.from || nothing}
        to=${args.to || nothing}
        limit=${args.limit ?? nothing}
        types=${args.types || nothing}
        view=${args.view}
        locale=${args.locale}
        theme=${args.theme ?? nothing}
        density=${args.density ?? nothing}
      ></rapport-leaderboard>
    </div>`;
  },
} satisfies Meta<LeaderboardArgs>;

export default meta;
type Story = StoryObj<LeaderboardArgs>;

/** Owners ranked by the activity they logged. */
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
    const { crm } = loaded as ReportLoaded;
    return html`<div ${ref(widthOf(args.width))}>
      <rapport-leaderboard .crm=${crm} .strings=${{ heading: 'Aktivität', showTable: 'Als Tabelle', noOwner: 'Niemand', colOwner: 'Person', colRank: 'Platz', colTotal: 'Gesamt', 'type.call': 'Anrufe', 'type.email': 'E-Mails', 'type.meeting': 'Termine', 'type.note': 'Notizen' }}
        from=${args.from || nothing}
        to=${args.to || nothing}
        limit=${args.limit ?? nothing}
        types=${args.types || nothing}
        view=${args.view} locale=${args.locale}></rapport-leaderboard>
    </div>`;
  },
};

/** No workspace yet. */
export const Initial: Story = { loaders: [async () => ({})] };

/** Waiting for the store. */
export const Loading: Story = { loaders: [async () => stalledWorkspace('hang')] };

/** No activity in the workspace. */
export const Empty: Story = { loaders: [() => emptyStoryWorkspace()] };

/** The store could not be read; the element offers to try again. */
export const LoadError: Story = { name: 'Error', loaders: [async () => stalledWorkspace('fail')] };
