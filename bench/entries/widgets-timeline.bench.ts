/**
 * `<rapport-activity-timeline>` over a contact with 50,000 interactions in Chromium's IndexedDB:
 * first render, scroll frame times and DOM size, each against a plain-DOM baseline measured in
 * the same page.
 */
import { row, type BenchEntry, type BenchRow } from '../entry.ts';
import { runInPage } from '../browser/run-in-page.ts';
import type { WidgetsTimelineArgs, WidgetsTimelineResult } from '../browser/page/widgets-timeline.page.ts';

const name = 'widgets timeline';
const args: WidgetsTimelineArgs = { interactions: 50_000, smallInteractions: 1000, otherContacts: 2000, renderRuns: 7, scrollFrames: 900, scrollStep: 240 };
// `Unit` lists ms and MB; a node count is neither (see the note on the row).
const nodes = 'nodes';
const n = (value: number) => Math.round(value).toLocaleString('en-US');

const entry: BenchEntry = {
  name,
  description: `<rapport-activity-timeline> on a contact with ${n(args.interactions)} interactions in indexedDbAdapter, headless Chromium: first render, frame time while scrolling through thousands of entries, and shadow-DOM nodes against a contact with ${n(args.smallInteractions)}.`,
  async run() {
    const r = await runInPage<WidgetsTimelineResult>(new URL('../browser/page/widgets-timeline.page.ts', import.meta.url), 'widgetsTimeline', { ...args });
    const { firstRender, scroll, nodes: dom } = r;
    const frames = `${args.scrollFrames} frames of ${args.scrollStep} px (requestAnimationFrame), ${n(scroll.entriesScrolled)} entries (${n(scroll.px)} px) passed`;
    const rows: BenchRow[] = [
      row({
        entry: name,
        metric: 'first render (median)',
        unit: 'ms',
        value: firstRender.subjectMedian,
        baseline: 'Dexie read + plain DOM',
        baselineValue: firstRender.baselineMedian,
        note:
          `Element connected → first entries painted (a task posted from the next animation frame), ${args.renderRuns} runs per side after a warm-up, alternating. ` +
          `The element reads the first 50 through crm.interactions.list and the pipelines through crm.watch, renders the composer and filter, and lays the rows out through the virtualizer (two passes: render, measure). ` +
          `Baseline: the same 50 read with where('[k_contactId+occurredAt+id]').reverse().limit(50) and written as plain divs.`,
        extra: { samples: firstRender.subject, baselineSamples: firstRender.baseline },
      }),
      row({
        entry: name,
        metric: 'scroll frame work p50',
        unit: 'ms',
        value: scroll.subject.work.p50,
        baseline: 'static plain rows',
        baselineValue: scroll.baseline.work.p50,
        extra: { frames: scroll.subject.work.count },
      }),
      row({
        entry: name,
        metric: 'scroll frame work p95',
        unit: 'ms',
        value: scroll.subject.work.p95,
        baseline: 'static plain rows',
        baselineValue: scroll.baseline.work.p95,
        note:
          `${frames}. Frame work: from the frame's start (the requestAnimationFrame timestamp) to a task posted in it, i.e. scroll handling, the virtualizer's update, style, layout and paint. ` +
          `Frame interval p50/p95 ${scroll.subject.interval.p50.toFixed(1)}/${scroll.subject.interval.p95.toFixed(1)} ms (baseline ${scroll.baseline.interval.p50.toFixed(1)}/${scroll.baseline.interval.p95.toFixed(1)}), ` +
          `${scroll.subject.dropped} of ${scroll.subject.interval.count} frames late (baseline ${scroll.baseline.dropped}); pages of 250 are read from IndexedDB on the way. ` +
          `Baseline: the same entries as ${n(scroll.entriesScrolled + 200)} static plain rows in a plain scrolling div, scrolled the same way.`,
        extra: {
          intervalP50: scroll.subject.interval.p50,
          intervalP95: scroll.subject.interval.p95,
          baselineIntervalP50: scroll.baseline.interval.p50,
          baselineIntervalP95: scroll.baseline.interval.p95,
          dropped: scroll.subject.dropped,
          baselineDropped: scroll.baseline.dropped,
          entriesScrolled: scroll.entriesScrolled,
        },
      }),
      row({
        entry: name,
        metric: 'shadow DOM nodes, first render',
        unit: nodes,
        value: dom.largeFirst,
        baseline: `${n(args.smallInteractions)}-entry timeline`,
        baselineValue: dom.smallFirst,
      }),
      row({
        entry: name,
        metric: 'shadow DOM nodes, scrolled',
        unit: nodes,
        value: dom.largeScrolled,
        baseline: `${n(args.smallInteractions)}-entry timeline`,
        baselineValue: dom.smallScrolled,
        note:
          `Every node of the shadow root (elements, text, Lit's comment markers), with ${n(args.interactions)} entries after the scroll above (${dom.largeRows} rows in the DOM) ` +
          `against ${n(args.smallInteractions)} entries, all loaded (scrolled to the end), then scrolled to the middle (${dom.smallRows} rows). Goal: ratio ≈ 1, the DOM bounded by the viewport, not the record count: ` +
          `${Math.abs(dom.largeScrolled / dom.smallScrolled - 1) <= 0.25 ? 'met' : 'NOT met'}.`,
      }),
    ];
    if (firstRender.subject.length !== args.renderRuns) throw new Error(`only ${firstRender.subject.length} first renders were timed`);
    return rows;
  },
};

export default entry;
