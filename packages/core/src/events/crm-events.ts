import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { Pipeline } from '../pipelines/pipeline.schema.js';
import type { Score } from '../scoring/compute-score.js';

/** Where a deal was before or after a move. */
export interface DealPlace {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly position: string;
  readonly status: Deal['status'];
}

/** Progress of a CSV import, reported after each chunk. */
export interface ImportProgress {
  /** Data rows read so far. */
  readonly rowsRead: number;
  readonly created: number;
  readonly updated: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * The domain events `crm.on` delivers, by name, with what each carries. They fire after the write
 * commits, for writes made through this `Crm`. (For every change, wherever it was made, use
 * `crm.watch` or the storage change feed.)
 */
export interface CrmEventMap {
  'contact.created': { readonly contact: Contact };
  'contact.updated': { readonly contact: Contact; readonly previous: Contact };
  'contact.deleted': { readonly contact: Contact };
  'contact.restored': { readonly contact: Contact };
  'contact.purged': { readonly id: string };
  'contact.merged': { readonly contact: Contact; readonly mergedId: string };
  'contacts.imported': ImportProgress;
  /** A contact's stored score changed (`crm.scoring.rescore`, `scoreAll`); `score` explains it. */
  'contact.scored': { readonly contact: Contact; readonly score: Score };
  'company.created': { readonly company: Company };
  'company.updated': { readonly company: Company; readonly previous: Company };
  'company.deleted': { readonly company: Company };
  'company.restored': { readonly company: Company };
  'company.purged': { readonly id: string };
  'company.merged': { readonly company: Company; readonly mergedId: string };
  'companies.imported': ImportProgress;
  'pipeline.created': { readonly pipeline: Pipeline };
  'pipeline.updated': { readonly pipeline: Pipeline; readonly previous: Pipeline };
  'pipeline.deleted': { readonly id: string };
  'deal.created': { readonly deal: Deal };
  'deal.updated': { readonly deal: Deal; readonly previous: Deal };
  'deal.moved': { readonly deal: Deal; readonly from: DealPlace; readonly to: DealPlace };
  'deal.won': { readonly deal: Deal };
  'deal.lost': { readonly deal: Deal; readonly reason: string };
  'deal.reopened': { readonly deal: Deal };
  'deal.deleted': { readonly deal: Deal };
  'deal.restored': { readonly deal: Deal };
  'deal.purged': { readonly id: string };
  'interaction.logged': { readonly interaction: Interaction };
  'interaction.updated': { readonly interaction: Interaction; readonly previous: Interaction };
  'interaction.deleted': { readonly id: string };
  'task.completed': { readonly interaction: Interaction };
}

/** The name of a domain event. */
export type CrmEventName = keyof CrmEventMap;

/** Every domain event name, for checking names at run time. */
export const crmEventNames = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.restored',
  'contact.purged',
  'contact.merged',
  'contacts.imported',
  'contact.scored',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.restored',
  'company.purged',
  'company.merged',
  'companies.imported',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.deleted',
  'deal.created',
  'deal.updated',
  'deal.moved',
  'deal.won',
  'deal.lost',
  'deal.reopened',
  'deal.deleted',
  'deal.restored',
  'deal.purged',
  'interaction.logged',
  'interaction.updated',
  'interaction.deleted',
  'task.completed',
] as const satisfies readonly CrmEventName[];

// Fails to compile when an event is added to CrmEventMap but not to crmEventNames.
const everyEventListed: Exclude<CrmEventName, (typeof crmEventNames)[number]> extends never ? true : never = true;
void everyEventListed;

/** A domain event as a listener receives it: its name and its data. */
export type CrmEvent<K extends CrmEventName = CrmEventName> = { readonly type: K } & CrmEventMap[K];

/** Receives domain events of one name. */
export type CrmEventListener<K extends CrmEventName> = (event: CrmEvent<K>) => void;
