/**
 * Helpers for the reports' tests: records written as literals with the boring fields filled in,
 * readable UUIDs, and a workspace whose data is made through the services, with a
 * `ReportsService` over the same store.
 *
 * Test-only, free of Node imports like the rest of the test support.
 */
import { createCrm, fixedClock, memoryAdapter, newId, type Contact, type Crm, type Deal, type Interaction, type Pipeline, type Stage, type StorageAdapter } from '../index.js';
import { EventBus } from '../events/event-bus.js';
import { ReportsService } from './reports.js';

/** A readable, valid UUIDv7 ending in `n` (in hex). */
export function uid(n: number): string {
  return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A stage; open unless said otherwise. */
export function stage(id: string, name: string, probability: number, extra: Partial<Stage> = {}): Stage {
  return { id, name, probability, kind: 'open', ...extra };
}

/** A stored pipeline with these stages, in EUR. */
export function pipeline(id: string, stages: Stage[], extra: Partial<Pipeline> = {}): Pipeline {
  return { id, version: 1, name: `Pipeline ${id.slice(-4)}`, currency: 'EUR', stages, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', ...extra };
}

/** `minor` units of `currency`. */
export function money(minor: number, currency = 'EUR') {
  return { minor, currency };
}

/**
 * A stored deal: open, created 2026-01-01, with a history of one visit to its stage unless
 * `stageHistory` says otherwise; `won`/`lost` deals need `closedAt` given.
 */
export function deal(fields: Pick<Deal, 'id' | 'pipelineId' | 'stageId'> & Partial<Deal>): Deal {
  const createdAt = fields.createdAt ?? '2026-01-01T00:00:00.000Z';
  return {
    version: 1,
    title: `Deal ${fields.id.slice(-4)}`,
    amount: money(1000),
    position: 'a0',
    status: 'open',
    contactIds: [],
    tags: [],
    customFields: {},
    stageHistory: [{ stageId: fields.stageId, enteredAt: createdAt }],
    createdAt,
    updatedAt: createdAt,
    ...fields,
  };
}

/** A stored contact, created 2026-01-01. */
export function contact(fields: Pick<Contact, 'id'> & Partial<Contact>): Contact {
  const createdAt = fields.createdAt ?? '2026-01-01T00:00:00.000Z';
  return {
    firstName: `Contact ${fields.id.slice(-4)}`,
    version: 1,
    emails: [],
    phones: [],
    lifecycleStage: 'lead',
    tags: [],
    consent: [],
    customFields: {},
    createdAt,
    updatedAt: createdAt,
    ...fields,
  };
}

/** A stored interaction (a call unless said otherwise). */
export function interaction(fields: Pick<Interaction, 'id' | 'occurredAt'> & Partial<Interaction>): Interaction {
  return { version: 1, type: 'call', createdAt: fields.occurredAt, updatedAt: fields.occurredAt, ...fields } as Interaction;
}

/** A workspace for service-level tests: `crm` to make data, `reports` to read it, one clock for both. */
export interface ReportsWorkspace {
  readonly crm: Crm;
  readonly reports: ReportsService;
  readonly clock: ReturnType<typeof fixedClock>;
}

/**
 * A fresh workspace on `storage` (default: a new memory adapter) with the clock at `start`.
 * `reports` is built as `createCrm` builds its services, over the same store and clock.
 */
export function reportsWorkspace(start = '2026-01-01T00:00:00.000Z', storage: StorageAdapter = memoryAdapter()): ReportsWorkspace {
  const clock = fixedClock(start);
  const crm = createCrm({ storage, clock });
  const reports = new ReportsService({ storage, clock, newId, events: new EventBus() });
  return { crm, reports, clock };
}

/** Every stored record of the workspace, as the pure functions take them. */
export async function storedData(storage: StorageAdapter): Promise<{ pipelines: Pipeline[]; deals: Deal[]; contacts: Contact[]; interactions: Interaction[] }> {
  const all = async <N extends 'pipelines' | 'deals' | 'contacts' | 'interactions'>(name: N) => (await storage.collection(name).query({ limit: 1000 })).items;
  return { pipelines: await all('pipelines'), deals: await all('deals'), contacts: await all('contacts'), interactions: await all('interactions') };
}
