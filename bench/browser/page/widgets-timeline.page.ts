/**
 * In the page: `<rapport-activity-timeline>` over a contact with 50,000 interactions in
 * IndexedDB. First render (element connected → first entries painted), frame times while the list
 * is scrolled through thousands of entries with requestAnimationFrame, and the shadow root's node
 * count at 50,000 entries against a contact with 1,000. Baselines: the same first page read with
 * raw Dexie and written as plain DOM; the same scroll over plain, static DOM rows.
 */
import Dexie from 'dexie';
import { createCrm, type Crm, type Interaction } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { indexName } from '../../../packages/adapters/src/indexeddb/schema.ts';
// The element's own registration, as an app imports it (the package does not export it by path yet).
import '../../../packages/widgets/src/activity-timeline/define.ts';
import type { RapportActivityTimeline } from '../../../packages/widgets/src/activity-timeline/activity-timeline.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, rawTable, seed } from './databases.ts';
import { collectGarbage, progress } from './progress.ts';
import { median, summarize, type LatencySummary } from './stats.ts';

/** What the Node side asks for. */
export interface WidgetsTimelineArgs {
  /** Interactions of the busy contact. */
  readonly interactions: number;
  /** Interactions of the small contact, the node-count baseline. */
  readonly smallInteractions: number;
  /** Contacts around them, each with a few generated entries (the store is not just the two). */
  readonly otherContacts: number;
  /** Timed first renders per side (after one warm-up each). */
  readonly renderRuns: number;
  /** Frames of scrolling per side. */
  readonly scrollFrames: number;
  /** How far each frame scrolls, in px. */
  readonly scrollStep: number;
}

/** Frame timings of one side's scroll. */
export interface ScrollTimings {
  /** Main-thread time per frame (ms): frame start to the task after its rendering. */
  readonly work: LatencySummary;
  /** Time between frame starts (ms): 16.7 at 60 Hz when no frame is dropped. */
  readonly interval: LatencySummary;
  /** Frames whose interval exceeded 1.5 frames. */
  readonly dropped: number;
}

/** Everything the entry turns into rows. */
export interface WidgetsTimelineResult {
  readonly firstRender: { readonly subject: number[]; readonly baseline: number[]; readonly subjectMedian: number; readonly baselineMedian: number };
  readonly scroll: { readonly subject: ScrollTimings; readonly baseline: ScrollTimings; readonly entriesScrolled: number; readonly px: number };
  readonly nodes: {
    /** Shadow-root nodes with the busy contact, at first render and after the scroll. */
    readonly largeFirst: number;
    readonly largeScrolled: number;
    /** Shadow-root nodes with the small contact, at first render and, once all is loaded, scrolled to its middle. */
    readonly smallFirst: number;
    readonly smallScrolled: number;
    /** Rows (list items) in the DOM after each scroll. */
    readonly largeRows: number;
    readonly smallRows: number;
  };
  readonly busyInteractions: number;
  readonly smallInteractions: number;
  readonly totalInteractions: number;
}

const types = ['note', 'email', 'call', 'meeting', 'task'] as const;
const owners = ['user-ada', 'user-ben', 'user-chen'];
const bodies = ['Asked about pricing for the larger plan.', 'Wants a demo for the team next week.', 'Sent the security questionnaire back.', 'Renewal looks likely; budget approved.'];

/** `count` entries of one contact's timeline, one every 7 minutes back from `now`; ids sort like their time. */
function longTimeline(prefix: number, contactId: string, companyId: string | undefined, count: number, now: string): Interaction[] {
  const at = Date.parse(now);
  return Array.from({ length: count }, (_, i) => {
    const occurredAt = new Date(at - i * 420_000).toISOString();
    const type = types[i % types.length] as Interaction['type'];
    return {
      id: `0190000${prefix}-0000-7000-8000-${String(count - i).padStart(12, '0')}`,
      version: 1,
      type,
      contactId,
      ...(companyId ? { companyId } : {}),
      ownerId: owners[i % owners.length],
      ...(type === 'note' ? { body: bodies[i % bodies.length] } : { subject: `Entry ${count - i}` }),
      ...(type === 'call' ? { direction: i % 2 ? 'inbound' : 'outbound', durationSec: 60 + (i % 30) * 30, outcome: 'connected' } : {}),
      ...(type === 'meeting' ? { durationSec: 1800 } : {}),
      ...(type === 'task' ? { dueAt: occurredAt, assigneeId: 'user-ada', ...(i % 3 ? { completedAt: occurredAt } : {}) } : {}),
      occurredAt,
      createdAt: occurredAt,
      updatedAt: occurredAt,
    } as Interaction;
  });
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

/** Resolves when `root` holds an element matching `selector` (checked on every DOM change). */
function whenPresent(root: Node & ParentNode, selector: string): Promise<void> {
  if (root.querySelector(selector)) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (root.querySelector(selector)) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(root, { childList: true, subtree: true });
  });
}

/** Every node under `root` (elements, text, comments). */
function countNodes(root: Node): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}

function stage(): HTMLElement {
  const host = document.createElement('main');
  document.body.append(host);
  return host;
}

/** The element on `contactId`, connected; resolves with it once its first entries are painted, and the time that took. */
async function renderTimeline(host: HTMLElement, crm: Crm, contactId: string): Promise<[RapportActivityTimeline, number]> {
  const el = document.createElement('rapport-activity-timeline');
  el.crm = crm;
  el.locale = 'en-US';
  el.timeZone = 'UTC';
  el.contactId = contactId;
  const start = performance.now();
  host.append(el);
  await el.updateComplete;
  await whenPresent(el.shadowRoot as ShadowRoot, '[part="entry"]');
  return [el, (await afterNextPaint()) - start];
}

/** The baseline's plain row for an entry: the same text, no framework. */
function plainRow(entry: Interaction, time: Intl.DateTimeFormat): HTMLElement {
  const row = document.createElement('div');
  row.className = 'row';
  const meta = document.createElement('p');
  meta.textContent = `${entry.type} ${time.format(Date.parse(entry.occurredAt))} by ${entry.ownerId ?? ''}`;
  row.append(meta);
  for (const value of [entry.subject, entry.body, entry.outcome]) {
    if (!value) continue;
    const p = document.createElement('p');
    p.textContent = value;
    row.append(p);
  }
  return row;
}

function plainList(): HTMLElement {
  const list = document.createElement('div');
  list.setAttribute('role', 'list');
  list.style.blockSize = '480px';
  list.style.overflowY = 'auto';
  list.style.font = '14px/1.45 system-ui, sans-serif';
  return list;
}

/** Scrolls `scroller` by `step` px a frame for `frames` frames and times every frame. */
async function scrollFrames(scroller: HTMLElement, frames: number, step: number): Promise<ScrollTimings> {
  const work: number[] = [];
  const interval: number[] = [];
  let previous: number | undefined;
  for (let i = 0; i < frames; i++) {
    const [frameStart, done] = await new Promise<[number, number]>((resolve) =>
      requestAnimationFrame((timestamp) => {
        scroller.scrollTop += step;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve([timestamp, performance.now()]);
        channel.port2.postMessage(null);
      }),
    );
    // The first frame's start is before the loop began: skip it.
    if (previous !== undefined) {
      interval.push(frameStart - previous);
      work.push(done - frameStart);
    }
    previous = frameStart;
  }
  const frame = median(interval);
  return { work: summarize(work), interval: summarize(interval), dropped: interval.filter((ms) => ms > frame * 1.5).length };
}

/** The index (0 = newest) of the top visible entry, from the seeded ids. */
function topEntryIndex(el: RapportActivityTimeline, count: number): number {
  const scroller = el.shadowRoot?.querySelector('[part="list"]') as HTMLElement;
  const top = scroller.getBoundingClientRect().top;
  const visible = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part="entry"]') ?? [])].filter((e) => e.getBoundingClientRect().bottom > top);
  visible.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  const id = visible[0]?.dataset.id ?? '';
  return count - Number(id.slice(-12));
}

/**
 * Seeds (not timed) a workspace whose first contact has `interactions` entries and whose second
 * has `smallInteractions`, then measures the element against its baselines.
 *
 * @example
 * const r = await widgetsTimeline({ interactions: 50_000, smallInteractions: 1000, otherContacts: 500, renderRuns: 7, scrollFrames: 900, scrollStep: 240 });
 */
export async function widgetsTimeline(args: WidgetsTimelineArgs): Promise<WidgetsTimelineResult> {
  // The virtualizer resizes its list inside a ResizeObserver callback; Chromium reports that as a
  // benign "ResizeObserver loop" error event, which would fail the run: mark it handled.
  window.addEventListener('error', (event) => {
    if (String(event.message).includes('ResizeObserver loop')) event.preventDefault();
  });
  const now = '2026-06-01T12:00:00.000Z';
  const workspace = generateWorkspace({ seed: 21, contacts: Math.max(2, args.otherContacts), deals: 0, now });
  const [busy, small] = workspace.contacts;
  if (!busy || !small) throw new Error('The generated workspace has too few contacts');
  const generated = workspace.interactions.filter((i) => i.contactId !== busy.id && i.contactId !== small.id);
  const interactions = [
    ...generated,
    ...longTimeline(1, busy.id, busy.companyId, args.interactions, now),
    ...longTimeline(2, small.id, small.companyId, args.smallInteractions, now),
  ];
  const name = freshName('widgets-timeline');
  const db = rawDatabase(name);
  await seed(db, 'contacts', workspace.contacts);
  await seed(db, 'interactions', interactions);
  progress(`seeded ${interactions.length.toLocaleString('en-US')} interactions: ${args.interactions.toLocaleString('en-US')} for one contact, ${args.smallInteractions.toLocaleString('en-US')} for another`);

  const adapter = await openAdapter(name);
  const crm = createCrm({ storage: adapter });
  const table = rawTable(db, 'interactions');
  const index = indexName('interactions', { fields: ['contactId', 'occurredAt'] });
  const time = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', timeStyle: 'short' });
  const host = stage();
  try {
    // First render, alternating sides, one warm-up each.
    const subjectRender = async () => {
      const [el, ms] = await renderTimeline(host, crm, busy.id);
      el.remove();
      return ms;
    };
    const baselineRender = async () => {
      const start = performance.now();
      const list = plainList();
      host.append(list);
      const page = await table.where(index).between([busy.id], [busy.id, Dexie.maxKey]).reverse().limit(50).toArray();
      for (const entry of page) list.append(plainRow(entry as unknown as Interaction, time));
      const ms = (await afterNextPaint()) - start;
      if (list.childElementCount !== 50) throw new Error(`the baseline rendered ${list.childElementCount} rows`);
      list.remove();
      return ms;
    };
    await subjectRender();
    await baselineRender();
    const subject: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < args.renderRuns; run++) {
      collectGarbage();
      if (run % 2 === 0) subject.push(await subjectRender());
      collectGarbage();
      baseline.push(await baselineRender());
      if (run % 2 === 1) {
        collectGarbage();
        subject.push(await subjectRender());
      }
    }
    progress(`first render: ${median(subject).toFixed(1)} ms (plain DOM ${median(baseline).toFixed(1)} ms)`);

    // Scroll through the busy timeline, then count its nodes.
    collectGarbage();
    const [large, largeMs] = await renderTimeline(host, crm, busy.id);
    await afterNextPaint();
    const largeFirst = countNodes(large.shadowRoot as ShadowRoot);
    const scroller = large.shadowRoot?.querySelector('[part="list"]') as HTMLElement;
    const subjectScroll = await scrollFrames(scroller, args.scrollFrames, args.scrollStep);
    await afterNextPaint();
    const entriesScrolled = topEntryIndex(large, args.interactions);
    const px = scroller.scrollTop;
    const largeScrolled = countNodes(large.shadowRoot as ShadowRoot);
    const largeRows = large.shadowRoot?.querySelectorAll('[role="listitem"]').length ?? 0;
    if (entriesScrolled < 1000) throw new Error(`the scroll passed only ${entriesScrolled} entries`);
    progress(`scrolled ${entriesScrolled.toLocaleString('en-US')} entries (${Math.round(px).toLocaleString('en-US')} px) in ${args.scrollFrames} frames; first render then ${largeMs.toFixed(1)} ms`);
    large.remove();

    // Baseline scroll: the same entries as plain static rows, scrolled the same way.
    collectGarbage();
    const rows = await table
      .where(index)
      .between([busy.id], [busy.id, Dexie.maxKey])
      .reverse()
      .limit(entriesScrolled + 200)
      .toArray();
    const list = plainList();
    for (const entry of rows) list.append(plainRow(entry as unknown as Interaction, time));
    host.append(list);
    await afterNextPaint();
    const baselineScroll = await scrollFrames(list, args.scrollFrames, args.scrollStep);
    list.remove();

    // The small timeline: first render, then scrolled to its end (everything loaded).
    collectGarbage();
    const [smallEl] = await renderTimeline(host, crm, small.id);
    await afterNextPaint();
    const smallFirst = countNodes(smallEl.shadowRoot as ShadowRoot);
    const smallScroller = smallEl.shadowRoot?.querySelector('[part="list"]') as HTMLElement;
    const end = () => smallEl.shadowRoot?.querySelector('.end')?.textContent?.trim() === 'No earlier activity.';
    for (let frames = 0; !end() || topEntryIndex(smallEl, args.smallInteractions) < args.smallInteractions - 10; frames++) {
      if (frames > 3000) throw new Error('the small timeline never reached its end');
      smallScroller.scrollTop = smallScroller.scrollHeight;
      await afterNextPaint();
    }
    // Then to its middle, so that rows render above and below the viewport, as in the busy one.
    smallScroller.scrollTop = (smallScroller.scrollHeight - smallScroller.clientHeight) / 2;
    for (let frames = 0; frames < 5; frames++) await afterNextPaint();
    const smallScrolled = countNodes(smallEl.shadowRoot as ShadowRoot);
    const smallRows = smallEl.shadowRoot?.querySelectorAll('[role="listitem"]').length ?? 0;
    smallEl.remove();

    return {
      firstRender: { subject, baseline, subjectMedian: median(subject), baselineMedian: median(baseline) },
      scroll: { subject: subjectScroll, baseline: baselineScroll, entriesScrolled, px },
      nodes: { largeFirst, largeScrolled, smallFirst, smallScrolled, largeRows, smallRows },
      busyInteractions: args.interactions,
      smallInteractions: args.smallInteractions,
      totalInteractions: interactions.length,
    };
  } finally {
    host.remove();
    await adapter.close?.();
    db.close();
    await dropDatabase(name);
  }
}
