import type { InteractionType } from '@rapport/core';

/** Every string `<rapport-leaderboard>` shows, by key; override any through its `strings` property. */
export const leaderboardStrings = {
  initial: 'No workspace to rank activity in.',
  loading: 'Loading the leaderboard…',
  empty: 'No activity logged in this period.',
  error: 'The leaderboard could not be loaded.',
  retry: 'Try again',
  showTable: 'Show as table',
  /** The visible heading. */
  heading: 'Activity leaderboard',
  /** The chart's accessible name. */
  chartTitle: 'Activities logged per owner, most first',
  /** The chart's description: one sentence per owner, in rank order. */
  description: '{owners} ranked by activities logged. {rows}',
  rowLine: '{rank}. {owner}: {total}.',
  /** An owner's label in the chart: rank and name. */
  rankLabel: '{rank}. {owner}',
  /** The row of interactions that have no owner. */
  noOwner: 'No owner',
  /** The table's caption. */
  caption: 'Activities logged per owner and type',
  colOwner: 'Owner',
  colRank: 'Rank',
  colTotal: 'Total',
  'owners.one': '{count} owner',
  'owners.other': '{count} owners',
  'activities.one': '{count} activity',
  'activities.other': '{count} activities',
  'type.note': 'Notes',
  'type.call': 'Calls',
  'type.email': 'Emails',
  'type.meeting': 'Meetings',
  'type.task': 'Tasks',
  'type.formSubmission': 'Form submissions',
  'type.stageChange': 'Stage changes',
  'type.custom': 'Other',
} satisfies Record<string, string> & Record<`type.${InteractionType}`, string>;

/** The keys of {@link leaderboardStrings}, each a string. */
export type LeaderboardStrings = { readonly [K in keyof typeof leaderboardStrings]: string };
