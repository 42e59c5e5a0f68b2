/**
 * Deal positions are fractional index keys (the `fractional-indexing` package): strings that sort
 * in column order, with a key between any two others. Moving a deal writes only that deal, never
 * its neighbours.
 */
import { generateKeyBetween } from 'fractional-indexing';
import type { StorageScope } from '../storage/port.js';
import type { Condition } from '../storage/query.js';
import type { Deal } from './deal.schema.js';

/** Where in a column a deal goes: after one deal, before another, both, or (neither) at the end. */
export interface ColumnSlot {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly after?: Deal | undefined;
  readonly before?: Deal | undefined;
  /** The deal being moved, which does not count as its own neighbour. */
  readonly movingId?: string | undefined;
}

/** The position key for a deal placed at `slot`. */
export async function positionFor(scope: StorageScope, slot: ColumnSlot): Promise<string> {
  const lower = slot.after?.position ?? (slot.before ? await neighbour(scope, slot, slot.before.position, 'desc') : await neighbour(scope, slot, undefined, 'desc'));
  const upper = slot.before?.position ?? (slot.after ? await neighbour(scope, slot, slot.after.position, 'asc') : undefined);
  if (lower !== undefined && upper !== undefined && lower >= upper) {
    // Two deals can share a key when two clients inserted at the same place at once; order falls
    // back to id there. Go past the tie rather than fail the move.
    return generateKeyBetween(lower, (await neighbour(scope, slot, lower, 'asc')) ?? null);
  }
  return generateKeyBetween(lower ?? null, upper ?? null);
}

/**
 * The position of the nearest deal in the column strictly beyond `from` in `direction`
 * (`asc`: the next one; `desc`: the previous one; `from` undefined with `desc`: the last one).
 */
async function neighbour(scope: StorageScope, slot: ColumnSlot, from: string | undefined, direction: 'asc' | 'desc'): Promise<string | undefined> {
  const where: Record<string, Condition> = { pipelineId: slot.pipelineId, stageId: slot.stageId };
  if (from !== undefined) where.position = direction === 'asc' ? { gt: from } : { lt: from };
  const page = await scope.collection('deals').query({
    where,
    orderBy: { field: 'position', direction },
    limit: 2,
  });
  return page.items.find((deal) => deal.id !== slot.movingId)?.position;
}
