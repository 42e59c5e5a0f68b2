/**
 * Every user-visible string of `<rapport-deal-card>`; `{name}` marks where a value goes.
 * "Days in stage" has one string per `Intl.PluralRules` category, so a translation can give each
 * form its languages needs (English uses only `one` and `other`).
 */
export const dealCardStrings = {
  initial: 'No deal to show.',
  loading: 'Loading the deal…',
  empty: 'This deal does not exist or has been deleted.',
  error: 'The deal could not be loaded.',
  retry: 'Try again',
  company: 'Company',
  contact: 'Contact',
  owner: 'Owner',
  stage: 'Stage',
  amount: 'Amount',
  statusWon: 'Won',
  statusLost: 'Lost',
  rotting: 'Rotting',
  daysInStageZero: '{count} days in stage',
  daysInStageOne: '{count} day in stage',
  daysInStageTwo: '{count} days in stage',
  daysInStageFew: '{count} days in stage',
  daysInStageMany: '{count} days in stage',
  daysInStageOther: '{count} days in stage',
};

/** The keys of `<rapport-deal-card>`'s strings. */
export type DealCardStrings = Record<keyof typeof dealCardStrings, string>;
