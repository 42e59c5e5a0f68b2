import { waitUntil } from '@open-wc/testing';
import { createCrm, fixedClock, memoryAdapter, type Crm, type Deal, type Pipeline, type StorageAdapter } from '@rapport/core';
import { sendKeys } from '@web/test-runner-commands';

/** The moment the report workspaces call now. */
export const now = '2026-06-01T12:00:00.000Z';

/** A report workspace: a EUR pipeline with three open stages, won and lost; deals in EUR and USD; interactions by two owners. */
export interface ReportWorkspace {
  readonly crm: Crm;
  readonly pipeline: Pipeline;
  /** Stage ids by name. */
  readonly stage: Readonly<Record<'Qualified' | 'Proposal' | 'Negotiation' | 'Won' | 'Lost', string>>;
  readonly deals: readonly Deal[];
}

/**
 * Seeds `storage` with: pipeline "Sales" (EUR; Qualified 20 %, Proposal 50 %, Negotiation 80 %,
 * Won, Lost); open deals of €10,000 (Qualified, ada, closing 2026-07-15), €20,000 (Proposal, bo,
 * 2026-08-10), $5,000 (Proposal, ada, 2026-07-20) and €30,000 (Negotiation, ada, 2026-09-01);
 * a €8,000 deal won via Proposal (bo) and a €4,000 deal lost from Qualified (ada); and
 * interactions: ada 3 calls and 1 email, bo 1 call and 1 meeting, 1 note with no owner.
 */
export async function reportWorkspace(storage: StorageAdapter = memoryAdapter(), names: { pipeline?: string; stages?: readonly string[]; owners?: readonly string[] } = {}): Promise<ReportWorkspace> {
  const crm = createCrm({ storage, clock: fixedClock(now) });
  const [q = 'Qualified', p = 'Proposal', n = 'Negotiation'] = names.stages ?? [];
  const [ada = 'ada', bo = 'bo'] = names.owners ?? [];
  const pipeline = await crm.pipelines.create({
    name: names.pipeline ?? 'Sales',
    currency: 'EUR',
    stages: [
      { name: q, probability: 0.2 },
      { name: p, probability: 0.5 },
      { name: n, probability: 0.8 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  const ids = pipeline.stages.map((s) => s.id) as [string, string, string, string, string];
  const stage = { Qualified: ids[0], Proposal: ids[1], Negotiation: ids[2], Won: ids[3], Lost: ids[4] };
  const eur = (major: number) => ({ minor: major * 100, currency: 'EUR' });
  const deal = (title: string, amount: { minor: number; currency: string }, ownerId: string, expectedCloseDate: string) =>
    crm.deals.create({ title, amount, pipelineId: pipeline.id, ownerId, expectedCloseDate });
  const a = await deal('A', eur(10_000), ada, '2026-07-15');
  const b = await crm.deals.move((await deal('B', eur(20_000), bo, '2026-08-10')).id, { stageId: stage.Proposal });
  const c = await crm.deals.move((await deal('C', { minor: 500_000, currency: 'USD' }, ada, '2026-07-20')).id, { stageId: stage.Proposal });
  const d0 = await deal('D', eur(30_000), ada, '2026-09-01');
  await crm.deals.move(d0.id, { stageId: stage.Proposal });
  const d = await crm.deals.move(d0.id, { stageId: stage.Negotiation });
  const e0 = await deal('E', eur(8_000), bo, '2026-06-20');
  await crm.deals.move(e0.id, { stageId: stage.Proposal });
  const e = await crm.deals.win(e0.id);
  const f = await crm.deals.lose((await deal('F', eur(4_000), ada, '2026-06-25')).id, { reason: 'Budget' });
  const contact = await crm.contacts.create({ firstName: 'Ann', lastName: 'Lee' });
  const log = (type: 'call' | 'email' | 'meeting' | 'note', ownerId: string | undefined) =>
    crm.interactions.log({ type, contactId: contact.id, ...(ownerId ? { ownerId } : {}), occurredAt: '2026-05-20T10:00:00.000Z', body: 'x' } as Parameters<Crm['interactions']['log']>[0]);
  for (const type of ['call', 'call', 'call', 'email'] as const) await log(type, ada);
  await log('call', bo);
  await log('meeting', bo);
  await log('note', undefined);
  return { crm, pipeline, stage, deals: [a, b, c, d, e, f] };
}

/** The element's shadow root. */
export const root = (el: Element) => el.shadowRoot as ShadowRoot;
/** The first element with a part in the element's shadow root. */
export const part = (el: Element, name: string) => root(el).querySelector<HTMLElement | SVGElement>(`[part~="${name}"]`);
/** Text with whitespace collapsed. */
export const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The data table's rows (body, or footer), each a list of cell texts, its row header first. */
export function tableRows(el: Element, section: 'tbody' | 'tfoot' = 'tbody'): string[][] {
  return [...root(el).querySelectorAll(`table ${section} tr`)].map((tr) => [...tr.children].map((cell) => text(cell)));
}

/** The data table's column headers. */
export function tableColumns(el: Element): string[] {
  return [...root(el).querySelectorAll('table thead th')].map((th) => text(th));
}

/** The chart's title and description. */
export function chartWords(el: Element): { title: string; desc: string } {
  return { title: text(root(el).querySelector('svg[role="img"] > title')), desc: text(root(el).querySelector('svg[role="img"] > desc')) };
}

/** Waits until the element shows its chart or table (the complete state). */
export async function complete(el: HTMLElement & { updateComplete: Promise<boolean> }): Promise<void> {
  await waitUntil(() => part(el, 'toggle'), 'the report did not show');
  await el.updateComplete;
}

/** Presses Tab until the toggle button has focus (at most `limit` times); returns whether it does. */
export async function tabToToggle(el: Element, limit = 6): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await sendKeys({ press: 'Tab' });
    if (root(el).activeElement === part(el, 'toggle')) return true;
  }
  return false;
}

/** The width of the svg's viewBox. */
export function viewBoxWidth(el: Element): number {
  const box = root(el).querySelector('svg[role="img"]')?.getAttribute('viewBox') ?? '';
  return Number(box.split(' ')[2]);
}

/** Waits for the microtasks and timers a debounce leaves behind. */
export const settle = (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms));
