import type { Interaction } from '../interactions/interaction.schema.js';
import type { EngagementMatch } from './scoring-rules.schema.js';

const day = 86_400_000;

/** Compiles an engagement match into a test on one timeline entry. */
export function compileMatch(match: EngagementMatch): (entry: Interaction) => boolean {
  const types = match.types && new Set<string>(match.types);
  const outcomes = match.outcomes && new Set(match.outcomes.map((o) => o.toLowerCase()));
  const directions = match.directions && new Set<string>(match.directions);
  const formIds = match.formIds && new Set(match.formIds);
  const toStatuses = match.toStatuses && new Set<string>(match.toStatuses);
  return (entry) =>
    (!types || types.has(entry.type)) &&
    (!outcomes || (entry.outcome !== undefined && outcomes.has(entry.outcome.toLowerCase()))) &&
    (!directions || (entry.direction !== undefined && directions.has(entry.direction))) &&
    (!formIds || (typeof entry.data?.['formId'] === 'string' && formIds.has(entry.data['formId']))) &&
    (!toStatuses || (entry.stageChange !== undefined && toStatuses.has(entry.stageChange.toStatus)));
}

/** How much one entry counts at time `nowMs`: 0 when it is in the future or too old, halving with age. */
export function decayWeight(occurredAtMs: number, nowMs: number, halfLifeDays: number | undefined, withinDays: number | undefined): number {
  const ageDays = (nowMs - occurredAtMs) / day;
  // A meeting booked for next week has not happened yet, so it earns nothing yet.
  if (ageDays < 0) return 0;
  if (withinDays !== undefined && ageDays > withinDays) return 0;
  return halfLifeDays === undefined ? 1 : 0.5 ** (ageDays / halfLifeDays);
}
