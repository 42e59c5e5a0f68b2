import { Task, TaskStatus } from '@lit/task';
import { isRapportError, type Crm, type Deal, type Pipeline, type Stage, type WatchQuery } from '@rapport/core';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { displayName } from '../contact-card/contact-display.js';
import { formatMoney } from '../internal/format-money.js';
import { RapportElement } from '../internal/rapport-element.js';
import { WatchController, type LoadState } from '../internal/watch-controller.js';
import { dealCardStrings, type DealCardStrings } from './deal-card.strings.js';
import { dealCardStyles } from './deal-card.styles.js';

export { dealCardStrings, type DealCardStrings } from './deal-card.strings.js';

type DealQuery = Extract<WatchQuery, { collection: 'deals' }>;

/** What the card read about a deal's pipeline, company and first contact, and for which records. */
interface Related {
  readonly dealId: string;
  readonly pipelineId: string;
  readonly companyId: string | undefined;
  readonly contactId: string | undefined;
  readonly pipeline: Pipeline | undefined;
  readonly companyName: string | undefined;
  readonly contactName: string | undefined;
}

const dayMs = 86_400_000;

const pluralKeys = {
  zero: 'daysInStageZero',
  one: 'daysInStageOne',
  two: 'daysInStageTwo',
  few: 'daysInStageFew',
  many: 'daysInStageMany',
  other: 'daysInStageOther',
} as const satisfies Record<Intl.LDMLPluralRule, keyof DealCardStrings>;

/** Whole days from the deal's entry into its current stage until `now` (never negative). */
function daysInStage(deal: Deal, now: number): number {
  const entered = Date.parse(deal.stageHistory[deal.stageHistory.length - 1]?.enteredAt ?? deal.createdAt);
  return Math.max(0, Math.floor((now - entered) / dayMs));
}

/** The record, or `undefined` when there is none (or it was deleted); any other failure stays a failure. */
async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isRapportError(error, 'not_found')) return undefined;
    throw error;
  }
}

/**
 * One deal as a compact board card: title, amount in the deal's currency, company, first contact,
 * owner, stage and days in it, won or lost, and a "Rotting" marker once an open deal has been in
 * its stage longer than the stage's `rottingDays`.
 *
 * Give it either a `deal` (with `pipeline`, `companyName` and `contactName` when known), as a
 * board does, or a `deal-id` and a workspace: it then watches the deal live and reads its
 * pipeline, company and first contact. It is not focusable and fires no events: the board that
 * holds it manages focus, moves and announcements. While the deal is rotting the card sets a
 * `rotting` attribute on itself, for styling (`rapport-deal-card[rotting]`).
 *
 * @tag rapport-deal-card
 * @summary A compact card for one deal, for the pipeline board.
 *
 * @csspart card - The card's box, in every state.
 * @csspart title - The deal's title (a heading).
 * @csspart amount - The amount.
 * @csspart status - "Won" or "Lost", on closed deals.
 * @csspart details - The company, contact, owner and stage.
 * @csspart age - The days in stage.
 * @csspart rotting - The "Rotting" marker.
 *
 * @cssprop --rapport-deal-card-padding - Space inside the card's border (default `--rapport-space-3`).
 * @cssprop --rapport-deal-card-rotting-color - The marker's text and the rotting card's edge (default: the danger colour).
 */
export class RapportDealCard extends RapportElement<DealCardStrings> {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [...RapportElement.styles, dealCardStyles];

  /** The id of the deal to watch in the workspace (ignored while `deal` is set). */
  @property({ attribute: 'deal-id', reflect: true }) accessor dealId: string | undefined = undefined;

  /** The deal to show, as a board passes it; shown as given, with no reads. */
  @property({ attribute: false }) accessor deal: Deal | undefined = undefined;

  /** The deal's pipeline, for the stage's name and `rottingDays` (read from the workspace on the `deal-id` path). */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined = undefined;

  /** The company's name to show (read from the workspace on the `deal-id` path). */
  @property({ attribute: false }) accessor companyName: string | undefined = undefined;

  /** The first contact's name to show (read from the workspace on the `deal-id` path). */
  @property({ attribute: false }) accessor contactName: string | undefined = undefined;

  /** The time that counts as now for days in stage (default: the time of rendering). */
  @property({ attribute: false }) accessor now: Date | undefined = undefined;

  /** Whether the deal shown is rotting, as the last render found. */
  private isRotting = false;

  protected readonly defaultStrings = dealCardStrings;

  private readonly watch = new WatchController<DealQuery>(this, () => ({
    crm: this.workspace,
    query: !this.deal && this.dealId ? { collection: 'deals', where: { id: this.dealId }, limit: 1 } : undefined,
  }));

  /** Reads the watched deal's pipeline, company and first contact, again whenever those references change. */
  private readonly related = new Task(this, {
    task: async ([crm, dealId, pipelineId, companyId, contactId]: readonly [Crm | undefined, string | undefined, string | undefined, string | undefined, string | undefined], { signal }) => {
      if (!crm || !dealId || !pipelineId) return undefined;
      const [pipeline, company, contact] = await Promise.all([
        orMissing(crm.pipelines.get(pipelineId, { signal })),
        companyId ? orMissing(crm.companies.get(companyId, { signal })) : undefined,
        contactId ? orMissing(crm.contacts.get(contactId, { signal })) : undefined,
      ]);
      const related: Related = {
        dealId,
        pipelineId,
        companyId,
        contactId,
        pipeline,
        companyName: company?.name,
        contactName: contact ? displayName(contact) || undefined : undefined,
      };
      return related;
    },
    args: () => {
      const deal = this.watchedDeal;
      return [deal ? this.workspace : undefined, deal?.id, deal?.pipelineId, deal?.companyId, deal?.contactIds[0]] as const;
    },
  });

  /** Whether the deal shown is rotting: open, in an open stage with `rottingDays`, and longer than that in it. */
  get rotting(): boolean {
    return this.isRotting;
  }

  protected override updated(): void {
    this.toggleAttribute('rotting', this.isRotting);
  }

  /** The deal from the live query, on the `deal-id` path. */
  private get watchedDeal(): Deal | undefined {
    return !this.deal && this.watch.state === 'complete' ? this.watch.items[0] : undefined;
  }

  /** Where the card is, and the deal with what is known about it once there is one. */
  private get view(): { state: LoadState; deal?: Deal; pipeline?: Pipeline | undefined; companyName?: string | undefined; contactName?: string | undefined } {
    if (this.deal) return { state: 'complete', deal: this.deal, pipeline: this.pipeline, companyName: this.companyName, contactName: this.contactName };
    const deal = this.watchedDeal;
    if (!deal) return { state: this.watch.state === 'complete' ? 'empty' : this.watch.state };
    const { status } = this.related;
    if (status === TaskStatus.ERROR) return { state: 'error' };
    const value = this.related.value;
    // Another deal than the one read about: wait for its own reads rather than show the last one's.
    if (value?.dealId !== deal.id) return { state: 'loading' };
    return {
      state: 'complete',
      deal,
      pipeline: this.pipeline ?? (value.pipelineId === deal.pipelineId ? value.pipeline : undefined),
      companyName: this.companyName ?? (value.companyId === deal.companyId ? value.companyName : undefined),
      contactName: this.contactName ?? (value.contactId === deal.contactIds[0] ? value.contactName : undefined),
    };
  }

  private handleRetry(): void {
    this.watch.retry();
    if (this.related.status === TaskStatus.ERROR) void this.related.run();
  }

  private renderState(text: string, retry = false) {
    return html`<div class="state">
      <p class=${retry ? 'error' : 'note'}>${text}</p>
      ${retry ? html`<button class="button" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : nothing}
    </div>`;
  }

  private renderDeal(deal: Deal, days: number, stage: Stage | undefined, companyName: string | undefined, contactName: string | undefined) {
    const locale = this.resolvedLocale;
    const category = new Intl.PluralRules(locale).select(days);
    const age = this.t(pluralKeys[category], { count: new Intl.NumberFormat(locale).format(days) });
    const closed = deal.status === 'won' ? this.t('statusWon') : deal.status === 'lost' ? this.t('statusLost') : undefined;
    return html`<article class="deal" aria-labelledby="title">
      <div class="top">
        <h3 id="title" part="title">${deal.title}</h3>
        ${closed ? html`<span class="status ${deal.status}" part="status">${closed}</span>` : nothing}
      </div>
      <p class="amount" part="amount">${formatMoney(deal.amount, locale)}</p>
      <dl class="details" part="details">
        ${companyName ? html`<dt>${this.t('company')}</dt><dd>${companyName}</dd>` : nothing}
        ${contactName ? html`<dt>${this.t('contact')}</dt><dd>${contactName}</dd>` : nothing}
        ${deal.ownerId ? html`<dt>${this.t('owner')}</dt><dd>${deal.ownerId}</dd>` : nothing}
        ${stage ? html`<dt>${this.t('stage')}</dt><dd>${stage.name}</dd>` : nothing}
      </dl>
      <p class="foot">
        <span class="age" part="age">${age}</span>
        ${this.isRotting ? html`<span class="rotting" part="rotting">${this.t('rotting')}</span>` : nothing}
      </p>
    </article>`;
  }

  protected override render(): TemplateResult {
    const view = this.view;
    const { deal, pipeline } = view;
    const stage = deal ? pipeline?.stages.find((s) => s.id === deal.stageId) : undefined;
    const days = deal ? daysInStage(deal, (this.now ?? new Date()).getTime()) : 0;
    // Decided here, where the live query's and the reads' latest results are known; `updated` reflects it.
    this.isRotting = deal?.status === 'open' && stage?.kind === 'open' && stage.rottingDays !== undefined && days > stage.rottingDays;
    let body;
    if (view.state === 'initial') body = this.renderState(this.t('initial'));
    else if (view.state === 'loading') body = this.renderState(this.t('loading'));
    else if (view.state === 'error') body = this.renderState(this.t('error'), true);
    else if (view.state === 'empty' || !deal) body = this.renderState(this.t('empty'));
    else body = this.renderDeal(deal, days, stage, view.companyName, view.contactName);
    return html`<div class="card" part="card" aria-busy=${view.state === 'loading' ? 'true' : 'false'}>${body}</div>`;
  }
}
