import { lifecycleStages, type LifecycleStage, type Where } from '@rapport/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { RapportContactSelectEvent } from '../events/rapport-contact-select-event.js';
import { RapportElement } from '../internal/rapport-element.js';
import { contactListStrings, type ContactListStrings } from './contact-list.strings.js';
import { contactListStyles } from './contact-list.styles.js';
import { columns, formatsFor, newRow, updateRow, type ContactSort, type Formats } from './contact-row.js';
import { ContactRowsController, type ContactListQuery } from './contact-rows-controller.js';
import { customProperty } from './custom-property.js';
import { KeyedRows } from './keyed-rows.js';

export type { ContactSort } from './contact-row.js';

/** A person contacts can be assigned to, for the owner column and filter. */
export interface ContactOwner {
  readonly id: string;
  readonly name: string;
}

const sortFields: Readonly<Record<ContactSort, string>> = { name: 'lastName', company: 'companyName', score: 'score.value', created: 'createdAt' };
const sortChoices = ['name-asc', 'name-desc', 'company-asc', 'company-desc', 'score-desc', 'score-asc', 'created-desc', 'created-asc'] as const;
/** Rows rendered beyond the visible ones, on each side: what one fast-scrolled frame uncovers. */
const overscan = 8;
/** How long typing pauses before the list is searched or filtered. */
const typingDelayMs = 250;

/** Text attributes: a removed attribute is the empty string, and the empty string removes the attribute. */
const text = { fromAttribute: (value: string | null) => value ?? '', toAttribute: (value: string) => value || null };

const isSort = (value: unknown): value is ContactSort => typeof value === 'string' && Object.hasOwn(sortFields, value);

/**
 * A searchable, sortable, filterable list of every contact in the workspace, as a keyboard grid.
 * Only the rows near the visible part exist in the DOM, so 100,000 contacts cost what 30 do;
 * pages of contacts are read as they come into view, and rows stay live with changes made in
 * any tab.
 *
 * Virtualized by a small fixed-row-height window rather than `@lit-labs/virtualizer` (the Lit
 * team's, and what we would reach for otherwise): the virtualizer wants every item in an array
 * and measures each child, whereas here rows are read page by page and most are never loaded;
 * it drops a row as soon as it scrolls out, taking keyboard focus with it, whereas a grid's
 * roving focus must survive scrolling (the active row is always rendered here); with fixed
 * heights the window is plain arithmetic, with `aria-rowindex` and `aria-rowcount` straight from
 * it; and the virtualizer, like `repeat`, leaves a Lit marker behind for every row it removes in
 * the Lit release installed here (lit/lit#5298; see `KeyedRows` in keyed-rows.ts), so scrolling would grow
 * the DOM without bound.
 *
 * @tag rapport-contact-list
 * @summary Contacts as a virtualized, searchable, sortable, filterable grid.
 *
 * @csspart toolbar - The search box, sort and filters.
 * @csspart status - The line that says how many contacts match, or why none show (a polite live region).
 * @csspart retry - The button that reads the list again after an error.
 * @csspart grid - The scrolling grid.
 * @csspart row - Each contact's row; the selected one also has the part `selected`.
 *
 * @cssprop --rapport-contact-list-height - The grid's height (default 480px).
 * @cssprop --rapport-contact-list-columns - The grid's column track sizes (six columns).
 * @cssprop --rapport-contact-list-min-width - The width below which the grid scrolls sideways (default 760px).
 * @cssprop --rapport-contact-list-avatar-background - The initials' background (default: the accent colour).
 * @cssprop --rapport-contact-list-avatar-color - The initials' colour.
 *
 * @event rapport-contact-select - The user selected a contact (click, Enter or Space); not fired when `selectedId` is set by code.
 */
export class RapportContactList extends RapportElement<ContactListStrings> {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [...RapportElement.styles, contactListStyles];

  /** The id of the selected contact; its row has `aria-selected="true"`. */
  @property({ attribute: 'selected-id', reflect: true }) accessor selectedId: string | undefined = undefined;

  /** Search text: every word must start a word of the contact's names, title, emails or company. */
  @property({ reflect: true, converter: text }) accessor search = '';

  /** What the list is sorted by: `name` (last name), `company`, `score` or `created`. */
  @property({ reflect: true }) accessor sort: ContactSort = 'name';

  /** `asc` or `desc`. */
  @property({ reflect: true }) accessor direction: 'asc' | 'desc' = 'asc';

  /** Only contacts at this lifecycle stage; empty for all. */
  @property({ reflect: true, converter: text }) accessor stage: LifecycleStage | '' = '';

  /** Only contacts with this tag; empty for all. */
  @property({ reflect: true, converter: text }) accessor tag = '';

  /** Only contacts owned by this owner id; empty for all. */
  @property({ reflect: true, converter: text }) accessor owner = '';

  /** The people contacts are assigned to: names for the owner column, and choices for the owner filter (a text box without them). */
  @property({ attribute: false }) accessor owners: readonly ContactOwner[] = [];

  /** The index of the row that holds the roving tab stop. */
  @state() private accessor activeIndex = 0;

  protected readonly defaultStrings = contactListStrings;
  /** The first row at least partly visible. */
  private firstVisible = 0;
  /** How many rows fit in the grid's visible height. */
  private visibleRows = 12;
  private rowHeight = 44;
  /** Whether the row height was read from a rendered row. */
  private measured = false;
  private focusWithin = false;
  /** Whether a row had focus before the current update. */
  private rowHadFocus = false;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private observedGrid: HTMLElement | undefined;
  private readonly resizeObserver = new ResizeObserver(() => this.measure());
  private ownerNames = new Map<string, string>();
  private cachedFormats: Formats | undefined;

  /** The rendered rows, one element per index, kept while the index stays in the window. */
  private readonly rowElements = new KeyedRows(newRow);

  private readonly rows = new ContactRowsController(this, () => ({ crm: this.workspace, query: this.listQuery() }));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.typingTimers.clear();
    this.resizeObserver.disconnect();
    this.observedGrid = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.rowHadFocus = this.shadowRoot?.activeElement?.matches('.body > .row') ?? false;
    if (changed.has('owners')) this.ownerNames = new Map(this.owners.map((o) => [o.id, o.name]));
    const query = ['search', 'sort', 'direction', 'stage', 'tag', 'owner', 'crm'] as const;
    if (this.hasUpdated && query.some((name) => changed.has(name))) {
      this.activeIndex = 0;
      this.firstVisible = 0;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const grid = this.grid;
    if (grid !== this.observedGrid) {
      if (this.observedGrid) this.resizeObserver.unobserve(this.observedGrid);
      if (grid) this.resizeObserver.observe(grid);
      this.observedGrid = grid;
    }
    this.syncRows();
    if (changed.has('density') || !this.measured) this.measure();
    // Should the focused row have left the DOM (the list was read again, say), put focus back.
    const activeRow = this.activeRow;
    if (this.rowHadFocus && activeRow && this.shadowRoot?.activeElement !== activeRow) activeRow.focus({ preventScroll: true });
  }

  /** The query the toolbar and attributes describe. */
  private listQuery(): ContactListQuery {
    const where: Record<string, string | null> = { deletedAt: null };
    if (this.stage) where.lifecycleStage = this.stage;
    const tag = this.tag.trim().toLowerCase();
    if (tag) where.tags = tag;
    if (this.owner) where.ownerId = this.owner;
    const sort = isSort(this.sort) ? this.sort : 'name';
    return { search: this.search.trim(), where: where as Where, orderBy: { field: sortFields[sort], direction: this.direction === 'desc' ? 'desc' : 'asc' } };
  }

  /** The row holding the tab stop, kept within the list as it shrinks. */
  private get active(): number {
    return Math.max(0, Math.min(this.activeIndex, this.rows.total - 1));
  }

  private get grid(): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>('.grid') ?? undefined;
  }

  /**
   * Renders the rows of the window (outside Lit's template: see `KeyedRows` in keyed-rows.ts) and asks for
   * their contacts. Runs after each update, and on its own when scrolling moves the window.
   */
  private syncRows(): void {
    const body = this.renderRoot.querySelector<HTMLElement>('.grid > .body');
    if (!body) return;
    const formats = this.formats();
    const ctx = { t: this.t.bind(this), formats, ownerNames: this.ownerNames, selectedId: this.selectedId, activeIndex: this.active, host: this };
    this.rowElements.sync(body, this.windowIndices(), (row, index) => updateRow(row, index, this.rows.at(index), ctx));
    const [from, to] = this.windowRange();
    this.rows.want(from, to);
  }

  /** Reads the row height and visible height from the rendered grid, and moves the window if they changed. */
  private measure(): void {
    const grid = this.grid;
    if (!grid) return;
    const row = grid.querySelector<HTMLElement>('.body > .row');
    if (row && row.offsetHeight > 0) {
      this.rowHeight = row.offsetHeight;
      this.measured = true;
    }
    const head = grid.querySelector<HTMLElement>('.head')?.offsetHeight ?? 0;
    const visibleRows = Math.max(1, Math.ceil((grid.clientHeight - head) / this.rowHeight));
    const firstVisible = Math.floor(grid.scrollTop / this.rowHeight);
    if (visibleRows === this.visibleRows && firstVisible === this.firstVisible) return;
    this.visibleRows = visibleRows;
    this.firstVisible = firstVisible;
    this.syncRows();
  }

  /** Number formats for the locale in use, made again only when it changes (rows are rendered often). */
  private formats(): Formats {
    const locale = this.resolvedLocale;
    if (this.cachedFormats?.locale !== locale) {
      this.cachedFormats = formatsFor(locale);
    }
    return this.cachedFormats;
  }

  /** The rows to render: the visible ones and a few more on each side. */
  private windowRange(): [number, number] {
    const total = this.rows.total;
    const from = Math.max(0, Math.min(this.firstVisible, total - this.visibleRows) - overscan);
    return [from, Math.min(total, this.firstVisible + this.visibleRows + overscan)];
  }

  /** The indices to render, ascending: the window, and the row holding the tab stop, which stays while it is scrolled away so that focus is kept. */
  private windowIndices(): number[] {
    const [from, to] = this.windowRange();
    const indices = Array.from({ length: to - from }, (_, i) => from + i);
    if (this.rows.total === 0) return indices;
    if (this.active < from) indices.unshift(this.active);
    else if (this.active >= to) indices.push(this.active);
    return indices;
  }

  /** Scrolls as little as needed to show row `index` whole, below the sticky header. */
  private scrollToRow(index: number): void {
    const grid = this.grid;
    if (!grid) return;
    const head = grid.querySelector<HTMLElement>('.head')?.offsetHeight ?? 0;
    const top = index * this.rowHeight;
    const visible = grid.clientHeight - head;
    if (top < grid.scrollTop) grid.scrollTop = top;
    else if (top + this.rowHeight > grid.scrollTop + visible) grid.scrollTop = top + this.rowHeight - visible;
    this.firstVisible = Math.floor(grid.scrollTop / this.rowHeight);
  }

  /** The rendered row that holds the tab stop. */
  private get activeRow(): HTMLElement | undefined {
    return this.rowElements.get(this.active);
  }

  private async focusRow(index: number): Promise<void> {
    this.activeIndex = index;
    this.scrollToRow(index);
    await this.updateComplete;
    this.activeRow?.focus({ preventScroll: true });
  }

  /** Selects the contact at `index` for the user, and says so with `rapport-contact-select`. */
  private choose(index: number): void {
    const contact = this.rows.at(index);
    this.activeIndex = index;
    if (!contact) return;
    this.selectedId = contact.id;
    this.dispatchEvent(new RapportContactSelectEvent({ contact }));
  }

  private handleScroll(): void {
    const grid = this.grid;
    if (!grid) return;
    const first = Math.floor(grid.scrollTop / this.rowHeight);
    if (first === this.firstVisible) return;
    this.firstVisible = first;
    // Tabbing into the grid should land on a row the user can see.
    if (!this.focusWithin && (this.active < first || this.active >= first + this.visibleRows)) {
      this.activeIndex = Math.min(first, Math.max(0, this.rows.total - 1));
    }
    this.syncRows();
  }

  private handleKeydown(event: KeyboardEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.body > .row');
    const total = this.rows.total;
    if (!row || !total || event.altKey || event.metaKey) return;
    const page = Math.max(1, this.visibleRows - 1);
    const at = this.active;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = at + 1;
        break;
      case 'ArrowUp':
        next = at - 1;
        break;
      case 'PageDown':
        next = at + page;
        break;
      case 'PageUp':
        next = at - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.choose(at);
        return;
      default:
        return;
    }
    event.preventDefault();
    void this.focusRow(Math.max(0, Math.min(total - 1, next)));
  }

  private handleClick(event: MouseEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.body > .row');
    if (row) this.choose(Number(row.dataset.index));
  }

  private handleFocusIn(event: FocusEvent): void {
    this.focusWithin = true;
    const row = (event.target as HTMLElement).closest<HTMLElement>('.body > .row');
    if (row) this.activeIndex = Number(row.dataset.index);
  }

  private handleFocusOut(event: FocusEvent): void {
    if (!this.grid?.contains(event.relatedTarget as Node | null)) this.focusWithin = false;
  }

  /** Search and the tag and owner boxes apply once typing pauses, or at once on Enter. */
  private handleTyping(event: Event): void {
    const input = event.target as HTMLInputElement;
    const name = input.name as 'search' | 'tag' | 'owner';
    clearTimeout(this.typingTimers.get(name));
    this.typingTimers.delete(name);
    if (event.type === 'change') this[name] = input.value;
    else this.typingTimers.set(name, setTimeout(() => (this[name] = input.value), typingDelayMs));
  }

  private handleSort(event: Event): void {
    const [sort, direction] = (event.target as HTMLSelectElement).value.split('-') as [ContactSort, 'asc' | 'desc'];
    this.sort = sort;
    this.direction = direction;
  }

  private handleSelect(event: Event): void {
    const select = event.target as HTMLSelectElement;
    if (select.name === 'stage') this.stage = select.value as LifecycleStage | '';
    else this.owner = select.value;
  }

  private handleRetry(): void {
    this.rows.retry();
  }

  private statusText(): string {
    const state = this.rows.state;
    if (state === 'loading') return this.t('loading');
    if (state === 'error') return this.t('error');
    if (state === 'empty') {
      const { search } = this.listQuery();
      if (search) return this.t('noMatchSearch', { search });
      return this.stage || this.tag.trim() || this.owner ? this.t('noMatchFilters') : this.t('empty');
    }
    const total = this.rows.total;
    const { plural, number } = this.formats();
    return this.t(plural.select(total) === 'one' ? 'count.one' : 'count.other', { count: number.format(total) });
  }

  private renderToolbar() {
    const sortValue = `${isSort(this.sort) ? this.sort : 'name'}-${this.direction === 'desc' ? 'desc' : 'asc'}`;
    return html`<search class="toolbar" part="toolbar" aria-label=${this.t('filters')}>
      <label class="field search"
        >${this.t('search')}
        <input type="search" name="search" maxlength="200" autocomplete="off" .value=${this.search} @input=${this.handleTyping} @change=${this.handleTyping}
      /></label>
      <label class="field"
        >${this.t('sort')}
        <select name="sort" .value=${sortValue} @change=${this.handleSort}>
          ${sortChoices.map((choice) => html`<option value=${choice} ?selected=${choice === sortValue}>${this.t(`sort.${choice}`)}</option>`)}
        </select></label
      >
      <label class="field"
        >${this.t('stageFilter')}
        <select name="stage" .value=${this.stage} @change=${this.handleSelect}>
          <option value="" ?selected=${!this.stage}>${this.t('anyStage')}</option>
          ${lifecycleStages.map((stage) => html`<option value=${stage} ?selected=${stage === this.stage}>${this.t(`stage.${stage}`)}</option>`)}
        </select></label
      >
      <label class="field"
        >${this.t('tagFilter')}
        <input class="narrow" type="text" name="tag" autocomplete="off" .value=${this.tag} @input=${this.handleTyping} @change=${this.handleTyping}
      /></label>
      <label class="field"
        >${this.t('ownerFilter')}
        ${this.owners.length
          ? html`<select name="owner" .value=${this.owner} @change=${this.handleSelect}>
              <option value="" ?selected=${!this.owner}>${this.t('anyOwner')}</option>
              ${this.owners.map((o) => html`<option value=${o.id} ?selected=${o.id === this.owner}>${o.name}</option>`)}
            </select>`
          : html`<input class="narrow" type="text" name="owner" autocomplete="off" .value=${this.owner} @input=${this.handleTyping} @change=${this.handleTyping} />`}
      </label>
    </search>`;
  }

  private renderGrid() {
    const total = this.rows.total;
    const sort = isSort(this.sort) ? this.sort : 'name';
    return html`<div
      class="grid"
      part="grid"
      role="grid"
      aria-label=${this.t('label')}
      aria-rowcount=${total + 1}
      aria-colcount=${columns.length}
      @scroll=${this.handleScroll}
      @keydown=${this.handleKeydown}
      @click=${this.handleClick}
      @focusin=${this.handleFocusIn}
      @focusout=${this.handleFocusOut}
    >
      <div class="head" role="rowgroup">
        <div class="row" role="row" aria-rowindex="1">
          ${columns.map(
            (column) =>
              html`<div role="columnheader" aria-sort=${ifDefined('sort' in column && column.sort === sort ? (this.direction === 'desc' ? 'descending' : 'ascending') : undefined)}>
                ${this.t(column.label)}
              </div>`,
          )}
        </div>
      </div>
      <div class="body" role="rowgroup" ${customProperty('--_rows', total)}></div>
    </div>`;
  }

  override render(): TemplateResult {
    if (!this.workspace) return html`<p class="status" part="status" role="status">${this.t('initial')}</p>`;
    const state = this.rows.state;
    return html`${this.renderToolbar()}
      <p class="status" part="status" role="status">${this.statusText()}</p>
      ${state === 'error' ? html`<button class="retry" part="retry" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : nothing}
      ${state === 'complete' ? this.renderGrid() : nothing}`;
  }
}
