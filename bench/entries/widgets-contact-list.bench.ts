/**
 * `<rapport-contact-list>` over 100,000 contacts in Chromium's IndexedDB: first render, frame
 * work while scrolling, and DOM nodes; against a plain unvirtualized Lit list of 1,000 of the same
 * contacts (render and scroll) and the same element over 1,000 contacts (nodes).
 */
import { row, type BenchEntry } from '../entry.ts';
import { runInPage } from '../browser/run-in-page.ts';
import { median, percentile } from '../browser/page/stats.ts';
import type { ContactListArgs, ContactListTimings } from '../browser/page/contact-list.page.ts';

const name = 'contact list 100k';
const args: ContactListArgs = { contacts: 100_000, small: 1000, renders: 7, scrollRows: 5000, rowsPerFrame: 8 };
const plain = `plain Lit list, ${args.small.toLocaleString('en-US')}`;
const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const nodes = 'nodes';

const entry: BenchEntry = {
  name,
  description: `<rapport-contact-list> over ${count(args.contacts)} contacts on indexedDbAdapter in headless Chromium: first render, frame work while scrolling ${count(args.scrollRows)} rows, DOM nodes; against a plain unvirtualized Lit list of ${count(args.small)} contacts and the same element over ${count(args.small)}.`,
  async run() {
    const t = await runInPage<ContactListTimings>(new URL('../browser/page/contact-list.page.ts', import.meta.url), 'contactList', { ...args });
    if (t.frameWork.subject.length < args.scrollRows / args.rowsPerFrame) throw new Error(`only ${t.frameWork.subject.length} frames measured`);
    const frames = t.frameWork.subject.length;
    const interval = (side: number[]) => `${ms(percentile(side, 50))} / ${ms(percentile(side, 95))}`;
    const work = (p: number) =>
      row({
        entry: name,
        metric: `scroll frame p${p}`,
        unit: 'ms',
        value: percentile(t.frameWork.subject, p),
        baseline: plain,
        baselineValue: percentile(t.frameWork.baseline, p),
        ...(p === 95
          ? {
              note:
                `${frames} frames scrolling ${args.rowsPerFrame} rows (${args.rowsPerFrame * t.rowHeight} px) each through ${count(args.scrollRows)} rows, set from requestAnimationFrame; ` +
                `a frame's work is its start (the rAF timestamp) to a message posted from its rAF callback, which runs once the frame is rendered: scroll handling, Lit's update, style, layout, paint. ` +
                `Frame intervals p50 / p95: ${interval(t.frameInterval.subject)} (plain list ${interval(t.frameInterval.baseline)}). ` +
                `${t.blankFrames} of ${frames} painted frames showed a row in view not yet rendered or loaded. The plain list turns back at its end (${count(args.small)} rows).`,
            }
          : {}),
        extra: { frames, blankFrames: t.blankFrames, rowHeight: t.rowHeight },
      });
    return [
      row({
        entry: name,
        metric: 'first render (median)',
        unit: 'ms',
        value: median(t.firstRender.subject),
        baseline: plain,
        baselineValue: median(t.firstRender.baseline),
        note:
          `Element connected → first rows painted, ${args.renders} runs a side after one untimed: counting ${count(t.contacts)} contacts and reading the first page (100) through crm.contacts.list. ` +
          `Baseline: the first ${count(args.small)} contacts by name read with raw Dexie from the same index of a ${count(t.small)}-contact database, all rendered as rows. ` +
          `Scrolling to the bottom of ${count(t.contacts)} (a read from the end) took ${ms(t.jumpToEndMs)} to the last row painted.`,
        extra: { samples: t.firstRender.subject, baselineSamples: t.firstRender.baseline, jumpToEndMs: t.jumpToEndMs, seedMs: t.seedMs },
      }),
      work(50),
      work(95),
      row({
        entry: name,
        metric: `DOM nodes, ${count(t.contacts)} vs ${count(t.small)}`,
        unit: nodes,
        value: t.nodes.large,
        baseline: `same element, ${count(t.small)}`,
        baselineValue: t.nodes.small,
        note:
          `Every node in the shadow root (elements, text, Lit's markers), settled at the top; ${count(t.nodes.largeAfterScroll)} after scrolling ${count(args.scrollRows)} rows. ` +
          `Ratio ≈ 1: bounded, whatever the record count. The plain list of ${count(t.small)} holds ${count(t.nodes.plain)}.`,
        extra: { largeAfterScroll: t.nodes.largeAfterScroll, plainNodes: t.nodes.plain },
      }),
    ];
  },
};

export default entry;
