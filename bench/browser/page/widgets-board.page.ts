/**
 * In the page: `<rapport-pipeline-board>` over a pipeline of 10,000 deals in 8 open stages, in
 * Chromium's IndexedDB. First render (connected → cards painted in every column), the DOM it
 * holds (every node, nested shadow roots included), and a keyboard move's time from the drop to
 * the stored deal. Baselines, in the same page: the same deals read through `crm.deals.list` and
 * rendered all at once as `<rapport-deal-card>`s in plain columns (no windowing); and the same
 * move made by calling `crm.deals.move` directly.
 */
import { createCrm, type Change, type Crm, type Deal, type Pipeline } from '@rapport/core';
import { generateNKeysBetween } from 'fractional-indexing';
import { html, render } from 'lit';
import '../../../packages/widgets/src/pipeline-board/define.ts';
import '../../../packages/widgets/src/deal-card/define.ts';
import type { RapportPipelineBoard } from '../../../packages/widgets/src/pipeline-board/pipeline-board.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, seed } from './databases.ts';
import { collectGarbage, progress } from './progress.ts';
import { median } from './stats.ts';

/** What the Node side asks for. */
export interface WidgetsBoardArgs {
  /** Deals in the pipeline, spread evenly over its open stages. */
  readonly deals: number;
  /** Open stages (columns). */
  readonly stages: number;
  /** Timed first renders per side (after one warm-up each). */
  readonly renderRuns: number;
  /** Timed moves per side. */
  readonly moves: number;
}

/** Everything the entry turns into rows. */
export interface WidgetsBoardResult {
  readonly firstRender: { readonly subject: number[]; readonly baseline: number[]; readonly subjectMedian: number; readonly baselineMedian: number; readonly allReadMedian: number };
  readonly nodes: { readonly board: number; readonly baseline: number; readonly cardsRendered: number; readonly baselineCards: number };
  readonly move: { readonly subject: number[]; readonly baseline: number[]; readonly subjectMedian: number; readonly baselineMedian: number; readonly shownMedian: number };
  readonly deals: number;
}

const day = 86_400_000;
const owners = ['user-ada', 'user-ben', 'user-chen', 'user-dia'];
const now = Date.parse('2026-06-01T12:00:00Z');

/** A pipeline of `stages` open stages plus won and lost, and `count` deals dealt round-robin into the open ones, in position order. */
function workspace(count: number, stages: number): { pipeline: Pipeline; deals: Deal[] } {
  const at = new Date(now).toISOString();
  const pipeline: Pipeline = {
    id: '01900000-0000-7000-8000-00000000b0a1',
    version: 1,
    name: 'Bench pipeline',
    currency: 'EUR',
    stages: [
      ...Array.from({ length: stages }, (_, i) => ({
        id: `01900000-0000-7000-8000-0000000051${String(i).padStart(2, '0')}`,
        name: `Stage ${i + 1}`,
        probability: Math.round(((i + 1) / (stages + 1)) * 100) / 100,
        kind: 'open' as const,
        rottingDays: 14,
      })),
      { id: '01900000-0000-7000-8000-0000000052a0', name: 'Won', probability: 1, kind: 'won' as const },
      { id: '01900000-0000-7000-8000-0000000052a1', name: 'Lost', probability: 0, kind: 'lost' as const },
    ],
    createdAt: at,
    updatedAt: at,
  } as Pipeline;
  const perStage = Math.ceil(count / stages);
  const keys = generateNKeysBetween(null, null, perStage);
  const deals = Array.from({ length: count }, (_, i) => {
    const stage = pipeline.stages[i % stages] as Pipeline['stages'][number];
    const entered = new Date(now - (i % 30) * day).toISOString();
    return {
      id: `01900001-0000-7000-8000-${String(i).padStart(12, '0')}`,
      version: 1,
      title: `Deal ${i + 1}: ${['Renewal', 'Expansion', 'New logo', 'Pilot'][i % 4]}`,
      amount: { minor: 100_000 + ((i * 7919) % 5_000_000), currency: 'EUR' },
      pipelineId: pipeline.id,
      stageId: stage.id,
      position: keys[Math.floor(i / stages)] as string,
      status: 'open',
      contactIds: [],
      tags: [],
      customFields: {},
      ownerId: owners[i % owners.length] as string,
      stageHistory: [{ stageId: stage.id, enteredAt: entered }],
      createdAt: entered,
      updatedAt: entered,
    } as Deal;
  });
  return { pipeline, deals };
}

/** Resolves after the next frame has been rendered: a task posted from requestAnimationFrame runs after that frame's style, layout and paint. */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

/** Every node under `root`, counting into open shadow roots (each deal card has its own). */
function countDeep(root: Node): number {
  let count = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    count++;
    const shadow = (node as Element).shadowRoot;
    if (shadow) count += countDeep(shadow);
  }
  return count;
}

/** Polls each frame until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => requestAnimationFrame(resolve));
}

function stage(): HTMLElement {
  const host = document.createElement('main');
  // A board-sized box, as an app gives it: the columns scroll inside it.
  host.className = 'bench-board';
  document.body.append(host);
  return host;
}

/** The cards the board has rendered in the column of `stageId`. */
const cardsIn = (board: RapportPipelineBoard, stageId: string) => board.shadowRoot?.querySelectorAll(`[data-stage="${stageId}"] rapport-deal-card`).length ?? 0;

/** Whether the board has read every column to the end (it stays `aria-busy` until then). */
const fullyRead = (board: RapportPipelineBoard) => board.shadowRoot?.querySelector('[part="board"]')?.getAttribute('aria-busy') === 'false';

/**
 * The board, connected; resolves once cards are painted in every column, with the time that took
 * and the time until every column was read to the end (the totals are complete from then on).
 */
async function renderBoard(host: HTMLElement, crm: Crm, pipeline: Pipeline): Promise<[RapportPipelineBoard, number, number]> {
  const board = document.createElement('rapport-pipeline-board');
  board.crm = crm;
  board.locale = 'en-US';
  board.setAttribute('pipeline-id', pipeline.id);
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const start = performance.now();
  host.append(board);
  await until(() => open.every((s) => cardsIn(board, s.id) > 0));
  const painted = (await afterNextPaint()) - start;
  await until(() => fullyRead(board));
  return [board, painted, performance.now() - start];
}

/** The baseline: every deal of every open stage read through `crm.deals.list` and rendered at once, no windowing. */
async function renderAll(host: HTMLElement, crm: Crm, pipeline: Pipeline): Promise<number> {
  const start = performance.now();
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const columns = await Promise.all(
    open.map(async (s) => {
      const deals: Deal[] = [];
      let cursor: string | undefined;
      do {
        const page = await crm.deals.list({ where: { pipelineId: pipeline.id, stageId: s.id }, orderBy: { field: 'position' }, limit: 500, ...(cursor ? { cursor } : {}) });
        deals.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return deals;
    }),
  );
  const at = new Date(now);
  render(
    html`<div class="plain-board">
      ${open.map(
        (s, i) => html`<section class="plain-column">
          <h3>${s.name}</h3>
          <ol>
            ${columns[i]?.map((deal) => html`<li><rapport-deal-card locale="en-US" .deal=${deal} .pipeline=${pipeline} .now=${at}></rapport-deal-card></li>`)}
          </ol>
        </section>`,
      )}
    </div>`,
    host,
  );
  const cards = host.querySelectorAll('rapport-deal-card');
  await Promise.all([...cards].map((card) => (card as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
  return (await afterNextPaint()) - start;
}

/** Resolves when the change feed reports `dealId` stored in `stageId`, with the time it did. */
function whenStored(crm: Crm, dealId: string, stageId: string): Promise<number> {
  return new Promise((resolve) => {
    const stop = crm.storage.changes((changes: readonly Change[]) => {
      const stored = changes.some((c) => c.type === 'put' && c.id === dealId && (c.record as Deal).stageId === stageId);
      if (stored) {
        stop();
        resolve(performance.now());
      }
    });
  });
}

/** Presses `key` on `target` as the keyboard would (keydown, then keyup). */
function press(target: Element, key: string): void {
  const init = { key, code: key === ' ' ? 'Space' : key, bubbles: true, composed: true, cancelable: true };
  target.dispatchEvent(new KeyboardEvent('keydown', init));
  target.dispatchEvent(new KeyboardEvent('keyup', init));
}

/**
 * Seeds the pipeline (not timed), then: first renders, alternating board and baseline; node
 * counts of each; keyboard moves on the board (Space, ArrowRight, Space) against direct
 * `crm.deals.move` calls.
 */
export async function widgetsBoard(args: WidgetsBoardArgs): Promise<WidgetsBoardResult> {
  const { pipeline, deals } = workspace(args.deals, args.stages);
  const name = freshName('widgets-board');
  const db = rawDatabase(name);
  await seed(db, 'pipelines', [pipeline]);
  await seed(db, 'deals', deals);
  db.close();
  progress(`seeded ${deals.length.toLocaleString('en-US')} deals over ${args.stages} stages`);
  const adapter = await openAdapter(name);
  const crm = createCrm({ storage: adapter });
  const style = document.createElement('style');
  style.textContent = `
    .bench-board { display: block; inline-size: 1600px; block-size: 900px; }
    .bench-board rapport-pipeline-board { block-size: 100%; }
    .plain-board { display: flex; gap: 8px; }
    .plain-column { flex: 0 0 18rem; }
    .plain-column ol { list-style: none; margin: 0; padding: 0; }
  `;
  document.head.append(style);
  try {
    const subject: number[] = [];
    const baseline: number[] = [];
    const allRead: number[] = [];
    let boardNodes = 0;
    let baselineNodes = 0;
    let cardsRendered = 0;
    for (let run = 0; run <= args.renderRuns; run++) {
      collectGarbage();
      const host = stage();
      const [board, ms, readMs] = await renderBoard(host, crm, pipeline);
      if (run > 0) subject.push(ms);
      if (run > 0) allRead.push(readMs);
      if (run === args.renderRuns) {
        boardNodes = countDeep(host);
        cardsRendered = board.shadowRoot?.querySelectorAll('rapport-deal-card').length ?? 0;
      }
      host.remove();
      collectGarbage();
      const plain = stage();
      const plainMs = await renderAll(plain, crm, pipeline);
      if (run > 0) baseline.push(plainMs);
      if (run === args.renderRuns) baselineNodes = countDeep(plain);
      render(null, plain);
      plain.remove();
      progress(`render ${run}/${args.renderRuns}: board ${ms.toFixed(0)} ms (all read ${readMs.toFixed(0)} ms), all cards ${plainMs.toFixed(0)} ms`);
    }

    // Moves: the first card of the first column, one column to the right, by keyboard.
    const open = pipeline.stages.filter((s) => s.kind === 'open');
    const moveSubject: number[] = [];
    const shown: number[] = [];
    const host = stage();
    const [board] = await renderBoard(host, crm, pipeline);
    // Moves are timed on a board that has read every column to the end.
    await until(() => fullyRead(board));
    for (let i = 0; i < args.moves; i++) {
      const from = open[i % 2] as Pipeline['stages'][number];
      const to = open[(i % 2) + 1] as Pipeline['stages'][number];
      const card = board.shadowRoot?.querySelector(`[data-stage="${from.id}"] [data-id]`) as HTMLElement | null;
      if (!card) throw new Error(`no card rendered in ${from.name}`);
      const dealId = card.dataset.id as string;
      card.focus();
      press(card, ' ');
      press(card, 'ArrowRight');
      const stored = whenStored(crm, dealId, to.id);
      const start = performance.now();
      press(board.shadowRoot?.activeElement ?? card, ' ');
      await afterNextPaint();
      shown.push(performance.now() - start);
      moveSubject.push((await stored) - start);
      // The board learns of the write when crm.deals.move resolves, a little after the change
      // feed: let it settle, as any user's next key press would.
      await afterNextPaint();
    }
    host.remove();
    const moveBaseline: number[] = [];
    for (let i = 0; i < args.moves; i++) {
      const from = open[i % 2] as Pipeline['stages'][number];
      const to = open[(i % 2) + 1] as Pipeline['stages'][number];
      const [deal] = (await crm.deals.list({ where: { pipelineId: pipeline.id, stageId: from.id }, orderBy: { field: 'position' }, limit: 1 })).items;
      if (!deal) throw new Error(`no deal in ${from.name}`);
      const start = performance.now();
      await crm.deals.move(deal.id, { stageId: to.id, before: undefined, expectedVersion: deal.version });
      moveBaseline.push(performance.now() - start);
    }
    return {
      firstRender: { subject, baseline, subjectMedian: median(subject), baselineMedian: median(baseline), allReadMedian: median(allRead) },
      nodes: { board: boardNodes, baseline: baselineNodes, cardsRendered, baselineCards: deals.length },
      move: { subject: moveSubject, baseline: moveBaseline, subjectMedian: median(moveSubject), baselineMedian: median(moveBaseline), shownMedian: median(shown) },
      deals: deals.length,
    };
  } finally {
    await adapter.close?.();
    style.remove();
    await dropDatabase(name);
  }
}
