import { Task, TaskStatus } from '@lit/task';
import type { Crm, Score, ScoreContribution } from '@rapport/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { RapportElement } from '../internal/rapport-element.js';
import { describeEvidence, type EvidenceStrings } from './score-evidence.js';
import { scoreBadgeStyles } from './score-badge.styles.js';

/** A score to show: a full `Score` from `crm.scoring.score`, or the `{ value, grade }` a contact caches. */
export type ScoreLike = Pick<Score, 'value' | 'grade'> & { readonly contributions?: Score['contributions'] };

/** Every user-visible string of `<rapport-score-badge>`; `{name}` marks where a value goes. */
export const scoreBadgeStrings = {
  noScore: 'No score',
  showScore: 'Show score',
  scoreLabel: 'Lead score',
  gradeLabel: ', grade',
  heading: 'Lead score {value}, grade {grade}',
  headingPending: 'Lead score',
  fit: 'Fit',
  engagement: 'Engagement',
  pointsUnit: 'points',
  loading: 'Calculating the score…',
  loaded: 'Score breakdown loaded.',
  error: 'The score could not be calculated.',
  retry: 'Try again',
  empty: 'No rule added or took away points.',
  unavailable: 'No breakdown is available for this score.',
  close: 'Close',
  evidenceField: '{field}: {value}',
  evidenceFieldSeparator: '; ',
  evidenceInteractionsOne: '1 timeline entry, the latest on {date}',
  evidenceInteractionsOther: '{count} timeline entries, the latest on {date}',
  evidenceLimit: 'The group’s total of {before} points was limited to {limit}',
  fieldOfCompany: 'company {name}',
  noValue: 'no value',
  yes: 'yes',
  no: 'no',
  'stage.subscriber': 'Subscriber',
  'stage.lead': 'Lead',
  'stage.marketingQualified': 'Marketing qualified',
  'stage.salesQualified': 'Sales qualified',
  'stage.opportunity': 'Opportunity',
  'stage.customer': 'Customer',
  'stage.evangelist': 'Evangelist',
  'stage.other': 'Other',
} satisfies Record<string, string> & EvidenceStrings;

/** The keys of `<rapport-score-badge>`'s strings. */
export type ScoreBadgeStrings = Record<keyof typeof scoreBadgeStrings, string>;

type BreakdownState = 'unavailable' | 'loading' | 'error' | 'empty' | 'complete';

const hasContributions = (score: ScoreLike | undefined): score is Score => Array.isArray(score?.contributions);

/**
 * A lead score's value and grade as a button that opens the breakdown: every rule that added or
 * took away points, with the evidence in words.
 *
 * @tag rapport-score-badge
 * @summary A contact's lead score, explained on demand.
 *
 * @csspart button - The badge: a button showing the value and grade.
 * @csspart value - The score's value inside the badge.
 * @csspart grade - The grade inside the badge.
 * @csspart popover - The breakdown that the button opens.
 * @csspart contribution - One rule's line in the breakdown.
 *
 * @cssprop --rapport-score-badge-background - The badge's background (default: the selected colour).
 * @cssprop --rapport-score-badge-color - The badge's text colour.
 * @cssprop --rapport-score-badge-popover-width - The breakdown's largest width (default 360px).
 */
export class RapportScoreBadge extends RapportElement<ScoreBadgeStrings> {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [...RapportElement.styles, scoreBadgeStyles];

  /** The score to show: a full `Score` (its breakdown shows at once) or a contact's cached `{ value, grade }`. */
  @property({ attribute: false }) accessor score: ScoreLike | undefined = undefined;

  /** The contact whose score `crm.scoring.score` computes when the breakdown opens, unless `score` is a full `Score`. */
  @property({ attribute: 'contact-id', reflect: true }) accessor contactId: string | undefined = undefined;

  /** Whether the breakdown is open. */
  @state() private accessor open = false;

  /** The polite live region's text. */
  @state() private accessor announcement = '';

  /** Whether the task's last result belongs to the current workspace, contact and score. */
  private computedIsCurrent = false;

  protected readonly defaultStrings = scoreBadgeStrings;

  @query('.badge') private accessor button!: HTMLButtonElement | null;
  @query('[popover]') private accessor panel!: HTMLElement | null;

  /** Computes the full score, with the abort signal passed down to the store. */
  private readonly breakdown = new Task(this, {
    task: async ([crm, contactId]: readonly [Crm | undefined, string | undefined], { signal }) => {
      if (!crm || !contactId) throw new Error('Nothing to score: set crm and contact-id');
      return crm.scoring.score(contactId, { signal });
    },
    args: () => [this.workspace, this.contactId] as const,
    autoRun: false,
    onComplete: () => {
      this.announcement = this.t('loaded');
    },
    onError: () => {
      this.announcement = this.t('error');
    },
  });

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('score') || changed.has('contactId') || changed.has('crm') || changed.has('providedCrm')) {
      this.computedIsCurrent = false;
      // A new contact or score while the breakdown is open: compute it again (in this update).
      if (this.open) this.ensureBreakdown();
    }
  }

  /** The full score computed for the current contact, if any. */
  private get computed(): Score | undefined {
    return this.computedIsCurrent && this.breakdown.status === TaskStatus.COMPLETE ? this.breakdown.value : undefined;
  }

  /** Whether `crm.scoring.score` can be asked. */
  private get canCompute(): boolean {
    return this.workspace !== undefined && !!this.contactId;
  }

  /** Starts computing the full score unless one is given, is current, or (unless `retryFailed`) has just failed. */
  private ensureBreakdown(retryFailed = false): void {
    if (hasContributions(this.score) || !this.canCompute) return;
    if (this.computedIsCurrent && !(retryFailed && this.breakdown.status === TaskStatus.ERROR)) return;
    this.computedIsCurrent = true;
    void this.breakdown.run();
  }

  private get breakdownState(): BreakdownState {
    const full = hasContributions(this.score) ? this.score : this.computed;
    if (full) return full.contributions.length ? 'complete' : 'empty';
    if (!this.canCompute) return 'unavailable';
    if (this.computedIsCurrent && this.breakdown.status === TaskStatus.ERROR) return 'error';
    return 'loading';
  }

  private formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
    return new Intl.NumberFormat(this.resolvedLocale, { maximumFractionDigits: 2, ...options }).format(value);
  }

  private handleBeforeToggle(event: ToggleEvent): void {
    if (event.newState === 'open') this.ensureBreakdown(true);
  }

  private async handleToggle(event: ToggleEvent): Promise<void> {
    this.open = event.newState === 'open';
    await this.updateComplete;
    if (this.open) {
      this.panel?.focus();
    } else {
      // Closed with focus inside (light dismiss leaves it where the user clicked): back to the button.
      const active = this.shadowRoot?.activeElement;
      if (active && this.panel?.contains(active)) this.button?.focus();
    }
  }

  private handlePopoverKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Handled here rather than by the browser's close request, so focus surely returns to the button.
    event.preventDefault();
    event.stopPropagation();
    this.close();
  }

  private async handleRetry(): Promise<void> {
    this.computedIsCurrent = false;
    this.ensureBreakdown();
    // The retry button goes away with the error: keep focus in the breakdown.
    await this.updateComplete;
    this.panel?.focus();
  }

  private close(): void {
    if (this.panel?.matches(':popover-open')) this.panel.hidePopover();
    this.button?.focus();
  }

  private renderContribution(c: ScoreContribution) {
    const points = this.formatNumber(c.points, { signDisplay: 'exceptZero' });
    const evidence = describeEvidence(c.evidence, { t: (key, values) => this.t(key, values), locale: this.resolvedLocale });
    return html`<li part="contribution">
      <span class="label">${c.label}</span>
      <span class="points ${c.points < 0 ? 'negative' : ''}">${points}<span class="visually-hidden"> ${this.t('pointsUnit')}</span></span>
      <span class="evidence">${evidence}</span>
    </li>`;
  }

  private renderBreakdown() {
    const state = this.breakdownState;
    switch (state) {
      case 'unavailable':
        return html`<p>${this.t('unavailable')}</p>`;
      case 'loading':
        return html`<p aria-busy="true">${this.t('loading')}</p>`;
      case 'error':
        return html`<p class="error">${this.t('error')}</p>`;
      case 'empty':
        return html`<p>${this.t('empty')}</p>`;
      case 'complete': {
        const full = (hasContributions(this.score) ? this.score : this.computed) as Score;
        const groups = (['fit', 'engagement'] as const).map((group) => [group, full.contributions.filter((c) => c.group === group)] as const).filter(([, list]) => list.length);
        return groups.map(
          ([group, list]) => html`<section aria-labelledby="group-${group}">
            <h3 id="group-${group}">${this.t(group)}</h3>
            <ul>
              ${list.map((c) => this.renderContribution(c))}
            </ul>
          </section>`,
        );
      }
    }
  }

  protected override render(): TemplateResult {
    const summary: ScoreLike | undefined = this.computed ?? this.score;
    if (!summary && !this.canCompute) {
      return html`<div class="root"><span class="badge none" part="button">${this.t('noScore')}</span></div>`;
    }
    const value = summary ? this.formatNumber(summary.value, { maximumFractionDigits: 1 }) : '';
    return html`<div class="root">
      <button
        class="badge"
        part="button"
        type="button"
        popovertarget="breakdown"
        aria-haspopup="dialog"
        aria-controls="breakdown"
        aria-expanded=${this.open ? 'true' : 'false'}
      >
        ${summary
          ? html`<span class="visually-hidden">${this.t('scoreLabel')} </span><span class="value" part="value">${value}</span
              ><span class="visually-hidden">${this.t('gradeLabel')} </span><span class="grade" part="grade">${summary.grade}</span>`
          : this.t('showScore')}
      </button>
      <div
        id="breakdown"
        part="popover"
        popover="auto"
        role="dialog"
        tabindex="-1"
        aria-labelledby="breakdown-heading"
        @beforetoggle=${this.handleBeforeToggle}
        @toggle=${this.handleToggle}
        @keydown=${this.handlePopoverKeydown}
      >
        <h2 id="breakdown-heading">${summary ? this.t('heading', { value, grade: summary.grade }) : this.t('headingPending')}</h2>
        ${this.open ? this.renderBreakdown() : nothing}
        <div class="actions">
          ${this.open && this.breakdownState === 'error' ? html`<button class="action" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : nothing}
          <button class="action" type="button" @click=${this.close}>${this.t('close')}</button>
        </div>
      </div>
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }
}
