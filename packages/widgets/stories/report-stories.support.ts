import { createCrm, fixedClock, memoryAdapter, UnavailableError, type CollectionName, type CollectionOf, type Crm, type StorageAdapter } from '@rapport/core';

/** What a report story's loader hands its render. */
export interface ReportLoaded {
  crm?: Crm;
  pipelineId?: string;
}

const now = '2026-06-01T12:00:00.000Z';

/**
 * A workspace for the report stories: pipeline "New business" (EUR) with four open stages, a few
 * dozen deals closing over the next months (some in USD), a handful won and lost, and a week of
 * calls, emails and meetings by four people.
 */
export async function reportStoryWorkspace(): Promise<ReportLoaded> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  const pipeline = await crm.pipelines.create({
    name: 'New business',
    currency: 'EUR',
    stages: [
      { name: 'Qualified', probability: 0.1 },
      { name: 'Discovery', probability: 0.3 },
      { name: 'Proposal', probability: 0.6 },
      { name: 'Negotiation', probability: 0.8 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  const owners = ['ada@example.com', 'bo@example.com', 'cy@example.com', 'di@example.com'];
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const won = pipeline.stages.find((s) => s.kind === 'won');
  for (let i = 0; i < 36; i++) {
    const month = 6 + (i % 6);
    const deal = await crm.deals.create({
      title: `Deal ${i + 1}`,
      amount: { minor: (4 + ((i * 7) % 23)) * 100_000, currency: i % 9 === 4 ? 'USD' : 'EUR' },
      pipelineId: pipeline.id,
      ownerId: owners[i % owners.length] as string,
      expectedCloseDate: `2026-${String(month).padStart(2, '0')}-${String(1 + ((i * 5) % 27)).padStart(2, '0')}`,
    });
    const depth = i % (open.length + 2);
    for (let s = 1; s <= Math.min(depth, open.length - 1); s++) await crm.deals.move(deal.id, { stageId: (open[s] as (typeof open)[number]).id });
    if (depth === open.length && won) await crm.deals.win(deal.id);
    if (depth === open.length + 1) await crm.deals.lose(deal.id, { reason: 'No budget' });
  }
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee' });
  const types = ['call', 'email', 'meeting', 'note'] as const;
  for (let i = 0; i < 40; i++) {
    await crm.interactions.log({ type: types[i % types.length] as (typeof types)[number], contactId: contact.id, ownerId: owners[(i % 7) % owners.length] as string, occurredAt: '2026-05-28T09:00:00.000Z' });
  }
  return { crm, pipelineId: pipeline.id };
}

/** An empty workspace with one pipeline and no deals. */
export async function emptyStoryWorkspace(): Promise<ReportLoaded> {
  const crm = createCrm({ storage: memoryAdapter(), clock: fixedClock(now) });
  const pipeline = await crm.pipelines.create({ name: 'New business', currency: 'EUR', stages: [{ name: 'Qualified' }, { name: 'Won', kind: 'won' }] });
  return { crm, pipelineId: pipeline.id };
}

/** A workspace whose reads never answer (loading) or always fail (error). */
export function stalledWorkspace(how: 'hang' | 'fail'): ReportLoaded {
  const inner = memoryAdapter();
  const read = () => (how === 'hang' ? new Promise<never>(() => {}) : Promise.reject(new UnavailableError('The store is unreachable')));
  const storage: StorageAdapter = {
    name: `story-${how}`,
    collection<N extends CollectionName>(name: N): CollectionOf<N> {
      const c = inner.collection(name);
      return { get: read, getMany: read, query: read, count: read, put: c.put.bind(c), bulkPut: c.bulkPut.bind(c), delete: c.delete.bind(c) };
    },
    transaction: (names, fn) => inner.transaction(names, fn),
    changes: (listener) => inner.changes(listener),
  };
  return { crm: createCrm({ storage }), pipelineId: '01900000-0000-7000-8000-000000000001' };
}

/** Controls every report story has. */
export const commonArgTypes = {
  view: { control: 'inline-radio', options: ['chart', 'table'], description: 'Chart or data table.' },
  locale: { control: 'text', description: 'A BCP 47 locale for numbers, money and dates.' },
  theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
  width: { control: { type: 'range', min: 260, max: 1100, step: 10 }, description: 'The container’s width in px (the chart follows it).' },
} as const;

/** The common controls' values. */
export interface CommonReportArgs {
  view: 'chart' | 'table';
  locale: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
  width: number;
}

export const commonArgs: CommonReportArgs = { view: 'chart', locale: 'en-US', theme: undefined, density: undefined, width: 720 };

/** Sets a story container's width through the CSSOM (no `style` attribute: strict CSP). */
export const widthOf = (width: number) => (element?: Element) => {
  if (element instanceof HTMLElement) element.style.inlineSize = `${width}px`;
};
