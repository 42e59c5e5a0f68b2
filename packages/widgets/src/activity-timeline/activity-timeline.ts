import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { Interaction, InteractionType, Pipeline } from '@rapport/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RapportTaskCompleteEvent } from '../events/rapport-task-complete-event.js';
import { RapportElement } from '../internal/rapport-element.js';
import { WatchController } from '../internal/watch-controller.js';
import { ActivityComposer } from './activity-composer.js';
import { activityTimelineStyles } from './activity-timeline.styles.js';
import { activityTimelineStrings, type ActivityTimelineStrings } from './activity-timeline.strings.js';
import { removeOrphanMarkers } from './orphan-markers.js';
import { renderEntry, type EntryView } from './timeline-entry.js';
import { TimelineFormat } from './timeline-format.js';
import { timelineRows, type TimelineRow } from './timeline-rows.js';
import { TimelineController, type TimelineLink } from './timeline-source.js';

/** The kinds of entry the filter offers, in its order. */
export const filterTypes = ['note', 'call', 'email', 'meeting', 'task', 'stageChange', 'formSubmission'] as const satisfies readonly InteractionType[];

// Rows rendered beyond the end before the next page is read.
const prefetchRows = 40;
// One layout object while nothing is pinned: the virtualizer re-applies the config on each render.
const layout = flow();

/** A row the list is held at (`block`: where in the viewport) until the user scrolls. */
interface Pin {
  readonly index: number;
  readonly block: 'start' | 'end';
}

/**
 * A contact's, company's or deal's activity: notes, calls, emails, meetings, tasks, form
 * submissions and deal stage changes, newest first, grouped by day, with a filter by kind, a
 * composer to log a note, call, meeting or task, and a "Complete" button on open tasks. It reads
 * pages of `crm.interactions.list` as the user scrolls and stays live through `crm.storage.changes`
 * (a write in another tab shows without a reload).
 *
 * The list is virtualized with `@lit-labs/virtualizer` (maintained by the Lit team, so it follows
 * Lit's rendering and releases; it measures rows of varying height and keeps native scrolling):
 * only the rows near the viewport are in the DOM, so 50,000 entries cost about as many nodes as 50.
 *
 * @tag rapport-activity-timeline
 * @summary A live, virtualized activity timeline with a composer and task completion.
 *
 * @csspart composer - The form that logs a note, call, meeting or task.
 * @csspart filter - The fieldset of checkboxes that choose which kinds of entry show.
 * @csspart list - The scrolling list of day headings and entries (focusable: arrows, Page Up/Down, Home and End scroll it).
 * @csspart day-heading - The heading above each day's entries.
 * @csspart entry - One entry.
 * @csspart complete-button - An open task's "Complete" button.
 *
 * @cssprop --rapport-activity-timeline-height - The block size of the scrolling list (default 480px).
 * @cssprop --rapport-activity-timeline-marker-color - The colour of the line beside entries (default: the border colour).
 *
 * @event rapport-interaction-log - Before the composer logs an entry; cancelable (the entry is then not logged). `detail.input` is what would be logged.
 * @event rapport-task-complete - Before a task is completed; cancelable (the task then stays open). `detail.task` is the task.
 */
export class RapportActivityTimeline extends RapportElement<ActivityTimelineStrings> {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [...RapportElement.styles, activityTimelineStyles];

  /** The contact whose timeline to show. Set one of `contact-id`, `company-id` or `deal-id` (if several: contact, then deal, then company). */
  @property({ attribute: 'contact-id' }) accessor contactId: string | undefined = undefined;

  /** The company whose timeline to show (it includes entries about its contacts and deals). */
  @property({ attribute: 'company-id' }) accessor companyId: string | undefined = undefined;

  /** The deal whose timeline to show. */
  @property({ attribute: 'deal-id' }) accessor dealId: string | undefined = undefined;

  /** Only these kinds of entry (default: all); the filter checkboxes change it, and an empty list shows none. */
  @property({ attribute: false }) accessor types: readonly InteractionType[] | undefined = undefined;

  /** The signed-in user: the `ownerId` of entries logged here, and the assignee of tasks added here. */
  @property({ attribute: 'owner-id' }) accessor ownerId: string | undefined = undefined;

  /** Display names of owners and assignees by id (default: the id). */
  @property({ attribute: false }) accessor people: Readonly<Record<string, string>> = {};

  /** An IANA time zone for days and times, such as `Europe/Paris` (default: the browser's). */
  @property({ attribute: 'time-zone' }) accessor timeZone: string | undefined = undefined;

  /** The time that counts as now, for "Today", "Yesterday" and overdue tasks (default: the clock). */
  @property({ attribute: false }) accessor now: Date | undefined = undefined;

  /** Shows the timeline only: no composer and no "Complete" buttons. */
  @property({ type: Boolean, reflect: true }) accessor readonly = false;

  protected readonly defaultStrings = activityTimelineStrings;

  /** Tasks the user has just completed, while the write is under way: id → time done. */
  @state() private accessor completing: ReadonlyMap<string, string> = new Map();
  /** What the live region says. */
  @state() private accessor announcement = '';
  /** The row the list is held at after Home, End or logging an entry, until the user scrolls. */
  @state() private accessor pin: Pin | undefined = undefined;

  private format = new TimelineFormat('en-US', undefined);
  private nowMs = 0;
  private rowsMemo: { revision: number; format: TimelineFormat; rows: TimelineRow[] } | undefined;
  private readonly rowCache = new WeakMap<Interaction, TimelineRow>();
  private stageNames: { pipelines: readonly Pipeline[]; names: Map<string, string> } | undefined;
  /** The load state last rendered, to announce a failure once. */
  private stateSeen = '';
  /** The layout made for the current pin. */
  private pinned: { pin: Pin; layout: ReturnType<typeof flow> } | undefined;

  private readonly timeline = new TimelineController(this, () => ({ crm: this.workspace, link: this.link, types: this.types }));
  private readonly pipelines = new WatchController(this, () => ({
    crm: this.workspace,
    query: this.link ? ({ collection: 'pipelines', limit: 1000 } as const) : undefined,
  }));
  private readonly composer = new ActivityComposer(this, {
    target: () => {
      const crm = this.workspace;
      const link = this.link;
      return crm && link ? { crm, link, ownerId: this.ownerId } : undefined;
    },
    t: (key, values) => this.t(key, values),
    announce: (message) => void this.announce(message),
    logged: (entry) => {
      this.timeline.upsert(entry);
      // Show the entry just logged: it is the newest.
      this.pin = { index: 0, block: 'start' };
    },
  });

  /** What an entry's template reads: the element's current format, clock, names and actions. */
  private readonly view: EntryView = ((el: RapportActivityTimeline): EntryView => ({
    get format() {
      return el.format;
    },
    get now() {
      return el.nowMs;
    },
    get actions() {
      return !el.readonly;
    },
    t: (key, values) => el.t(key, values),
    stageName: (id) => (id && el.stageNameMap().get(id)) || el.t('unknownStage'),
    personName: (id) => (Object.hasOwn(el.people, id) ? (el.people[id] as string) : id),
    completing: (id) => el.completing.get(id),
    complete: (entry) => void el.handleComplete(entry),
  }))(this);

  /** Whose timeline this is, from the id attributes. */
  private get link(): TimelineLink | undefined {
    if (this.contactId) return { contactId: this.contactId };
    if (this.dealId) return { dealId: this.dealId };
    if (this.companyId) return { companyId: this.companyId };
    return undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const locale = this.resolvedLocale;
    if (this.format.locale !== locale || changed.has('timeZone')) this.format = new TimelineFormat(locale, this.timeZone);
    this.nowMs = this.now?.getTime() ?? Date.now();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.renderRoot.querySelector('.rows');
    if (list) removeOrphanMarkers(list);
    // A failed read is said once, after this update (not during it).
    const { state, moreError } = this.timeline;
    const seen = `${state}${moreError ? ':more' : ''}`;
    if (seen !== this.stateSeen) {
      this.stateSeen = seen;
      const message = state === 'error' ? this.t('error') : moreError ? this.t('moreError') : undefined;
      if (message) queueMicrotask(() => void this.announce(message));
    }
  }

  private stageNameMap(): Map<string, string> {
    const pipelines = this.pipelines.items as Pipeline[];
    if (this.stageNames?.pipelines !== pipelines) {
      const names = new Map<string, string>();
      for (const pipeline of pipelines) for (const stage of pipeline.stages) names.set(stage.id, stage.name);
      this.stageNames = { pipelines, names };
    }
    return this.stageNames.names;
  }

  /** The rows for the virtualizer, rebuilt only when the entries or the day boundaries change. */
  private rows(format: TimelineFormat): TimelineRow[] {
    const revision = this.timeline.revision;
    if (this.rowsMemo?.revision !== revision || this.rowsMemo.format !== format) {
      this.rowsMemo = { revision, format, rows: timelineRows(this.timeline.entries, format, this.rowCache) };
    }
    return this.rowsMemo.rows;
  }

  /** Says `message` in the live region (cleared first, so the same message is said again). */
  private async announce(message: string): Promise<void> {
    this.announcement = '';
    await this.updateComplete;
    this.announcement = message;
  }

  private readonly handleRange = (event: RangeChangedEvent): void => {
    // The virtualizer re-renders its rows after this listener: sweep after that.
    const list = event.currentTarget as Element;
    queueMicrotask(() => removeOrphanMarkers(list));
    if (event.last >= this.rows(this.format).length - 1 - prefetchRows) this.timeline.loadMore();
  };

  private readonly handleFilter = (event: Event): void => {
    const box = event.target as HTMLInputElement;
    const shown = new Set<InteractionType>(this.types ?? filterTypes);
    if (box.checked) shown.add(box.value as InteractionType);
    else shown.delete(box.value as InteractionType);
    this.types = filterTypes.every((type) => shown.has(type)) ? undefined : filterTypes.filter((type) => shown.has(type));
  };

  /** The virtualizer's layout: pinned to a row after a jump, else the shared one. */
  private layout(): ReturnType<typeof flow> {
    if (!this.pin) return layout;
    if (this.pinned?.pin !== this.pin) this.pinned = { pin: this.pin, layout: flow({ pin: this.pin }) };
    return this.pinned.layout;
  }

  /**
   * Home and End jump through the virtualizer (a pinned row): the browser's smooth keyboard
   * scroll, or setting `scrollTop`, can be undone by the virtualizer correcting its size
   * estimates on the way. End goes to the last row loaded; the next page loads from there.
   */
  private readonly handleScrollerKey = (event: KeyboardEvent): void => {
    if (event.target !== event.currentTarget || event.altKey || event.metaKey || event.shiftKey || event.ctrlKey) return;
    if (event.key === 'Home') this.pin = { index: 0, block: 'start' };
    else if (event.key === 'End') this.pin = { index: this.rows(this.format).length - 1, block: 'end' };
    else return;
    event.preventDefault();
  };

  /** The user scrolled: the list is no longer held at the pinned row. */
  private readonly handleUnpinned = (): void => {
    this.pin = undefined;
  };

  private readonly handleRetry = (): void => this.timeline.retry();

  private readonly handleRetryMore = (): void => this.timeline.loadMore();

  private async handleComplete(task: Interaction): Promise<void> {
    const crm = this.workspace;
    if (!crm || this.completing.has(task.id)) return;
    if (!this.dispatchEvent(new RapportTaskCompleteEvent({ task }))) return;
    const subject = task.subject ?? this.t('untitledTask');
    const hadFocus = this.shadowRoot?.activeElement?.getAttribute('data-complete') === task.id;
    // Optimistic: shown done at once, put back if the write fails.
    this.completing = new Map(this.completing).set(task.id, new Date(this.nowMs).toISOString());
    if (hadFocus) void this.focusAfterUpdate(`[data-done="${CSS.escape(task.id)}"]`);
    try {
      const done = await crm.interactions.complete(task.id);
      this.timeline.upsert(done);
      this.settle(task.id);
      void this.announce(this.t('taskCompleted', { subject }));
    } catch {
      this.settle(task.id);
      if (hadFocus) void this.focusAfterUpdate(`[data-complete="${CSS.escape(task.id)}"]`);
      void this.announce(this.t('taskCompleteFailed', { subject }));
    }
  }

  private settle(id: string): void {
    const next = new Map(this.completing);
    next.delete(id);
    this.completing = next;
  }

  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private readonly renderRow = (row: TimelineRow): TemplateResult => {
    const format = this.format;
    if (row.kind === 'entry') return renderEntry(this.view, row.entry);
    if (row.kind === 'day') {
      return html`<div role="listitem" class="day"><h3 part="day-heading">${format.dayHeading(row.day, format.dayKey(this.nowMs))}</h3></div>`;
    }
    const { loadingMore, moreError, hasMore } = this.timeline;
    return html`<div role="listitem" class="end">${moreError
        ? html`<span>${this.t('moreError')}</span> <button @click=${this.handleRetryMore}>${this.t('retry')}</button>`
        : loadingMore || hasMore
          ? this.t('loadingMore')
          : this.t('end')}</div>`;
  };

  private renderFilter(): TemplateResult {
    const shown = new Set<string>(this.types ?? filterTypes);
    return html`
      <fieldset class="filter" part="filter" @change=${this.handleFilter}>
        <legend>${this.t('filterLegend')}</legend>
        ${filterTypes.map(
          (type) => html`<label class="chip"><input type="checkbox" value=${type} .checked=${shown.has(type)} />${this.t(`type.${type}`)}</label>`,
        )}
      </fieldset>
    `;
  }

  private renderBody(): TemplateResult {
    const { state } = this.timeline;
    if (state === 'loading') return html`<p class="status" aria-busy="true">${this.t('loading')}</p>`;
    if (state === 'error') {
      return html`<div class="status error"><p>${this.t('error')}</p><button @click=${this.handleRetry}>${this.t('retry')}</button></div>`;
    }
    if (state === 'empty') {
      const key = this.types?.length === 0 ? 'emptyNoTypes' : this.types ? 'emptyFiltered' : 'empty';
      return html`<p class="status">${this.t(key)}</p>`;
    }
    return html`
      <div
        class="rows"
        part="list"
        role="list"
        tabindex="0"
        aria-label=${this.t('listLabel')}
        @keydown=${this.handleScrollerKey}
        @rangeChanged=${this.handleRange}
        @unpinned=${this.handleUnpinned}
      >${virtualize({
        items: this.rows(this.format),
        keyFunction: (row: TimelineRow) => row.key,
        renderItem: this.renderRow,
        layout: this.layout(),
        // The list scrolls itself: the virtualizer then knows its scroller from the start, and
        // its pinned jumps (Home, End, after logging) land where they should.
        scroller: true,
      })}</div>
    `;
  }

  override render() {
    const live = html`<div class="visually-hidden" role="status">${this.announcement}</div>`;
    if (!this.workspace || !this.link) return html`<p class="status">${this.t('initial')}</p>${live}`;
    return html`${this.readonly ? nothing : this.composer.render()} ${this.renderFilter()} ${this.renderBody()} ${live}`;
  }
}
