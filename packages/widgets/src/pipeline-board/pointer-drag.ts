import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Somewhere a dragged card can land: a column's list, or a won/lost target. */
export interface DropZone {
  /** Names the zone in {@link DropTarget} (a stage id, say). */
  readonly key: string;
  /** The zone's box for hit testing; when it scrolls vertically, dragging near its top or bottom edge scrolls it. */
  readonly element: HTMLElement;
  /** The slot (0 … number of cards) at `clientY`, for zones that hold a list; a zone without one always answers slot 0. */
  readonly slotAt?: (clientY: number) => number;
}

/** Where a drop would land now. */
export interface DropTarget {
  readonly zone: string;
  readonly slot: number;
}

/** What a {@link PointerDragController} asks of its host. */
export interface PointerDragOptions {
  /** The zones to hit-test, as the board stands now. */
  zones(): readonly DropZone[];
  /** The element that scrolls horizontally (the row of columns), if any. */
  scroller(): HTMLElement | undefined;
  /** The element that follows the pointer while dragging, if any; moved with `transform`. */
  ghost(): HTMLElement | undefined;
  /** A drag of `itemId` began (past the movement threshold, or after a long press on touch). */
  start(itemId: string): void;
  /** The target under the pointer changed (`undefined`: over no zone). */
  over(target: DropTarget | undefined): void;
  /** The card was released over `target`. */
  drop(target: DropTarget): void;
  /** The drag ended without a drop: released over no zone, Escape, or the pointer was cancelled. */
  cancel(): void;
}

/** How far (px) a mouse or pen moves with the button down before it counts as a drag rather than a click. */
const dragThreshold = 4;
/** How long (ms) a finger rests on a card before it lifts: shorter presses and swipes scroll as usual. */
const longPressMs = 300;
/** How far (px) a finger may wander during the long press and still lift the card. */
const longPressSlop = 8;
/** The band (px) along a scroller's edges where a drag scrolls it. */
const edgeBand = 48;
/** The fastest auto-scroll (px per frame), reached at the very edge. */
const maxScrollStep = 18;

interface Press {
  readonly pointerId: number;
  readonly itemId: string;
  readonly startX: number;
  readonly startY: number;
  /** Where in the card the pointer took hold, so the ghost keeps that point under it. */
  readonly offsetX: number;
  readonly offsetY: number;
  readonly touch: boolean;
  longPress?: ReturnType<typeof setTimeout>;
}

const sameTarget = (a: DropTarget | undefined, b: DropTarget | undefined) => a?.zone === b?.zone && a?.slot === b?.slot;

/** How far to scroll this frame for a pointer `distance` px inside a band edge (0 outside the band). */
const stepFor = (distance: number) => (distance >= edgeBand ? 0 : Math.ceil(maxScrollStep * (1 - Math.max(0, distance) / edgeBand)));

/**
 * Drags cards with mouse, pen and touch through Pointer Events. Call {@link pointerDown} from a
 * card's `pointerdown` listener.
 *
 * Why not a drag-and-drop library: the maintained ones (pragmatic-drag-and-drop, SortableJS,
 * dragula) find drop targets from the event's target or `elementFromPoint` on the document, and
 * both stop at a shadow root (pragmatic-drag-and-drop issues #15 and #116 are open); SortableJS
 * also moves DOM nodes itself, which fights Lit's rendering and the board's windowed columns. The
 * board knows its geometry, so hit testing here is a comparison of rectangles, and the slot
 * within a column comes from the board's own `slotAt`.
 *
 * A mouse or pen drag starts once the pointer has moved a few pixels with the button down; a
 * touch drag after a long press, so that a swipe still scrolls the column. While dragging, the
 * pointer near a scroller's edge scrolls it (the column under the pointer vertically, the row of
 * columns horizontally), Escape cancels, and the click that ends a drag is swallowed.
 */
export class PointerDragController implements ReactiveController {
  /** The id of the card being dragged, if any. */
  dragging: string | undefined = undefined;

  private press: Press | undefined;
  private target: DropTarget | undefined;
  private lastX = 0;
  private lastY = 0;
  private frame: number | undefined;
  /** Listeners that live only while a press or drag does. */
  private listening: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: PointerDragOptions,
  ) {
    host.addController(this);
  }

  /**
   * Starts watching a press on a card. Ignores secondary buttons, and presses while another is
   * under way (a second finger, say).
   */
  pointerDown(event: PointerEvent, itemId: string, item: HTMLElement): void {
    if (this.press || !event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const box = item.getBoundingClientRect();
    const touch = event.pointerType === 'touch';
    this.press = {
      pointerId: event.pointerId,
      itemId,
      startX: event.clientX,
      startY: event.clientY,
      offsetX: event.clientX - box.left,
      offsetY: event.clientY - box.top,
      touch,
    };
    this.lastX = event.clientX;
    this.lastY = event.clientY;
    this.listen();
    if (touch) this.press.longPress = setTimeout(() => this.begin(), longPressMs);
  }

  hostDisconnected(): void {
    if (this.dragging) this.end(undefined);
    else this.reset();
  }

  /** Window listeners for the press: the card may be re-rendered or windowed away mid-drag, the window stays. */
  private listen(): void {
    this.listening = new AbortController();
    const { signal } = this.listening;
    window.addEventListener('pointermove', (e) => this.handleMove(e), { signal });
    window.addEventListener('pointerup', (e) => this.handleUp(e), { signal });
    window.addEventListener('pointercancel', (e) => this.handleCancel(e), { signal });
    window.addEventListener('keydown', (e) => this.handleKey(e), { signal, capture: true });
    // While a finger drags, the page must not scroll or open a context menu.
    window.addEventListener('touchmove', (e) => this.dragging && e.cancelable && e.preventDefault(), { signal, passive: false });
    window.addEventListener('contextmenu', (e) => this.dragging && e.preventDefault(), { signal });
  }

  private handleMove(event: PointerEvent): void {
    const press = this.press;
    if (!press || event.pointerId !== press.pointerId) return;
    this.lastX = event.clientX;
    this.lastY = event.clientY;
    const moved = Math.hypot(event.clientX - press.startX, event.clientY - press.startY);
    if (!this.dragging) {
      if (press.touch) {
        // A finger that moves before the long press is scrolling: let it.
        if (moved > longPressSlop) this.reset();
      } else if (moved >= dragThreshold) {
        this.begin();
      }
      return;
    }
    event.preventDefault();
    this.track();
  }

  private handleUp(event: PointerEvent): void {
    if (!this.press || event.pointerId !== this.press.pointerId) return;
    if (!this.dragging) {
      this.reset();
      return;
    }
    this.lastX = event.clientX;
    this.lastY = event.clientY;
    this.end(this.hitTest());
    // A click that this release makes belongs to the drag, not to the card. There may be none (the
    // pointer went up over another element), so stop listening after this turn.
    const swallow = (click: Event) => click.stopPropagation();
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
  }

  private handleCancel(event: PointerEvent): void {
    if (!this.press || event.pointerId !== this.press.pointerId) return;
    if (this.dragging) this.end(undefined);
    else this.reset();
  }

  private handleKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    if (this.dragging) {
      event.preventDefault();
      event.stopPropagation();
      this.end(undefined);
    } else {
      this.reset();
    }
  }

  private begin(): void {
    const press = this.press;
    if (!press || this.dragging) return;
    clearTimeout(press.longPress);
    this.dragging = press.itemId;
    this.target = undefined;
    this.options.start(press.itemId);
    this.track();
    this.frame = requestAnimationFrame(() => this.autoScroll());
  }

  /** Moves the ghost and reports a new target under the pointer. */
  private track(): void {
    const press = this.press;
    const ghost = this.options.ghost();
    if (press && ghost) ghost.style.transform = `translate(${this.lastX - press.offsetX}px, ${this.lastY - press.offsetY}px)`;
    const target = this.hitTest();
    if (!sameTarget(target, this.target)) {
      this.target = target;
      this.options.over(target);
    }
  }

  /** The zone under the pointer and the slot in it; the first zone listed wins where they overlap. */
  private hitTest(): DropTarget | undefined {
    const x = this.lastX;
    const y = this.lastY;
    for (const zone of this.options.zones()) {
      const box = zone.element.getBoundingClientRect();
      if (x < box.left || x >= box.right || y < box.top || y >= box.bottom) continue;
      return { zone: zone.key, slot: zone.slotAt ? zone.slotAt(y) : 0 };
    }
    return undefined;
  }

  /** Each frame of a drag: scroll what the pointer is near the edge of, then look again at what is under it. */
  private autoScroll(): void {
    if (!this.dragging) return;
    let scrolled = false;
    const row = this.options.scroller();
    if (row) {
      const box = row.getBoundingClientRect();
      const left = stepFor(this.lastX - box.left);
      const right = stepFor(box.right - this.lastX);
      const step = right - left;
      if (step && this.lastY >= box.top && this.lastY < box.bottom) {
        const before = row.scrollLeft;
        row.scrollLeft += step;
        scrolled ||= row.scrollLeft !== before;
      }
    }
    for (const zone of this.options.zones()) {
      const element = zone.element;
      if (element.scrollHeight <= element.clientHeight) continue;
      const box = element.getBoundingClientRect();
      if (this.lastX < box.left || this.lastX >= box.right) continue;
      const step = stepFor(box.bottom - this.lastY) - stepFor(this.lastY - box.top);
      if (!step) continue;
      const before = element.scrollTop;
      element.scrollTop += step;
      scrolled ||= element.scrollTop !== before;
    }
    if (scrolled) this.track();
    this.frame = requestAnimationFrame(() => this.autoScroll());
  }

  private end(target: DropTarget | undefined): void {
    const wasDragging = this.dragging !== undefined;
    this.reset();
    if (!wasDragging) return;
    if (target) this.options.drop(target);
    else this.options.cancel();
  }

  private reset(): void {
    if (this.press) clearTimeout(this.press.longPress);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.listening?.abort();
    this.listening = undefined;
    this.press = undefined;
    this.dragging = undefined;
    this.target = undefined;
  }
}
