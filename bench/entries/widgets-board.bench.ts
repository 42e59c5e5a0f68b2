/**
 * `<rapport-pipeline-board>` over 10,000 deals in 8 stages in Chromium's IndexedDB: first render,
 * DOM size and drop → stored, each against an unwindowed render of the same deals (or a direct
 * `crm.deals.move`) measured in the same page.
 */
import { row, type BenchEntry, type BenchRow } from '../entry.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { WidgetsBoardArgs, WidgetsBoardResult } from '../browser/page/widgets-board.page.ts';

const name = 'widgets board';
const args: WidgetsBoardArgs = { deals: 10_000, stages: 8, renderRuns: 5, moves: 12 };
const n = (value: number) => Math.round(value).toLocaleString('en-US');

const entry: BenchEntry = {
  name,
  description: `<rapport-pipeline-board> with ${n(args.deals)} deals over ${args.stages} stages in indexedDbAdapter, headless Chromium: first render, DOM nodes and drop → stored, against the same deals rendered without windowing.`,
  async run() {
    const r = await runInPage<WidgetsBoardResult>(new URL('../browser/page/widgets-board.page.ts', import.meta.url), 'widgetsBoard', { ...args });
    const { firstRender, nodes, move } = r;
    const rows: BenchRow[] = [
      row({
        entry: name,
        metric: 'first render (median)',
        unit: 'ms',
        value: firstRender.subjectMedian,
        baseline: 'all cards, no windowing',
        baselineValue: firstRender.baselineMedian,
        note:
          `Element connected → cards painted in every column (a task posted from the next animation frame), ${args.renderRuns} runs per side after a warm-up, alternating. ` +
          `The board reads each column through crm.deals.list in pages of 500 and paints as soon as every column has its first page; it goes on reading, and has every column to the end (totals over all ${n(r.deals)} deals) after ${n(firstRender.allReadMedian)} ms (median). ` +
          `Baseline: the same pages read the same way, then every deal rendered at once as a <rapport-deal-card> in plain columns.`,
        extra: { samples: firstRender.subject, baselineSamples: firstRender.baseline },
      }),
      row({
        entry: name,
        metric: 'DOM nodes (shadow roots included)',
        unit: 'nodes',
        value: nodes.board,
        baseline: 'all cards, no windowing',
        baselineValue: nodes.baseline,
        note: `Every node, counting into each card's shadow root: ${n(nodes.cardsRendered)} cards rendered by the board against ${n(nodes.baselineCards)} without windowing. Goal: bounded by the viewport, not the deal count.`,
      }),
      row({
        entry: name,
        metric: 'drop → stored (median)',
        unit: 'ms',
        value: move.subjectMedian,
        baseline: 'crm.deals.move directly',
        baselineValue: move.baselineMedian,
        note:
          `${args.moves} keyboard moves (Space, ArrowRight, Space on the first card of a column): from the drop key to the change feed reporting the deal in its new stage; the card shows there after ${move.shownMedian.toFixed(1)} ms (median, next paint). ` +
          `It includes the rapport-deal-move event, the optimistic render (columns and totals over all deals) and the write; the write starts at once, and the render shares the main thread with it. Baseline: crm.deals.move on the same kind of deal, awaited.`,
        extra: { samples: move.subject, baselineSamples: move.baseline, shownMedian: move.shownMedian },
      }),
    ];
    if (firstRender.subject.length !== args.renderRuns) throw new Error(`only ${firstRender.subject.length} first renders were timed`);
    return rows;
  },
};

export default entry;
