import type { DealPlace } from '../events/crm-events.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Pipeline, Stage } from '../pipelines/pipeline.schema.js';
import type { WriteRecord } from '../storage/port.js';
import type { Deal, DealStatus } from './deal.schema.js';

/** Where a deal is going. */
export interface StageTarget {
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  readonly position: string;
  /** Required when the target stage is a lost stage. */
  readonly lostReason?: string | undefined;
}

/** The new deal and, when its stage or status changed, the timeline entry that records it. */
export interface Transition {
  readonly deal: Deal;
  readonly interaction: WriteRecord<Interaction> | undefined;
}

/** Where a deal is, for `deal.moved` events. */
export function placeOf(deal: Deal): DealPlace {
  return { pipelineId: deal.pipelineId, stageId: deal.stageId, position: deal.position, status: deal.status };
}

/** The status a deal has in a stage of this kind. */
export function statusIn(stage: Stage): DealStatus {
  return stage.kind;
}

/**
 * The deal after entering `target`, following the domain's rules: a new stage is added to the
 * history; entering a won stage sets status `won`, `closedAt` and probability 1; a lost stage sets
 * `lost`, `closedAt`, probability 0 and the reason; an open stage reopens a closed deal. A change
 * of stage or status also yields a `stageChange` interaction for the deal's timeline.
 * `status` overrides the stage's status (winning in a pipeline that has no won stage).
 */
export function enterStage(
  deal: Deal,
  target: StageTarget,
  now: string,
  newId: () => string,
  status: DealStatus = statusIn(target.stage),
): Transition {
  const stageChanged = deal.stageId !== target.stage.id || deal.pipelineId !== target.pipeline.id;
  const next: Deal = { ...deal, pipelineId: target.pipeline.id, stageId: target.stage.id, position: target.position, status, updatedAt: now };
  if (stageChanged) next.stageHistory = [...deal.stageHistory, { stageId: target.stage.id, enteredAt: now }];
  if (status !== deal.status) {
    delete next.lostReason;
    delete next.closedAt;
    delete next.probability;
    if (status === 'won') Object.assign(next, { closedAt: now, probability: 1 });
    if (status === 'lost') Object.assign(next, { closedAt: now, probability: 0, lostReason: target.lostReason });
  }
  if (!stageChanged && status === deal.status) return { deal: next, interaction: undefined };

  const interaction: WriteRecord<Interaction> = {
    id: newId(),
    type: 'stageChange',
    dealId: deal.id,
    occurredAt: now,
    createdAt: now,
    updatedAt: now,
    stageChange: {
      fromStageId: deal.stageId,
      toStageId: target.stage.id,
      fromStatus: deal.status,
      toStatus: status,
      ...(status === 'lost' && target.lostReason ? { lostReason: target.lostReason } : {}),
    },
    ...(deal.contactIds[0] ? { contactId: deal.contactIds[0] } : {}),
    ...(deal.companyId ? { companyId: deal.companyId } : {}),
    ...(deal.ownerId ? { ownerId: deal.ownerId } : {}),
  };
  return { deal: next, interaction };
}
