import { isRapportError, type Deal, type DealMove, type Pipeline } from '@rapport/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { customProperty } from '../contact-list/custom-property.js';
import { RapportDealMoveEvent, type DealPlace } from '../events/rapport-deal-move-event.js';
import { RapportDealMovedEvent } from '../events/rapport-deal-moved-event.js';
import { RapportDealSelectEvent } from '../events/rapport-deal-select-event.js';
import { RapportElement } from '../internal/rapport-element.js';
import type { PendingPlace } from './board-model.js';
import { BoardSource } from './board-source.js';
import { CardRows, updateCardRow, type CardContext } from './card-rows.js';
import { columnTotals, type ColumnTotals } from './column-totals.js';
import { filtering, fold, matches, type DealFilter } from './deal-filter.js';
import { MoveMenu, type MenuChoice } from './move-menu.js';
import { NameCache } from './name-cache.js';
import { PointerDragController, type DropTarget, type DropZone } from './pointer-drag.js';
import { pipelineBoardStrings, type PipelineBoardStrings } from './pipeline-board.strings.js';
import { pipelineBoardStyles } from './pipeline-board.styles.js';

export { pipelineBoardStrings, type PipelineBoardStrings } from './pipeline-board.strings.js';

/** Cards rendered beyond the visible ones, on each side of a column's window. */
const overscan = 3;
/** How long typing in the search box pauses before the board filters. */
const typingDelayMs = 200;

/** Text attributes: a removed attribute is the empty string, and the empty string removes the attribute. */
const text = { fromAttribute: (value: string | null) => value ?? '', toAttribute: (value: string) => value || null };

/** A card picked up with the keyboard: where it came from, and the zone (stage id, `won` or `lost`) and index it would drop at. */
interface KeyMove {
  readonly id: string;
  readonly origin: DealPlace;
  readonly zone: string;
  /** Among the zone's cards without this one. */
  readonly index: number;
}

/** A drop that waits for the lost reason. */
interface LostAsk {
  readonly id: string;
}

/**
 * A pipeline as a board: a column per open stage with its deals as `<rapport-deal-card>`s, the
 * count, sum and probability-weighted sum of what each column shows, filters by owner and text,
 * and Won and Lost drop targets. Cards move by pointer and touch (drag and drop, with a drop line
 * and auto-scroll), by keyboard (Space, arrows, Space), and through a "Move to…" menu on every
 * card, so no move needs dragging; each step is announced. A move shows at once and is written
 * with `crm.deals.move` (only the moved deal is written); if the write fails, or a
 * `rapport-deal-move` listener prevents it, the card goes back and the board says why.
 *
 * Columns are windowed: only the cards near the visible part of each column exist in the DOM
 * (with the focused and the moving card kept), every card row has the same height, and the
 * deals are read a page at a time per stage. The board stays live with changes from any tab.
 *
 * @tag rapport-pipeline-board
 * @summary A pipeline's open deals as a kanban board with accessible drag and drop.
 *
 * @csspart board - The board (a region named by the pipeline).
 * @csspart title - The pipeline's name.
 * @csspart toolbar - The owner and search filters.
 * @csspart status - The polite live region that announces moves (visually hidden).
 * @csspart alert - The message shown when a move failed, with its dismiss button.
 * @csspart retry - The button that reads the pipeline again after an error.
 * @csspart column - Each stage's column.
 * @csspart column-header - A column's name, count and totals.
 * @csspart list - A column's list of cards.
 * @csspart deal - Each card's row (the one being moved also has the part `moving`).
 * @csspart move-button - A card's "Move to…" button.
 * @csspart menu - The "Move to…" menu.
 * @csspart drop-indicator - The line that shows where a dragged card will land.
 * @csspart drop-target - The Won and Lost targets (also `won` or `lost`).
 * @csspart dialog - The dialog that asks why a deal was lost.
 *
 * @cssprop --rapport-pipeline-board-column-width - A column's width (default 280px).
 * @cssprop --rapport-pipeline-board-height - The height of a column's scrolling list (default 560px).
 * @cssprop --rapport-pipeline-board-card-height - Every card's height (default 148px, 120px when compact); card text is clamped to it.
 *
 * @fires rapport-deal-move - The user dropped a card, before the write; cancelable: `preventDefault()` puts the card back.
 * @fires rapport-deal-moved - A move the user made has been stored.
 * @fires rapport-deal-select - The user opened a card (click or Enter, not at the end of a drag).
 */
export class RapportPipelineBoard extends RapportElement<PipelineBoardStrings> {
  /** The shared tokens and reset, then the board's own rules. */
  static override styles = [...RapportElement.styles, pipelineBoardStyles];

  /** The pipeline to show. */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined = undefined;

  /** Only deals of this owner id; empty for all. */
  @property({ reflect: true, converter: text }) accessor owner = '';

  /** Only deals whose title, company name or contact name contains this text (case and accents ignored); empty for all. */
  @property({ reflect: true, converter: text }) accessor search = '';

  /** The time that counts as now for the cards' days in stage (default: the time of rendering). */
  @property({ attribute: false }) accessor now: Date | undefined = undefined;

  /** The card holding the roving tab stop. */
  @state() private accessor activeId: string | undefined = undefined;
  @state() private accessor keyMove: KeyMove | undefined = undefined;
  /** The card dragged by pointer, and where it would land. */
  @state() private accessor pointer: { readonly id: string; readonly target: DropTarget | undefined } | undefined = undefined;
  @state() private accessor lostAsk: LostAsk | undefined = undefined;
  @state() private accessor lostError = false;
  @state() private accessor alertText: string | undefined = undefined;
  @state() private accessor announcement = '';

  protected readonly defaultStrings = pipelineBoardStrings;

  private readonly names = new NameCache(() => {
    this.namesRevision++;
    this.requestUpdate();
  });
  private namesRevision = 0;
  private readonly source = new BoardSource(this, () => ({ crm: this.workspace, pipelineId: this.pipelineId }), (changes) => this.names.apply(changes));
  private readonly menu = new MoveMenu(
    () => this.renderRoot.querySelector<HTMLElement>('.menu'),
    () => this.requestUpdate(),
    (id, zone) => this.chooseFromMenu(id, zone),
  );
  private readonly drag = new PointerDragController(this, {
    zones: () => this.dropZones(),
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.columns') ?? undefined,
    ghost: () => this.renderRoot.querySelector<HTMLElement>('.ghost') ?? undefined,
    start: (id) => this.handleDragStart(id),
    over: (target) => {
      if (this.pointer) this.pointer = { id: this.pointer.id, target };
    },
    drop: (target) => this.handleDrop(target),
    cancel: () => this.handleDragCancel(),
  });

  private readonly rows = new Map<string, CardRows>();
  /** Per column: the first card at least partly visible, and how many fit. */
  private readonly windows = new Map<string, { first: number; visible: number }>();
  private pitch = 156;
  private filteredKey = '';
  private filtered = new Map<string, readonly Deal[]>();
  private totals = new Map<string, ColumnTotals>();
  /** The card to focus once rendered. */
  private focusAfterRender: string | undefined;
  /** The card that had focus before the current update. */
  private focusedBefore: string | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resizeObserver = new ResizeObserver(() => this.measure());
  private observed = new Set<Element>();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.typingTimer);
    this.resizeObserver.disconnect();
    this.observed.clear();
    this.names.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.names.use(this.workspace);
    const active = this.shadowRoot?.activeElement?.closest<HTMLElement>('.card');
    this.focusedBefore = active?.dataset.id;
    if (changed.has('pipelineId') || changed.has('crm')) {
      this.keyMove = undefined;
      this.alertText = undefined;
      this.menu.close(false);
    }
  }

  protected override updated(): void {
    for (const scroller of this.renderRoot.querySelectorAll('.scroller')) {
      if (!this.observed.has(scroller)) {
        this.observed.add(scroller);
        this.resizeObserver.observe(scroller);
      }
    }
    this.measure();
    this.syncRows();
    this.restoreFocus();
    this.menu.afterRender();
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog');
    if (dialog && this.lostAsk && !dialog.open) {
      dialog.showModal();
      dialog.querySelector('input')?.focus();
    }
  }

  // ——— Data as shown ———

  private get filter(): DealFilter {
    const locale = this.resolvedLocale;
    return {
      owner: this.owner,
      search: fold(this.search.trim(), locale),
      locale,
      names: (deal) => [this.names.company(deal.companyId), this.names.contact(deal.contactIds[0])],
    };
  }

  /** Each open stage's cards after the filters (moves being written applied; keyboard previews not), and their totals; cached. */
  private columns(): ReadonlyMap<string, readonly Deal[]> {
    const model = this.source.model;
    const filter = this.filter;
    const key = `${model.revision}|${filter.owner}|${filter.search}|${filter.search ? this.namesRevision : 0}|${this.resolvedLocale}`;
    if (key === this.filteredKey) return this.filtered;
    const columns = new Map<string, readonly Deal[]>();
    const on = filtering(filter);
    for (const stage of model.openStages) {
      const view = model.view(stage.id);
      columns.set(stage.id, on ? view.filter((deal) => matches(deal, filter)) : view);
    }
    this.filtered = columns;
    this.filteredKey = key;
    this.totals = model.pipeline ? columnTotals(model.pipeline, columns, this.resolvedLocale) : new Map();
    return columns;
  }

  /** A column's cards as displayed: with a keyboard move's card taken out of its place and put where it would drop. */
  private shown(stageId: string): readonly Deal[] {
    const base = this.columns().get(stageId) ?? [];
    const move = this.keyMove;
    if (!move || move.zone === 'won' || move.zone === 'lost') return base;
    const deal = this.source.model.get(move.id);
    if (!deal) return base;
    const without = base.filter((d) => d.id !== move.id);
    if (move.zone !== stageId) return without;
    const shownDeal = deal.stageId === stageId ? deal : { ...deal, stageId };
    without.splice(Math.min(move.index, without.length), 0, shownDeal);
    return without;
  }

  /** Where a card is displayed. */
  private locate(id: string): DealPlace | undefined {
    for (const stage of this.source.model.openStages) {
      const index = this.shown(stage.id).findIndex((d) => d.id === id);
      if (index >= 0) return { stageId: stage.id, index };
    }
    return undefined;
  }

  /** The card with the tab stop: the active one while it is shown, else the first card of the board. */
  private get tabStop(): string | undefined {
    if (this.activeId && this.locate(this.activeId)) return this.activeId;
    for (const stage of this.source.model.openStages) {
      const first = this.shown(stage.id)[0];
      if (first) return first.id;
    }
    return undefined;
  }

  private stageName(stageId: string): string {
    return this.source.model.pipeline?.stages.find((s) => s.id === stageId)?.name ?? '';
  }

  private number(value: number): string {
    return new Intl.NumberFormat(this.resolvedLocale).format(value);
  }

  private dealCount(count: number): string {
    const one = new Intl.PluralRules(this.resolvedLocale).select(count) === 'one';
    return this.t(one ? 'count.one' : 'count.other', { count: this.number(count) });
  }

  // ——— Windowed columns ———

  private scroller(stageId: string): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>(`.scroller[data-stage="${CSS.escape(stageId)}"]`) ?? undefined;
  }

  private listElement(stageId: string): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>(`.rows[data-stage="${CSS.escape(stageId)}"]`) ?? undefined;
  }

  /** Reads the row pitch and each column's visible rows, and renders again where they changed. */
  private measure(): void {
    const probe = this.renderRoot.querySelector<HTMLElement>('.probe');
    if (probe && probe.offsetHeight > 0) this.pitch = probe.offsetHeight;
    let moved = false;
    for (const stage of this.source.model.openStages) {
      const scroller = this.scroller(stage.id);
      if (!scroller) continue;
      const next = { first: Math.floor(scroller.scrollTop / this.pitch), visible: Math.max(1, Math.ceil(scroller.clientHeight / this.pitch) + 1) };
      const last = this.windows.get(stage.id);
      if (last?.first === next.first && last.visible === next.visible) continue;
      this.windows.set(stage.id, next);
      moved = true;
    }
    if (moved) this.syncRows();
  }

  /** The indices a column renders: its window, the card with the tab stop, and a card being moved. */
  private windowIndices(stageId: string, cards: readonly Deal[]): number[] {
    const { first, visible } = this.windows.get(stageId) ?? { first: 0, visible: 6 };
    const from = Math.max(0, Math.min(first, cards.length - visible) - overscan);
    const to = Math.min(cards.length, first + visible + overscan);
    const indices = new Set<number>();
    for (let i = from; i < to; i++) indices.add(i);
    for (const keep of [this.tabStop, this.keyMove?.id, this.pointer?.id, this.focusAfterRender]) {
      if (!keep) continue;
      const at = cards.findIndex((d) => d.id === keep);
      if (at >= 0) indices.add(at);
    }
    return [...indices].sort((a, b) => a - b);
  }

  /** Renders each column's window of cards (outside Lit's template: see `CardRows`). Runs after each update and on scroll. */
  private syncRows(): void {
    const pipeline = this.source.model.pipeline;
    if (!pipeline || this.source.state !== 'ready') return;
    const tabStop = this.tabStop;
    const base = {
      t: this.t.bind(this),
      pipeline,
      activeId: tabStop,
      movingId: this.keyMove?.id ?? this.pointer?.id,
      menuId: this.menu.dealId,
      names: (deal: Deal) => [this.names.company(deal.companyId) ?? undefined, this.names.contact(deal.contactIds[0]) ?? undefined] as const,
      now: this.now,
      locale: this.resolvedLocale,
      theme: this.theme,
      density: this.density,
      host: this,
    };
    for (const stage of this.source.model.openStages) {
      const list = this.listElement(stage.id);
      if (!list) continue;
      const cards = this.shown(stage.id);
      let rows = this.rows.get(stage.id);
      if (!rows) this.rows.set(stage.id, (rows = new CardRows()));
      const ctx: CardContext = { ...base, count: cards.length };
      const entries = this.windowIndices(stage.id, cards).map((i) => [i, cards[i] as Deal] as const);
      rows.sync(list, entries, (row, index, deal) => {
        updateCardRow(row, index, deal, ctx);
        row.toggleAttribute('data-dragged', deal.id === this.pointer?.id);
      });
    }
  }

  private rowOf(id: string): HTMLElement | undefined {
    for (const rows of this.rows.values()) {
      const row = rows.get(id);
      if (row?.isConnected) return row;
    }
    return undefined;
  }

  /** Scrolls a column as little as needed to show card `index` whole. */
  private scrollToIndex(stageId: string, index: number): void {
    const scroller = this.scroller(stageId);
    if (!scroller) return;
    const padding = parseFloat(getComputedStyle(scroller).paddingBlockStart) || 0;
    const top = index * this.pitch;
    const bottom = top + this.pitch + padding * 2;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (bottom > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = bottom - scroller.clientHeight;
    this.measure();
  }

  /** Puts focus on the card asked for, or back on the card that had it before an update moved its element. */
  private restoreFocus(): void {
    const wanted = this.focusAfterRender;
    this.focusAfterRender = undefined;
    const id = wanted ?? this.focusedBefore;
    if (!id) return;
    const place = this.locate(id);
    if (!place) return;
    if (wanted) this.scrollToIndex(place.stageId, place.index);
    this.syncRows();
    const row = this.rowOf(id);
    const focused = this.shadowRoot?.activeElement;
    if (row && (wanted ? focused !== row : !focused)) row.focus({ preventScroll: true });
  }

  /** Moves the tab stop, and focus, to a card, scrolling its column to show it. */
  private focusCard(id: string | undefined): void {
    if (!id) return;
    this.activeId = id;
    this.focusAfterRender = id;
    this.requestUpdate();
  }

  // ——— Announcements and messages ———

  private announce(message: string): void {
    // The same words twice in a row are a change too: a no-break space tells them apart.
    this.announcement = message === this.announcement.replace(/\u00a0$/, '') && !this.announcement.endsWith('\u00a0') ? `${message}\u00a0` : message;
  }

  private placeText(key: 'pickedUp' | 'position' | 'moved' | 'notMoved' | 'cancelled', deal: Deal, place: DealPlace, count: number): string {
    return this.t(key, { title: deal.title, stage: this.stageName(place.stageId), position: this.number(place.index + 1), count: this.number(count) });
  }

  // ——— Moves ———

  /** The zones in keyboard order: the open stages, then Won and Lost. */
  private zones(): string[] {
    return [...this.source.model.openStages.map((s) => s.id), 'won', 'lost'];
  }

  /**
   * Moves a card for the user: asks for the lost reason when it goes to Lost, fires the
   * cancelable `rapport-deal-move`, shows the card in its new place at once, writes the move
   * with one neighbour, and puts the card back (and says why) if the write fails.
   */
  private async moveCard(id: string, zone: string, index: number, lostReason?: string, keepFocus = this.matches(':focus-within')): Promise<void> {
    const model = this.source.model;
    const crm = this.workspace;
    const deal = model.get(id);
    const from = this.locate(id);
    if (!crm || !deal || !from || !model.pipeline) return;
    if (model.isPending(id)) {
      this.announce(this.t('stillSaving', { title: deal.title }));
      return;
    }
    if (zone === 'lost' && lostReason === undefined) {
      this.lostError = false;
      this.lostAsk = { id };
      return;
    }
    const closed = zone === 'won' || zone === 'lost';
    let to: DealPlace;
    let after: string | undefined;
    let before: string | undefined;
    let place: PendingPlace;
    const closedStage = closed ? model.closedStage(zone) : undefined;
    if (closed) {
      to = { stageId: closedStage?.id ?? deal.stageId, index: 0 };
      place = 'closed';
    } else {
      const others = (this.columns().get(zone) ?? []).filter((d) => d.id !== id);
      const at = Math.max(0, Math.min(index, others.length));
      if (zone === from.stageId && at === from.index) {
        this.announce(this.placeText('notMoved', deal, from, others.length + 1));
        this.focusCard(id);
        return;
      }
      after = at > 0 ? others[at - 1]?.id : undefined;
      before = at === 0 ? others[0]?.id : undefined;
      to = { stageId: zone, index: at };
      place = { stageId: zone, after, before };
    }
    const event = new RapportDealMoveEvent({ deal, from, to, after, before, lostReason });
    this.dispatchEvent(event);
    if (event.defaultPrevented) {
      this.announce(this.t('prevented', { title: deal.title, stage: this.stageName(from.stageId) }));
      this.focusCard(id);
      return;
    }

    // Where focus goes while a closed deal leaves the board: the card that takes its place.
    const column = this.shown(from.stageId);
    const successor = closed ? (column[from.index + 1] ?? column[from.index - 1])?.id : id;
    const hadFocus = keepFocus;
    model.hold(id, place);
    this.alertText = undefined;
    if (closed) this.announce(this.t(zone === 'won' ? 'markedWon' : 'markedLost', { title: deal.title }));
    else this.announce(this.placeText('moved', deal, to, (this.columns().get(zone)?.length ?? 1)));
    if (hadFocus) this.focusCard(successor);
    this.requestUpdate();

    let stored: Deal;
    try {
      const expectedVersion = deal.version;
      if (closed && !closedStage) {
        stored = zone === 'won' ? await crm.deals.win(id, { expectedVersion }) : await crm.deals.lose(id, { reason: lostReason as string, expectedVersion });
      } else {
        const move: DealMove = { stageId: to.stageId, expectedVersion };
        if (after) move.after = after;
        if (before) move.before = before;
        if (lostReason !== undefined) move.lostReason = lostReason;
        stored = await crm.deals.move(id, move);
      }
    } catch (error) {
      if (this.source.model !== model || this.workspace !== crm) return;
      model.settle(id);
      const reason = isRapportError(error, 'conflict') ? 'reasonConflict' : isRapportError(error, 'validation') ? 'reasonInvalid' : 'reasonOther';
      const current = model.get(id) ?? deal;
      const message = this.t('failed', { title: deal.title, reason: this.t(reason), stage: this.stageName(current.stageId) });
      this.alertText = message;
      this.announce(message);
      if (this.matches(':focus-within') || hadFocus) this.focusCard(id);
      this.requestUpdate();
      return;
    }
    model.accept(stored);
    model.settle(id);
    this.requestUpdate();
    this.dispatchEvent(new RapportDealMovedEvent({ deal: stored }));
  }

  private chooseFromMenu(id: string, zone: string): void {
    this.activeId = id;
    const end = (this.columns().get(zone) ?? []).filter((d) => d.id !== id).length;
    void this.moveCard(id, zone, end, undefined, true);
  }

  private menuChoices(id: string): MenuChoice[] {
    const current = this.locate(id)?.stageId;
    const stages = this.source.model.openStages.filter((s) => s.id !== current).map((s) => ({ zone: s.id, label: s.name }));
    return [...stages, { zone: 'won', label: this.t('won') }, { zone: 'lost', label: this.t('lost') }];
  }

  // ——— Keyboard ———

  private pickUp(id: string): void {
    const deal = this.source.model.get(id);
    const place = this.locate(id);
    if (!deal || !place) return;
    if (this.source.model.isPending(id)) {
      this.announce(this.t('stillSaving', { title: deal.title }));
      return;
    }
    this.source.hold();
    this.keyMove = { id, origin: place, zone: place.stageId, index: place.index };
    this.activeId = id;
    this.announce(this.placeText('pickedUp', deal, place, this.shown(place.stageId).length));
  }

  private step(key: string): void {
    const move = this.keyMove;
    const deal = move && this.source.model.get(move.id);
    if (!move || !deal) return;
    const zones = this.zones();
    let zone = move.zone;
    let index = move.index;
    const othersIn = (z: string) => (this.columns().get(z) ?? []).filter((d) => d.id !== move.id).length;
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      if (zone === 'won' || zone === 'lost') return;
      index = Math.max(0, Math.min(othersIn(zone), index + (key === 'ArrowDown' ? 1 : -1)));
    } else {
      const at = zones.indexOf(zone) + (key === 'ArrowRight' ? 1 : -1);
      if (at < 0 || at >= zones.length) return;
      zone = zones[at] as string;
      index = zone === 'won' || zone === 'lost' ? 0 : Math.min(index, othersIn(zone));
    }
    if (zone === move.zone && index === move.index) return;
    this.keyMove = { ...move, zone, index };
    if (zone === 'won' || zone === 'lost') {
      this.announce(this.t('overOutcome', { title: deal.title, outcome: this.t(zone) }));
    } else {
      this.announce(this.placeText('position', deal, { stageId: zone, index }, othersIn(zone) + 1));
    }
    this.focusCard(move.id);
  }

  private drop(): void {
    const move = this.keyMove;
    if (!move) return;
    this.keyMove = undefined;
    void this.moveCard(move.id, move.zone, move.index);
    this.source.release();
  }

  private cancelKeyMove(focus = true): void {
    const move = this.keyMove;
    if (!move) return;
    this.keyMove = undefined;
    this.source.release();
    const deal = this.source.model.get(move.id);
    const place = this.locate(move.id) ?? move.origin;
    if (deal) this.announce(this.placeText('cancelled', deal, place, this.shown(place.stageId).length));
    if (focus) this.focusCard(move.id);
  }

  private handleKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('.card');
    if (!row || target !== row || event.altKey || event.ctrlKey || event.metaKey) return;
    const id = row.dataset.id as string;
    if (this.keyMove) {
      if (event.key === ' ' || event.key === 'Enter') this.drop();
      else if (event.key === 'Escape') this.cancelKeyMove();
      else if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key)) this.step(event.key);
      else if (event.key !== 'Tab') return;
      if (event.key !== 'Tab') event.preventDefault();
      return;
    }
    const place = this.locate(id);
    if (!place) return;
    const stages = this.source.model.openStages.map((s) => s.id);
    const cards = this.shown(place.stageId);
    const page = Math.max(1, (this.windows.get(place.stageId)?.visible ?? 2) - 1);
    let next: string | undefined;
    switch (event.key) {
      case ' ':
        event.preventDefault();
        this.pickUp(id);
        return;
      case 'Enter': {
        event.preventDefault();
        const deal = this.source.model.get(id);
        if (deal) this.dispatchEvent(new RapportDealSelectEvent({ deal }));
        return;
      }
      case 'ArrowDown':
      case 'ArrowUp':
      case 'PageDown':
      case 'PageUp':
      case 'Home':
      case 'End': {
        const delta = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }[event.key];
        const to = Math.max(0, Math.min(cards.length - 1, place.index + delta));
        next = cards[to]?.id;
        break;
      }
      case 'ArrowLeft':
      case 'ArrowRight': {
        const direction = event.key === 'ArrowRight' ? 1 : -1;
        for (let at = stages.indexOf(place.stageId) + direction; at >= 0 && at < stages.length; at += direction) {
          const column = this.shown(stages[at] as string);
          if (!column.length) continue;
          next = column[Math.min(place.index, column.length - 1)]?.id;
          break;
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    if (next) this.focusCard(next);
  }

  private handleClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const button = target.closest<HTMLElement>('button.move');
    const row = target.closest<HTMLElement>('.card');
    if (!row) return;
    const id = row.dataset.id as string;
    this.activeId = id;
    if (button) {
      if (this.menu.dealId === id) this.menu.close(true);
      else this.menu.open(id, button);
      return;
    }
    if (this.keyMove) return;
    const deal = this.source.model.get(id);
    if (deal) this.dispatchEvent(new RapportDealSelectEvent({ deal }));
  }

  private handleFocusIn(event: FocusEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.card');
    if (row?.dataset.id && row.dataset.id !== this.activeId) this.activeId = row.dataset.id;
  }

  private handleFocusOut(event: FocusEvent): void {
    // Leaving the card while it is picked up puts it back.
    const move = this.keyMove;
    if (!move) return;
    const to = event.relatedTarget as HTMLElement | null;
    if (to?.closest?.('.card')?.getAttribute('data-id') === move.id) return;
    if (to === null) return;
    this.cancelKeyMove(false);
  }

  private handleScroll(event: Event): void {
    const scroller = event.currentTarget as HTMLElement;
    const stageId = scroller.dataset.stage as string;
    const first = Math.floor(scroller.scrollTop / this.pitch);
    const last = this.windows.get(stageId);
    if (last?.first === first) return;
    this.windows.set(stageId, { first, visible: last?.visible ?? 6 });
    this.syncRows();
  }

  // ——— Pointer ———

  private handlePointerDown(event: PointerEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('button') || this.keyMove) return;
    const row = target.closest<HTMLElement>('.card');
    if (row?.dataset.id) this.drag.pointerDown(event, row.dataset.id, row);
  }

  private dropZones(): DropZone[] {
    const zones: DropZone[] = [];
    for (const stage of this.source.model.openStages) {
      const element = this.scroller(stage.id);
      const list = this.listElement(stage.id);
      if (!element || !list) continue;
      zones.push({
        key: stage.id,
        element,
        slotAt: (clientY) => {
          const count = this.shown(stage.id).length;
          return Math.max(0, Math.min(count, Math.round((clientY - list.getBoundingClientRect().top) / this.pitch)));
        },
      });
    }
    for (const kind of ['won', 'lost'] as const) {
      const element = this.renderRoot.querySelector<HTMLElement>(`.target.${kind}`);
      if (element) zones.push({ key: kind, element });
    }
    return zones;
  }

  private handleDragStart(id: string): void {
    this.menu.close(false);
    const deal = this.source.model.get(id);
    const row = this.rowOf(id);
    const ghost = this.renderRoot.querySelector<HTMLElement>('.ghost');
    if (!deal || this.source.model.isPending(id)) {
      this.pointer = undefined;
      return;
    }
    this.source.hold();
    this.activeId = id;
    this.pointer = { id, target: undefined };
    if (ghost) {
      ghost.textContent = deal.title;
      if (row) ghost.style.setProperty('--_ghost-width', `${row.getBoundingClientRect().width}px`);
      if (!ghost.matches(':popover-open')) ghost.showPopover();
    }
    const place = this.locate(id);
    if (place) this.announce(this.placeText('pickedUp', deal, place, this.shown(place.stageId).length));
  }

  private endPointer(): string | undefined {
    const id = this.pointer?.id;
    this.pointer = undefined;
    const ghost = this.renderRoot.querySelector<HTMLElement>('.ghost');
    if (ghost?.matches(':popover-open')) ghost.hidePopover();
    return id;
  }

  private handleDrop(target: DropTarget): void {
    const id = this.endPointer();
    if (!id) return;
    const place = this.locate(id);
    let index = target.slot;
    if (place && target.zone === place.stageId && index > place.index) index--;
    void this.moveCard(id, target.zone, index);
    this.source.release();
  }

  private handleDragCancel(): void {
    const id = this.endPointer();
    this.source.release();
    const deal = id && this.source.model.get(id);
    const place = id ? this.locate(id) : undefined;
    if (deal && place) this.announce(this.placeText('cancelled', deal, place, this.shown(place.stageId).length));
  }

  // ——— Filters, dialog, alert ———

  private handleOwner(event: Event): void {
    this.owner = (event.target as HTMLSelectElement).value;
  }

  private handleSearch(event: Event): void {
    const input = event.target as HTMLInputElement;
    clearTimeout(this.typingTimer);
    if (event.type === 'change') this.search = input.value;
    else this.typingTimer = setTimeout(() => (this.search = input.value), typingDelayMs);
  }

  private closeLost(): LostAsk | undefined {
    const ask = this.lostAsk;
    this.lostAsk = undefined;
    this.lostError = false;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog');
    if (dialog?.open) dialog.close();
    return ask;
  }

  private handleLostSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector('input') as HTMLInputElement;
    const reason = input.value.trim();
    if (!reason) {
      this.lostError = true;
      input.focus();
      return;
    }
    const ask = this.closeLost();
    if (ask) void this.moveCard(ask.id, 'lost', 0, reason, true);
  }

  private handleLostCancel(event?: Event): void {
    event?.preventDefault();
    const ask = this.closeLost();
    const deal = ask && this.source.model.get(ask.id);
    if (!ask || !deal) return;
    this.announce(this.t('lostCancelled', { title: deal.title, stage: this.stageName(deal.stageId) }));
    this.focusCard(ask.id);
  }

  private handleRetry(): void {
    this.source.retry();
  }

  // ——— Rendering ———

  private renderState(kind: 'initial' | 'loading' | 'not-found' | 'error') {
    const message = { initial: 'initial', loading: 'loading', 'not-found': 'notFound', error: 'error' } as const;
    return html`<div class="state ${kind === 'error' ? 'error' : ''}" aria-busy=${kind === 'loading' ? 'true' : 'false'}>
        <p>${this.t(message[kind])}</p>
        ${kind === 'error' ? html`<button class="button" part="retry" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : nothing}
      </div>
      ${this.renderStatus()}`;
  }

  private renderStatus() {
    return html`<p class="visually-hidden" part="status" role="status">${this.announcement}</p>`;
  }

  private renderToolbar() {
    const owners = new Set<string>();
    for (const deal of this.source.model.deals) if (deal.ownerId) owners.add(deal.ownerId);
    if (this.owner) owners.add(this.owner);
    const sorted = [...owners].sort((a, b) => a.localeCompare(b, this.resolvedLocale));
    return html`<search class="toolbar" part="toolbar" aria-label=${this.t('filters')}>
      <label class="field"
        >${this.t('owner')}
        <select name="owner" .value=${this.owner} @change=${this.handleOwner}>
          <option value="" ?selected=${!this.owner}>${this.t('anyOwner')}</option>
          ${sorted.map((o) => html`<option value=${o} ?selected=${o === this.owner}>${o}</option>`)}
        </select></label
      >
      <label class="field"
        >${this.t('search')}
        <input type="search" name="search" maxlength="200" autocomplete="off" .value=${this.search} @input=${this.handleSearch} @change=${this.handleSearch}
      /></label>
    </search>`;
  }

  private renderColumn(stage: Pipeline['stages'][number], index: number, cards: readonly Deal[]) {
    const totals = this.totals.get(stage.id);
    const target = this.pointer?.target;
    const over = target?.zone === stage.id || (this.keyMove?.zone === stage.id && this.keyMove.origin.stageId !== stage.id);
    const label = this.t('columnLabel', { stage: stage.name, deals: this.dealCount(cards.length) });
    const loading = this.source.columnLoading(stage.id);
    return html`<section class="column" part="column" aria-labelledby=${`stage-${index}`} ?data-over=${over}>
      <header class="column-head" part="column-header">
        <div class="column-title">
          <h3 id=${`stage-${index}`}>${stage.name}</h3>
          <span class="count">${this.dealCount(cards.length)}</span>
        </div>
        ${totals
          ? html`<dl class="totals">
              <dt>${this.t('total')}</dt>
              <dd>${totals.amounts.map((a) => html`<span>${a}</span>`)}</dd>
              <dt>${this.t('weighted')}</dt>
              <dd>${totals.weighted.map((a) => html`<span>${a}</span>`)}</dd>
            </dl>`
          : nothing}
      </header>
      ${cards.length ? nothing : html`<p class="note">${loading ? this.t('columnLoading') : filtering(this.filter) ? this.t('noMatches') : this.t('noDeals')}</p>`}
      <div
        class="scroller"
        data-stage=${stage.id}
        @scroll=${this.handleScroll}
        @keydown=${this.handleKeydown}
        @click=${this.handleClick}
        @pointerdown=${this.handlePointerDown}
        @focusin=${this.handleFocusIn}
        @focusout=${this.handleFocusOut}
      >
        <div class="rows" part="list" role="list" aria-label=${label} data-stage=${stage.id} ${customProperty('--_count', cards.length)}></div>
        ${target?.zone === stage.id
          ? html`<div class="indicator" part="drop-indicator" aria-hidden="true" ${customProperty('--_slot', target.slot)}></div>`
          : nothing}
      </div>
    </section>`;
  }

  private renderTargets() {
    const over = this.pointer?.target?.zone ?? (this.keyMove && (this.keyMove.zone === 'won' || this.keyMove.zone === 'lost') ? this.keyMove.zone : undefined);
    return html`<div class="targets" role="group" aria-label=${this.t('targets')}>
      ${(['won', 'lost'] as const).map(
        (kind) => html`<div class="target ${kind}" part="drop-target ${kind}" ?data-over=${over === kind}>
          <p><strong>${this.t(kind)}</strong><br /><span>${this.t(kind === 'won' ? 'wonHint' : 'lostHint')}</span></p>
        </div>`,
      )}
    </div>`;
  }

  private renderDialog() {
    const deal = this.lostAsk && this.source.model.get(this.lostAsk.id);
    return html`<dialog class="dialog" part="dialog" aria-labelledby="lost-title" @cancel=${this.handleLostCancel}>
      ${deal
        ? html`<form novalidate @submit=${this.handleLostSubmit}>
            <h2 id="lost-title">${this.t('lostTitle', { title: deal.title })}</h2>
            <label class="field"
              >${this.t('lostReason')}
              <input
                name="reason"
                type="text"
                required
                maxlength="500"
                autocomplete="off"
                aria-invalid=${this.lostError ? 'true' : 'false'}
                aria-describedby=${this.lostError ? 'lost-error' : nothing}
            /></label>
            <p id="lost-error" class="field-error" aria-live="polite">${this.lostError ? this.t('lostReasonRequired') : nothing}</p>
            <div class="actions">
              <button class="button" type="button" @click=${() => this.handleLostCancel()}>${this.t('lostCancel')}</button>
              <button class="button primary" type="submit">${this.t('lostConfirm')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  protected override render(): TemplateResult {
    const state = this.source.state;
    if (state !== 'ready') return this.renderState(state);
    const pipeline = this.source.model.pipeline as Pipeline;
    const stages = this.source.model.openStages;
    const menuDeal = this.menu.dealId ? this.source.model.get(this.menu.dealId) : undefined;
    if (this.menu.dealId && !menuDeal) queueMicrotask(() => this.menu.close(false));
    return html`<section class="board" part="board" aria-labelledby="board-title" aria-busy=${this.source.complete ? 'false' : 'true'}>
      <div class="head">
        <h2 id="board-title" part="title">${pipeline.name}</h2>
        ${this.renderToolbar()}
      </div>
      ${this.renderStatus()}
      ${this.alertText
        ? html`<div class="alert" part="alert">
            <p>${this.alertText}</p>
            <button class="button" type="button" @click=${() => (this.alertText = undefined)}>${this.t('dismiss')}</button>
          </div>`
        : nothing}
      <p id="instructions" class="visually-hidden">${this.t('instructions')}</p>
      <div class="columns">${stages.map((stage, i) => this.renderColumn(stage, i, this.shown(stage.id)))}</div>
      ${this.renderTargets()}
      <div class="probe" aria-hidden="true"></div>
      <div class="ghost" popover="manual" aria-hidden="true"></div>
      ${this.menu.render(menuDeal ? this.t('menuLabel', { title: menuDeal.title }) : '', this.menu.dealId ? this.menuChoices(this.menu.dealId) : [])}
      ${this.renderDialog()}
    </section>`;
  }
}
