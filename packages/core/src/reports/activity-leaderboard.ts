/**
 * The activity leaderboard: who logged how many calls, emails, meetings… in a period.
 */
import { z } from '../schema/zod.js';
import { interactionTypes, loggableInteractionTypes, type Interaction, type InteractionType } from '../interactions/interaction.schema.js';
import { parseInput } from '../validation.js';
import { compareKeys } from './compare-keys.js';
import { checkPeriod, inPeriod, periodShape } from './period.js';
import { checkData, limitParam } from './report-params.schema.js';

const what = 'activity leaderboard parameters';

/** Validates what `crm.reports.activityLeaderboard` accepts. */
export const activityLeaderboardParamsSchema = z
  .strictObject({
    /** Interactions that occurred (`occurredAt`) in `[from, to)`. */
    ...periodShape,
    /** The kinds counted (default: every kind but `stageChange`, which the deals service writes). */
    types: z
      .array(z.enum(interactionTypes, { message: `Must be one of ${interactionTypes.join(', ')}` }), { message: 'Must be a list of interaction types' })
      .min(1, { message: 'Must name at least one type' })
      .max(interactionTypes.length, { message: `At most ${interactionTypes.length} types` })
      // In the canonical order, each once, so the result's columns do not depend on how they were asked for.
      .transform((types) => interactionTypes.filter((type) => types.includes(type)))
      .default(() => [...loggableInteractionTypes]),
    /** How many rows to return at most (default: all). */
    limit: limitParam,
  })
  .superRefine(checkPeriod);

/** What `crm.reports.activityLeaderboard` accepts. */
export type ActivityLeaderboardParams = z.input<typeof activityLeaderboardParamsSchema>;

/** The records a leaderboard is computed from. */
export interface ActivityLeaderboardData {
  readonly interactions: readonly Interaction[];
}

/** One owner's line of the leaderboard. */
export interface ActivityRow {
  /** Who logged the interactions; `null` for those without an owner. */
  readonly ownerId: string | null;
  /** Interactions of the counted types. */
  readonly total: number;
  /** The count per counted type; every counted type is present, 0 when none. */
  readonly byType: Partial<Record<InteractionType, number>>;
}

/** What `crm.reports.activityLeaderboard` answers. */
export interface ActivityLeaderboard {
  /** The types counted, in `interactionTypes` order. */
  readonly types: InteractionType[];
  /** By total, most first; ties by owner id; the owner-less row last among its ties. */
  readonly rows: ActivityRow[];
}

/**
 * Ranks owners by the interactions they logged in a period, with a count per type.
 *
 * @example
 * const { rows } = computeActivityLeaderboard({ interactions }, { from: '2026-05-01', to: '2026-06-01', types: ['call', 'meeting'], limit: 10 });
 */
export function computeActivityLeaderboard(data: ActivityLeaderboardData, params: ActivityLeaderboardParams): ActivityLeaderboard {
  const p = parseInput(activityLeaderboardParamsSchema, params, what);
  checkData(data, ['interactions'], what);
  const { types } = p;
  const column = new Map<string, number>(types.map((type, index) => [type, index]));

  const counts = new Map<string | null, number[]>();
  for (const interaction of data.interactions) {
    const index = column.get(interaction.type);
    if (index === undefined || !inPeriod(interaction.occurredAt, p)) continue;
    const owner = interaction.ownerId ?? null;
    let row = counts.get(owner);
    if (!row) counts.set(owner, (row = new Array<number>(types.length + 1).fill(0)));
    (row[index] as number)++;
    // The last cell holds the total, so sorting needs no second pass over the counts.
    (row[types.length] as number)++;
  }

  const ranked = [...counts].sort(([ownerA, a], [ownerB, b]) => (b[types.length] as number) - (a[types.length] as number) || compareKeys(ownerA, ownerB));
  const kept = p.limit === undefined ? ranked : ranked.slice(0, p.limit);
  return {
    types,
    rows: kept.map(([ownerId, row]) => ({
      ownerId,
      total: row[types.length] as number,
      byType: Object.fromEntries(types.map((type, index) => [type, row[index] as number])),
    })),
  };
}
