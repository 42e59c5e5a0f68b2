import type { Company } from '../companies/company.schema.js';
import type { Contact } from '../contacts/contact.schema.js';
import type { Deal } from '../deals/deal.schema.js';
import type { Interaction } from '../interactions/interaction.schema.js';
import type { WriteRecord } from '../storage/port.js';

/** A valid UUID (version 7) whose order follows `n`, so tests know how ids sort. */
export function fixtureId(n: number): string {
  return `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

const at = '2026-01-01T00:00:00.000Z';

export function contactRecord(n: number, fields: Partial<Contact> = {}): WriteRecord<Contact> {
  return {
    id: fixtureId(n),
    firstName: `First${n}`,
    emails: [],
    phones: [],
    lifecycleStage: 'lead',
    tags: [],
    consent: [],
    customFields: {},
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

export function companyRecord(n: number, fields: Partial<Company> = {}): WriteRecord<Company> {
  return { id: fixtureId(n), name: `Company ${n}`, tags: [], customFields: {}, createdAt: at, updatedAt: at, ...fields };
}

export function dealRecord(n: number, fields: Partial<Deal> = {}): WriteRecord<Deal> {
  const stageId = fields.stageId ?? fixtureId(9001);
  return {
    id: fixtureId(n),
    title: `Deal ${n}`,
    amount: { minor: n * 100, currency: 'EUR' },
    pipelineId: fixtureId(9000),
    stageId,
    position: `a${n}`,
    contactIds: [],
    status: 'open',
    stageHistory: [{ stageId, enteredAt: at }],
    tags: [],
    customFields: {},
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

export function interactionRecord(n: number, fields: Partial<Interaction> = {}): WriteRecord<Interaction> {
  return { id: fixtureId(n), type: 'note', contactId: fixtureId(1), occurredAt: at, createdAt: at, updatedAt: at, ...fields };
}
