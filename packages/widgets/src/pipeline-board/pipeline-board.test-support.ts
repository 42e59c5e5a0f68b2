import { fixture, html, waitUntil } from '@open-wc/testing';
import { createCrm, fixedClock, memoryAdapter, type Crm, type Deal, type Pipeline, type StorageAdapter } from '@rapport/core';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { RapportPipelineBoard } from './pipeline-board.js';
import './define.js';

/** When the test deals were created. */
export const created = '2026-06-01T12:00:00.000Z';
export const now = new Date(Date.parse(created) + 2 * 86_400_000);

export interface Workspace {
  crm: Crm;
  pipeline: Pipeline;
  /** The open stages' ids, in order: Lead, Qualified, Proposal. */
  stages: [string, string, string];
  won: string;
  lost: string;
  /** Lead: Acme renewal, Globex pilot, Initech seats; Qualified: Umbrella audit; Proposal: none. */
  deals: Deal[];
}

/**
 * A memory workspace: a EUR pipeline with three open stages (Lead 10 %, Qualified 40 %, Proposal
 * 70 %) plus Won and Lost, two companies, two contacts, and four deals, one of them in USD.
 */
export async function workspace(storage: StorageAdapter = memoryAdapter()): Promise<Workspace> {
  const crm = createCrm({ storage, clock: fixedClock(created) });
  const pipeline = await crm.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Qualified', probability: 0.4 },
      { name: 'Proposal', probability: 0.7 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  const [lead, qualified, proposal, won, lost] = pipeline.stages.map((s) => s.id) as [string, string, string, string, string];
  const acme = await crm.companies.create({ name: 'Acme' });
  const globex = await crm.companies.create({ name: 'Globex' });
  const ann = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee', companyId: acme.id });
  const zoe = await crm.contacts.create({ firstName: 'Zoë', lastName: 'Émile' });
  const deals = [
    await crm.deals.create({ title: 'Acme renewal', amount: { minor: 100_000, currency: 'EUR' }, pipelineId: pipeline.id, companyId: acme.id, contactIds: [ann.id], ownerId: 'ada' }),
    await crm.deals.create({ title: 'Globex pilot', amount: { minor: 50_000, currency: 'USD' }, pipelineId: pipeline.id, companyId: globex.id, ownerId: 'ben' }),
    await crm.deals.create({ title: 'Initech seats', amount: { minor: 20_000, currency: 'EUR' }, pipelineId: pipeline.id, contactIds: [zoe.id], ownerId: 'ada' }),
    await crm.deals.create({ title: 'Umbrella audit', amount: { minor: 300_000, currency: 'EUR' }, pipelineId: pipeline.id, stageId: qualified, ownerId: 'ben' }),
  ];
  return { crm, pipeline, stages: [lead, qualified, proposal], won, lost, deals };
}

export const boardOf = (crm: Crm | undefined, pipelineId: string | undefined, locale = 'en-US') =>
  fixture<RapportPipelineBoard>(html`<rapport-pipeline-board .crm=${crm} pipeline-id=${ifDefined(pipelineId)} locale=${locale} .now=${now}></rapport-pipeline-board>`);

export const shadow = (el: RapportPipelineBoard): ShadowRoot => el.shadowRoot as ShadowRoot;
export const text = (node: Node | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const part = (el: RapportPipelineBoard, name: string): HTMLElement | null => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);

/** The column lists, in order. */
export const lists = (el: RapportPipelineBoard): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('[role="list"]')];

/** The rendered card rows of a column (by index among the open stages), in position order. */
export const cardsIn = (el: RapportPipelineBoard, column: number): HTMLElement[] =>
  [...(lists(el)[column]?.querySelectorAll<HTMLElement>('[role="listitem"]') ?? [])].sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')));

/** A card row's deal title (read from the deal card's shadow root). */
export const titleOf = (row: Element): string => text(row.querySelector('rapport-deal-card')?.shadowRoot?.querySelector('[part~="title"]'));

/** The titles shown in a column, top to bottom. */
export const titles = (el: RapportPipelineBoard, column: number): string[] => cardsIn(el, column).map(titleOf);

/** The card row showing `title`. */
export const cardRow = (el: RapportPipelineBoard, title: string): HTMLElement | undefined =>
  [...shadow(el).querySelectorAll<HTMLElement>('[role="listitem"]')].find((row) => titleOf(row) === title);

/** What the live region says. */
export const announced = (el: RapportPipelineBoard): string => text(part(el, 'status')).replace(/\u00a0/g, '');

/** The element focused inside the board. */
export const focused = (el: RapportPipelineBoard): Element | null => shadow(el).activeElement;

/** Waits until the board shows its columns with every deal card rendered and titled. */
export async function boardShown(el: RapportPipelineBoard, message = 'the board shows its cards'): Promise<void> {
  await waitUntil(() => lists(el).length > 0 && el.getAttribute('aria-busy') !== 'true' && part(el, 'board')?.getAttribute('aria-busy') === 'false', message, { timeout: 5000 });
  await el.updateComplete;
  await waitUntil(() => [...shadow(el).querySelectorAll('[role="listitem"]')].every((row) => titleOf(row) !== ''), 'cards rendered', { timeout: 5000 });
}

/** The stored deal, read back. */
export const stored = (crm: Crm, id: string): Promise<Deal> => crm.deals.get(id);

/** The centre of an element, in whole viewport pixels. */
export function centre(element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}
