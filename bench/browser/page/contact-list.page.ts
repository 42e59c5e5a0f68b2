/**
 * In the page: `<rapport-contact-list>` over 100,000 contacts in IndexedDB. First render
 * (connected → first rows painted), the work of each frame while scrolling through 5,000 rows,
 * and the nodes in its shadow root; against a plain, unvirtualized Lit list of 1,000 of the same
 * contacts read from IndexedDB (first render and scroll frames), and against the same element
 * over 1,000 contacts (nodes: bounded means the same count at 100 times the records).
 */
import Dexie from 'dexie';
import { compareValues, createCrm, type Contact } from '@rapport/core';
import { generateWorkspace } from '@rapport/core/seed';
import { css, html, LitElement } from 'lit';
import type { RapportContactList } from '../../../packages/widgets/src/contact-list/contact-list.ts';
import '../../../packages/widgets/src/contact-list/define.ts';
import { indexName } from '../../../packages/adapters/src/indexeddb/schema.ts';
import { dropDatabase, freshName, openAdapter, rawDatabase, rawTable, seed } from './databases.ts';
import { collectGarbage, progress } from './progress.ts';

/** What the Node side asks for. */
export interface ContactListArgs {
  /** Contacts in the large database. */
  readonly contacts: number;
  /** Contacts in the small one, and rows of the plain list. */
  readonly small: number;
  /** First renders timed per side (after one untimed). */
  readonly renders: number;
  /** Rows scrolled through. */
  readonly scrollRows: number;
  /** Rows moved per frame. */
  readonly rowsPerFrame: number;
}

/** Samples (ms) of one side. */
export interface Sides {
  readonly subject: number[];
  readonly baseline: number[];
}

/** What the page measured. */
export interface ContactListTimings {
  /** Connected → first rows painted. */
  readonly firstRender: Sides;
  /** Each scrolled frame's main-thread work: frame start → after its rendering. */
  readonly frameWork: Sides;
  /** Time between frames while scrolling (16.7 ms at 60 Hz when nothing is dropped). */
  readonly frameInterval: Sides;
  /** Frames whose painted rows included one not rendered or not loaded yet. */
  readonly blankFrames: number;
  /** Nodes in the element's shadow root (elements, text, Lit's comment markers). */
  readonly nodes: { readonly large: number; readonly largeAfterScroll: number; readonly small: number; readonly plain: number };
  /** End of the 100,000: scroll to the bottom → last row loaded and painted (read from the end). */
  readonly jumpToEndMs: number;
  readonly contacts: number;
  readonly small: number;
  readonly rowHeight: number;
  readonly seedMs: number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Resolves after the next frame has been rendered: a message posted from its rAF callback runs after the paint. */
function afterPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

/** Resolves as soon as `test()` holds, checked after every DOM change under `root`. */
function when(root: Node, test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`Timed out waiting for ${what}`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

/** Every node under `root`: elements, text and comments. */
function countNodes(root: Node): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let n = 0;
  while (walker.nextNode()) n++;
  return n;
}

const nameOf = (c: Contact) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.emails[0] || '';
const initialsOf = (c: Contact) => `${c.firstName?.[0] ?? ''}${c.lastName?.[0] ?? ''}`.toUpperCase();

/**
 * The baseline: every contact rendered as a row with the same six cells, no virtualization, no
 * paging, no live updates; what a page would write without Rapport's list.
 */
class PlainContactList extends LitElement {
  static override properties = { contacts: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      font: 14px/1.45 system-ui, sans-serif;
    }
    .scroller {
      block-size: 480px;
      overflow: auto;
      border: 1px solid #d5d9e0;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(180px, 2fr) minmax(120px, 1.5fr) minmax(120px, 1.5fr) minmax(120px, 1fr) minmax(100px, 0.8fr) minmax(100px, 1fr);
      align-items: center;
      block-size: 44px;
      min-inline-size: 760px;
      border-block-end: 1px solid #d5d9e0;
    }
    .row > div {
      padding-inline: 8px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      inline-size: 28px;
      block-size: 28px;
      margin-inline-end: 8px;
      border-radius: 50%;
      background: #2859c5;
      color: #fff;
    }
  `;
  declare contacts: readonly Contact[];

  constructor() {
    super();
    this.contacts = [];
  }

  override render() {
    return html`<div class="scroller">
      ${this.contacts.map(
        (c) => html`<div class="row" data-loaded>
          <div><span class="avatar">${initialsOf(c)}</span><span>${nameOf(c)}</span></div>
          <div>${c.companyName ?? ''}</div>
          <div>${c.title ?? ''}</div>
          <div>${c.lifecycleStage}</div>
          <div>${c.score ? `${c.score.value} (${c.score.grade})` : 'Not scored'}</div>
          <div>${c.ownerId ?? 'Unassigned'}</div>
        </div>`,
      )}
    </div>`;
  }
}
customElements.define('bench-plain-contact-list', PlainContactList);

/**
 * Scrolls `scroller` by `rowsPerFrame` rows each frame for `frames` frames (turning back at
 * either end), and records each frame's work (from the frame's start, the rAF timestamp, to a
 * message posted from its rAF callback, which runs once the frame is rendered) and the interval
 * between frames. `shown` checks, after each paint, that the rows in view were there.
 */
async function scrollFrames(scroller: HTMLElement, rowHeight: number, rowsPerFrame: number, frames: number, shown: () => boolean) {
  const work: number[] = [];
  const intervals: number[] = [];
  let blank = 0;
  let last: number | undefined;
  let direction = 1;
  for (let i = 0; i < frames; i++) {
    await new Promise<void>((resolve) =>
      requestAnimationFrame((frameStart) => {
        if (last !== undefined) intervals.push(frameStart - last);
        last = frameStart;
        const max = scroller.scrollHeight - scroller.clientHeight;
        let next = scroller.scrollTop + direction * rowsPerFrame * rowHeight;
        if (next > max || next < 0) {
          direction = -direction;
          next = scroller.scrollTop + direction * rowsPerFrame * rowHeight;
        }
        scroller.scrollTop = next;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          work.push(performance.now() - frameStart);
          if (i > 0 && !shown()) blank++;
          resolve();
        };
        channel.port2.postMessage(null);
      }),
    );
  }
  return { work, intervals, blank };
}

/** The rows of the element in view (below its sticky header) are rendered with their contact. */
function rowsInView(el: RapportContactList, rowHeight: number): boolean {
  const root = el.shadowRoot as ShadowRoot;
  const grid = root.querySelector<HTMLElement>('.grid');
  if (!grid) return false;
  const head = root.querySelector<HTMLElement>('.head')?.offsetHeight ?? 0;
  const first = Math.floor(grid.scrollTop / rowHeight);
  const last = Math.floor((grid.scrollTop + grid.clientHeight - head - 1) / rowHeight);
  for (let i = first; i <= last; i++) if (!root.querySelector(`.body > [data-index="${i}"][data-loaded]`)) return false;
  return true;
}

const firstRowShown = (el: RapportContactList) => () => !!el.shadowRoot?.querySelector('.body > [data-index="0"][data-loaded]');

/**
 * Seeds both databases (not timed), then measures first renders, scrolling and node counts.
 *
 * @example
 * const t = await contactList({ contacts: 100_000, small: 1000, renders: 7, scrollRows: 5000, rowsPerFrame: 8 });
 */
export async function contactList(args: ContactListArgs): Promise<ContactListTimings> {
  const seedStart = performance.now();
  const { contacts } = generateWorkspace({ seed: 13, contacts: args.contacts, deals: 0, interactionsPerContact: 0 });
  const smallContacts = contacts.slice(0, args.small);
  const large = freshName('contact-list');
  const small = freshName('contact-list-small');
  const largeDb = rawDatabase(large);
  const smallDb = rawDatabase(small);
  await seed(largeDb, 'contacts', contacts);
  await seed(smallDb, 'contacts', smallContacts);
  const seedMs = performance.now() - seedStart;
  progress(`seeded ${contacts.length.toLocaleString('en-US')} + ${smallContacts.length.toLocaleString('en-US')} contacts in ${(seedMs / 1000).toFixed(1)} s`);

  // The order the list shows: last name, then id.
  const byName = (list: readonly Contact[]) => [...list].sort((a, b) => compareValues(a.lastName, b.lastName) || compareValues(a.id, b.id));
  const expected = byName(contacts);

  const largeAdapter = await openAdapter(large);
  const smallAdapter = await openAdapter(small);
  const stage = document.body.appendChild(document.createElement('main'));
  const nameIndex = indexName('contacts', { fields: ['deletedAt', 'lastName'] });
  const smallTable = rawTable(smallDb, 'contacts');

  const list = (adapter: typeof largeAdapter) => {
    const el = document.createElement('rapport-contact-list');
    el.crm = createCrm({ storage: adapter });
    return el;
  };
  /** Connected → `shown()` → painted. */
  const timeFirstRender = async (el: HTMLElement, shown: () => boolean, load?: () => Promise<void>) => {
    collectGarbage();
    await afterPaint();
    const start = performance.now();
    stage.append(el);
    await load?.();
    await when(el.shadowRoot as ShadowRoot, shown, 'the first rows');
    return (await afterPaint()) - start;
  };
  const subjectRender = async () => {
    const el = list(largeAdapter);
    const ms = await timeFirstRender(el, firstRowShown(el));
    el.remove();
    return ms;
  };
  const plainRender = async () => {
    const el = document.createElement('bench-plain-contact-list') as PlainContactList;
    const ms = await timeFirstRender(
      el,
      () => !!el.shadowRoot?.querySelector('.row'),
      async () => {
        // The first `small` contacts by name, straight from the same kind of index the list reads.
        const rows = await smallTable.where(nameIndex).between([''], ['', Dexie.maxKey]).limit(args.small).toArray();
        el.contacts = rows as unknown as Contact[];
      },
    );
    el.remove();
    return ms;
  };

  try {
    // First render, sides alternating; one untimed round first.
    const firstRender: Sides = { subject: [], baseline: [] };
    await subjectRender();
    await plainRender();
    for (let i = 0; i < args.renders; i++) {
      if (i % 2) firstRender.baseline.push(await plainRender());
      firstRender.subject.push(await subjectRender());
      if (!(i % 2)) firstRender.baseline.push(await plainRender());
    }
    progress(`first render: ${firstRender.subject.map((ms) => ms.toFixed(0)).join(', ')} ms (plain list: ${firstRender.baseline.map((ms) => ms.toFixed(0)).join(', ')} ms)`);

    // The element over 100,000: check what it shows, count nodes, scroll.
    const el = list(largeAdapter);
    stage.append(el);
    await when(el.shadowRoot as ShadowRoot, firstRowShown(el), 'the first rows');
    await afterPaint();
    await afterPaint();
    const root = el.shadowRoot as ShadowRoot;
    const grid = root.querySelector<HTMLElement>('.grid') as HTMLElement;
    const rowHeight = (root.querySelector('.body > .row') as HTMLElement).offsetHeight;
    if (grid.getAttribute('aria-rowcount') !== String(contacts.length + 1)) throw new Error(`aria-rowcount is ${grid.getAttribute('aria-rowcount')}, not ${contacts.length + 1}`);
    const nameAt = (i: number) => root.querySelector(`.body > [data-index="${i}"] [role="gridcell"] > span:last-child`)?.textContent?.trim();
    if (nameAt(0) !== nameOf(expected[0] as Contact)) throw new Error(`row 0 shows ${nameAt(0)}, not ${nameOf(expected[0] as Contact)}`);
    const largeNodes = countNodes(root);

    const frames = Math.ceil(args.scrollRows / args.rowsPerFrame);
    const subjectScroll = await scrollFrames(grid, rowHeight, args.rowsPerFrame, frames, () => rowsInView(el, rowHeight));
    const reached = Math.floor(grid.scrollTop / rowHeight);
    await when(root, () => rowsInView(el, rowHeight), `rows at ${reached}`);
    if (nameAt(reached) !== nameOf(expected[reached] as Contact)) throw new Error(`row ${reached} shows ${nameAt(reached)}, not ${nameOf(expected[reached] as Contact)}`);
    const largeAfterScroll = countNodes(root);
    progress(`scrolled to row ${reached.toLocaleString('en-US')} in ${frames} frames; ${subjectScroll.blank} frames showed a row not yet there`);

    const jumpStart = performance.now();
    grid.scrollTop = grid.scrollHeight;
    const lastIndex = contacts.length - 1;
    await when(root, () => !!root.querySelector(`.body > [data-index="${lastIndex}"][data-loaded]`), 'the last row');
    const jumpToEndMs = (await afterPaint()) - jumpStart;
    if (nameAt(lastIndex) !== nameOf(expected[lastIndex] as Contact)) throw new Error(`the last row shows ${nameAt(lastIndex)}, not ${nameOf(expected[lastIndex] as Contact)}`);
    el.remove();

    // The same element over 1,000 contacts.
    const smallList = list(smallAdapter);
    stage.append(smallList);
    await when(smallList.shadowRoot as ShadowRoot, firstRowShown(smallList), 'the first rows of 1,000');
    await afterPaint();
    await afterPaint();
    const smallNodes = countNodes(smallList.shadowRoot as ShadowRoot);
    smallList.remove();

    // The plain list: nodes, then the same scroll.
    const plain = document.createElement('bench-plain-contact-list') as PlainContactList;
    plain.contacts = byName(smallContacts);
    stage.append(plain);
    await plain.updateComplete;
    await afterPaint();
    const plainNodes = countNodes(plain.shadowRoot as ShadowRoot);
    const plainScroller = plain.shadowRoot?.querySelector('.scroller') as HTMLElement;
    const baselineScroll = await scrollFrames(plainScroller, rowHeight, args.rowsPerFrame, frames, () => true);
    plain.remove();

    return {
      firstRender,
      frameWork: { subject: subjectScroll.work, baseline: baselineScroll.work },
      frameInterval: { subject: subjectScroll.intervals, baseline: baselineScroll.intervals },
      blankFrames: subjectScroll.blank,
      nodes: { large: largeNodes, largeAfterScroll, small: smallNodes, plain: plainNodes },
      jumpToEndMs,
      contacts: contacts.length,
      small: smallContacts.length,
      rowHeight,
      seedMs,
    };
  } finally {
    stage.remove();
    await largeAdapter.close?.();
    await smallAdapter.close?.();
    largeDb.close();
    smallDb.close();
    await dropDatabase(large);
    await dropDatabase(small);
  }
}
