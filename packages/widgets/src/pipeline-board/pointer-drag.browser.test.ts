import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PointerDragController, type DropTarget, type DropZone } from './pointer-drag.js';

/** Row height of the test lists, in px. */
const row = 40;

/** What the controller told its host, in order. */
type Call = ['start', string] | ['over', DropTarget | undefined] | ['drop', DropTarget] | ['cancel'];

interface Stage {
  readonly host: HTMLElement;
  readonly card: HTMLElement;
  readonly columns: HTMLElement[];
  readonly lost: HTMLElement;
  readonly row: HTMLElement;
  readonly ghost: HTMLElement;
  readonly calls: Call[];
  readonly drag: PointerDragController;
  readonly clicks: string[];
}

/** A minimal controller host: the controller needs only `addController`. */
function controllerHost(): ReactiveControllerHost {
  const controllers: ReactiveController[] = [];
  return {
    addController: (c) => controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
}

const styles = `
  .row { display: flex; gap: 16px; width: 420px; overflow-x: auto; }
  .column { flex: 0 0 180px; height: 200px; overflow-y: auto; border: 1px solid; }
  .column > div { height: ${row}px; box-sizing: border-box; border-bottom: 1px solid; }
  .lost { width: 180px; height: 60px; border: 1px solid; }
  .ghost { position: fixed; left: 0; top: 0; width: 100px; height: 30px; pointer-events: none; }
`;

/**
 * Three columns of 20 rows inside a shadow root (where document-level hit testing would stop), a
 * "lost" zone below them, and a controller wired to record what it reports.
 */
function stage(): Stage {
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  const rowElement = document.createElement('div');
  rowElement.className = 'row';
  const columns = ['a', 'b', 'c'].map((key) => {
    const column = document.createElement('div');
    column.className = 'column';
    column.dataset.key = key;
    for (let i = 0; i < 20; i++) column.append(Object.assign(document.createElement('div'), { textContent: `${key}${i}` }));
    rowElement.append(column);
    return column;
  });
  const lost = Object.assign(document.createElement('div'), { className: 'lost', textContent: 'Lost' });
  const ghost = Object.assign(document.createElement('div'), { className: 'ghost' });
  root.append(style, rowElement, lost, ghost);
  const card = columns[0]?.children[1] as HTMLElement;
  const calls: Call[] = [];
  const clicks: string[] = [];
  card.addEventListener('click', () => clicks.push('card'));
  const zones = (): DropZone[] => [
    ...columns.map((element) => ({
      key: element.dataset.key as string,
      element,
      slotAt: (y: number) => Math.max(0, Math.min(20, Math.round((y - element.getBoundingClientRect().top + element.scrollTop) / row))),
    })),
    { key: 'lost', element: lost },
  ];
  const drag = new PointerDragController(controllerHost(), {
    zones,
    scroller: () => rowElement,
    ghost: () => ghost,
    start: (id) => calls.push(['start', id]),
    over: (target) => calls.push(['over', target]),
    drop: (target) => calls.push(['drop', target]),
    cancel: () => calls.push(['cancel']),
  });
  card.addEventListener('pointerdown', (event) => drag.pointerDown(event, 'deal-1', card));
  return { host, card, columns, lost, row: rowElement, ghost, calls, drag, clicks };
}

/** The centre of an element, in whole viewport pixels (what `sendMouse` takes). */
function centre(element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

/** Moves the mouse from `from` to `to` in `steps` real pointer moves. */
async function glide(from: [number, number], to: [number, number], steps = 6): Promise<void> {
  for (let i = 1; i <= steps; i++) {
    await sendMouse({ type: 'move', position: [Math.round(from[0] + ((to[0] - from[0]) * i) / steps), Math.round(from[1] + ((to[1] - from[1]) * i) / steps)] });
  }
}

describe('PointerDragController', () => {
  let current: Stage | undefined;
  afterEach(async () => {
    await sendMouse({ type: 'up' }).catch(() => undefined);
    current?.host.remove();
    current = undefined;
  });

  it('drags with real pointer events into a slot of another column inside a shadow root', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    const column = s.columns[2] as HTMLElement;
    const box = column.getBoundingClientRect();
    // Aim between the 3rd and 4th rows of the third column: slot 3.
    const to: [number, number] = [Math.round(box.left + 40), Math.round(box.top + 3 * row + 2)];
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, to);
    expect(s.drag.dragging).to.equal('deal-1');
    await sendMouse({ type: 'up' });
    expect(s.calls[0]).to.deep.equal(['start', 'deal-1']);
    expect(s.calls.at(-1)).to.deep.equal(['drop', { zone: 'c', slot: 3 }]);
    expect(s.calls.filter(([kind]) => kind === 'over').map(([, target]) => (target as DropTarget | undefined)?.zone)).to.include.members(['a', 'c']);
    expect(s.drag.dragging).to.equal(undefined);
  });

  it('moves the ghost with the pointer, keeping the point where the card was taken', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    const cardBox = s.card.getBoundingClientRect();
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, [from[0] + 50, from[1] + 30], 3);
    const ghost = s.ghost.getBoundingClientRect();
    expect(Math.round(ghost.left)).to.equal(Math.round(from[0] + 50 - (from[0] - cardBox.left)));
    expect(Math.round(ghost.top)).to.equal(Math.round(from[1] + 30 - (from[1] - cardBox.top)));
  });

  it('drops on a zone without a list at slot 0', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, centre(s.lost));
    await sendMouse({ type: 'up' });
    expect(s.calls.at(-1)).to.deep.equal(['drop', { zone: 'lost', slot: 0 }]);
  });

  it('treats a press that moves less than the threshold as a click, not a drag', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [from[0] + 2, from[1] + 1] });
    await sendMouse({ type: 'up' });
    expect(s.calls).to.deep.equal([]);
    expect(s.clicks).to.deep.equal(['card']);
  });

  it('swallows the click that ends a drag, and only that one', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    // Away and back, so the release is over the card that was pressed and the browser makes a click.
    await glide(from, [from[0] + 60, from[1]], 3);
    await glide([from[0] + 60, from[1]], from, 3);
    await sendMouse({ type: 'up' });
    expect(s.calls.at(-1)?.[0]).to.equal('drop');
    expect(s.clicks).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    s.card.click();
    expect(s.clicks).to.deep.equal(['card']);
  });

  it('cancels when released over no zone', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    const lost = s.lost.getBoundingClientRect();
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, [Math.round(lost.right + 100), Math.round(lost.bottom + 40)]);
    await sendMouse({ type: 'up' });
    expect(s.calls.at(-2)).to.deep.equal(['over', undefined]);
    expect(s.calls.at(-1)).to.deep.equal(['cancel']);
  });

  it('cancels on Escape, and the release afterwards does nothing', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, centre(s.columns[1] as HTMLElement));
    await sendKeys({ press: 'Escape' });
    expect(s.calls.at(-1)).to.deep.equal(['cancel']);
    const count = s.calls.length;
    await sendMouse({ type: 'up' });
    expect(s.calls.length).to.equal(count);
  });

  it('ignores the secondary button', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down', button: 'right' });
    await glide(from, centre(s.columns[1] as HTMLElement));
    await sendMouse({ type: 'up', button: 'right' });
    expect(s.calls).to.deep.equal([]);
  });

  it('scrolls the column under the pointer while it rests near its bottom edge, and the slot follows', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    const column = s.columns[1] as HTMLElement;
    const box = column.getBoundingClientRect();
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    // Across at the card's height, then down the second column, so the first never sees the pointer near its edge.
    await glide(from, [Math.round(box.left + 40), from[1]]);
    await glide([Math.round(box.left + 40), from[1]], [Math.round(box.left + 40), Math.round(box.bottom - 6)]);
    await waitUntil(() => column.scrollTop > 100, 'the column scrolls down');
    const last = s.calls.filter(([kind]) => kind === 'over').at(-1)?.[1] as DropTarget;
    expect(last.zone).to.equal('b');
    expect(last.slot).to.be.greaterThan(5);
    expect((s.columns[0] as HTMLElement).scrollTop).to.equal(0);
  });

  it('scrolls the row of columns sideways near its right edge', async () => {
    const s = (current = stage());
    const from = centre(s.card);
    const box = s.row.getBoundingClientRect();
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await glide(from, [Math.round(box.right - 4), Math.round(box.top + 20)]);
    await waitUntil(() => s.row.scrollLeft > 0, 'the row scrolls right');
  });

  describe('touch', () => {
    const touch = (type: string, target: Element, x: number, y: number) =>
      target.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', pointerId: 7, isPrimary: true, clientX: x, clientY: y, bubbles: true, composed: true }));

    it('lifts a card after a long press and drops it where the finger ends', async () => {
      const s = (current = stage());
      const [x, y] = centre(s.card);
      touch('pointerdown', s.card, x, y);
      await waitUntil(() => s.drag.dragging === 'deal-1', 'the long press lifts the card');
      const [tx, ty] = centre(s.lost);
      touch('pointermove', s.card, tx, ty);
      touch('pointerup', s.card, tx, ty);
      expect(s.calls.at(-1)).to.deep.equal(['drop', { zone: 'lost', slot: 0 }]);
    });

    it('leaves a swipe to scrolling: a finger that moves before the long press lifts nothing', async () => {
      const s = (current = stage());
      const [x, y] = centre(s.card);
      touch('pointerdown', s.card, x, y);
      touch('pointermove', s.card, x, y + 30);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(s.drag.dragging).to.equal(undefined);
      expect(s.calls).to.deep.equal([]);
    });

    it('cancels when the browser takes the pointer away', async () => {
      const s = (current = stage());
      const [x, y] = centre(s.card);
      touch('pointerdown', s.card, x, y);
      await waitUntil(() => s.drag.dragging === 'deal-1', 'the long press lifts the card');
      touch('pointercancel', s.card, x, y);
      expect(s.calls.at(-1)).to.deep.equal(['cancel']);
    });
  });
});
