import { isRapportError, type Contact, type ContactPatch, type LifecycleStage, type ValidationError, type WatchQuery } from '@rapport/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RapportContactSaveEvent } from '../events/rapport-contact-save-event.js';
import { RapportContactSavedEvent } from '../events/rapport-contact-saved-event.js';
import { RapportElement } from '../internal/rapport-element.js';
import { mailtoHref, safeHref, telHref } from '../internal/safe-url.js';
import { WatchController } from '../internal/watch-controller.js';
import type { ScoreBadgeStrings } from '../score-badge/score-badge.js';
import { contactCardStrings, type ContactCardStrings } from './contact-card-strings.js';
import { contactCardStyles } from './contact-card.styles.js';
import { displayName, initialsOf, shownCustomFields } from './contact-display.js';
import { draftOf, fieldOf, itemOf, patchOf, stages, withPatch, type ContactDraft, type DraftField } from './contact-draft.js';

type ContactQuery = Extract<WatchQuery, { collection: 'contacts' }>;

/** Issue messages by form field; `form` holds those about no one field. */
type FieldErrors = Partial<Record<DraftField | 'form', string[]>>;

const stageKey = (stage: LifecycleStage) => `stage${stage.charAt(0).toUpperCase()}${stage.slice(1)}` as keyof ContactCardStrings;

/**
 * One contact, live: name, initials, title and company, email addresses and phone numbers as
 * links, lifecycle stage, owner, tags, custom fields and lead score, with an inline editor that
 * saves optimistically and explains a validation error or a conflicting edit.
 *
 * @tag rapport-contact-card
 * @summary A live, editable card for one contact.
 *
 * @csspart card - The card's box, in every state.
 * @csspart avatar - The circle with the contact's initials.
 * @csspart name - The contact's name (a heading).
 * @csspart subtitle - Job title and company.
 * @csspart details - The list of emails, phones, stage, owner, tags and other fields.
 * @csspart tag - One tag.
 * @csspart score - The embedded `<rapport-score-badge>`.
 * @csspart edit-button - The button that opens the editor.
 * @csspart form - The editor.
 * @csspart status - The polite live region (saving, saved, conflict messages).
 *
 * @cssprop --rapport-contact-card-avatar-size - The avatar's diameter (default 48px; 32px when compact).
 * @cssprop --rapport-contact-card-avatar-background - The avatar's background (default: the accent colour).
 * @cssprop --rapport-contact-card-avatar-color - The initials' colour.
 * @cssprop --rapport-contact-card-padding - Space inside the card's border.
 *
 * @event rapport-contact-save - The user saved an edit; fired before the write, cancelable (`preventDefault()` keeps the stored contact as it is).
 * @event rapport-contact-saved - An edit the user made was stored; `detail.contact` is the stored contact.
 */
export class RapportContactCard extends RapportElement<ContactCardStrings> {
  /** The shared tokens and reset, then the element's own rules. */
  static override styles = [...RapportElement.styles, contactCardStyles];

  /** The id of the contact to show. */
  @property({ attribute: 'contact-id', reflect: true }) accessor contactId: string | undefined = undefined;

  /** Show only the name, title, company, first email and phone, and the score. */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  /** Replacements for the embedded score badge's strings (see `<rapport-score-badge>`). */
  @property({ attribute: false }) accessor scoreStrings: Partial<ScoreBadgeStrings> = {};

  /** Whether the editor is open. */
  @state() private accessor editing = false;

  /** The editor's values, as typed. */
  @state() private accessor draft: ContactDraft | undefined = undefined;

  /** Validation messages shown at their fields. */
  @state() private accessor errors: FieldErrors = {};

  /** The changes being saved, shown over the stored contact until the write settles. */
  @state() private accessor pending: ContactPatch | undefined = undefined;

  /** The newest stored version this card wrote or read itself, until the live query catches up. */
  @state() private accessor latest: Contact | undefined = undefined;

  /** The live region's text. */
  @state() private accessor message = '';

  /** The contact as it was when editing began: its version is the one the save expects. */
  private editBase: Contact | undefined;

  protected readonly defaultStrings = contactCardStrings;

  private readonly watch = new WatchController<ContactQuery>(this, () => ({
    crm: this.workspace,
    query: this.contactId ? { collection: 'contacts', where: { id: this.contactId }, limit: 1 } : undefined,
  }));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('contactId') && changed.get('contactId') !== undefined) this.reset();
    // Deleted (here or in another tab) while being edited: the draft has nothing left to save to.
    if (this.editing && this.watch.state === 'empty') this.closeEditor();
  }

  /** The stored contact: the live query's, or a newer one this card just wrote or read. */
  private get stored(): Contact | undefined {
    const live = this.watch.state === 'complete' ? this.watch.items[0] : undefined;
    if (live && this.latest?.id === live.id && this.latest.version > live.version) return this.latest;
    return live;
  }

  /** What the card shows: the stored contact, with a save in flight applied to it. */
  private get shown(): Contact | undefined {
    const stored = this.stored;
    return stored && this.pending ? withPatch(stored, this.pending) : stored;
  }

  private closeEditor(): void {
    this.editing = false;
    this.draft = undefined;
    this.errors = {};
    this.editBase = undefined;
  }

  /** Another contact: nothing of the last one's editing, saving or messages carries over. */
  private reset(): void {
    this.closeEditor();
    this.pending = undefined;
    this.latest = undefined;
    this.message = '';
  }

  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private handleRetry(): void {
    this.watch.retry();
  }

  private handleEdit(): void {
    const contact = this.stored;
    if (!contact || this.pending) return;
    this.editBase = contact;
    this.draft = draftOf(contact);
    this.errors = {};
    this.message = '';
    this.editing = true;
    void this.focusAfterUpdate('#f-firstName');
  }

  private handleInput(event: Event): void {
    const field = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    if (this.draft) this.draft = { ...this.draft, [field.name]: field.value };
  }

  private handleCancel(): void {
    this.closeEditor();
    void this.focusAfterUpdate('[part~="edit-button"]');
  }

  private handleFormKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.handleCancel();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const crm = this.workspace;
    const base = this.editBase;
    const draft = this.draft;
    if (!crm || !base || !draft || this.pending) return;
    const patch = patchOf(base, draft);
    if (Object.keys(patch).length === 0) {
      this.handleCancel();
      return;
    }
    const save = new RapportContactSaveEvent({ contactId: base.id, patch });
    this.dispatchEvent(save);
    // Vetoed: nothing is written and nothing is shown; the editor stays open with the draft.
    if (save.defaultPrevented) return;

    // Optimistic: the new values show at once, and the editor closes.
    this.pending = patch;
    this.editing = false;
    this.errors = {};
    this.message = this.t('saving');
    void this.focusAfterUpdate('[part~="edit-button"]');
    try {
      const saved = await crm.contacts.update(base.id, patch, { expectedVersion: base.version });
      if (this.contactId !== base.id) return;
      this.latest = saved;
      this.pending = undefined;
      this.draft = undefined;
      this.editBase = undefined;
      this.message = this.t('saved');
      this.dispatchEvent(new RapportContactSavedEvent({ contact: saved }));
    } catch (error) {
      if (this.contactId !== base.id) return;
      this.pending = undefined;
      if (isRapportError(error, 'validation')) {
        this.reopen(draft, this.fieldErrors(error as ValidationError, draft));
      } else if (isRapportError(error, 'conflict')) {
        // Roll back to what is stored now, and say why.
        this.draft = undefined;
        this.editBase = undefined;
        this.message = this.t('conflict');
        this.latest = await crm.contacts.get(base.id).catch(() => undefined);
      } else {
        this.reopen(draft, { form: [this.t('saveFailed')] });
        this.message = this.t('saveFailed');
      }
    }
  }

  /** Opens the editor again on the user's draft with messages at the fields, and focuses the first. */
  private reopen(draft: ContactDraft, errors: FieldErrors): void {
    this.draft = draft;
    this.errors = errors;
    this.editing = true;
    if (this.message === this.t('saving')) this.message = '';
    void this.focusAfterUpdate('[aria-invalid="true"], .form-error');
  }

  private fieldErrors(error: ValidationError, draft: ContactDraft): FieldErrors {
    const errors: FieldErrors = {};
    for (const issue of error.issues) {
      const field = fieldOf(issue) ?? 'form';
      const item = itemOf(issue, draft);
      const message = item === undefined ? issue.message : this.t('itemError', { item, message: issue.message });
      (errors[field] ??= []).push(message);
    }
    if (errors.form) errors.form.unshift(this.t('formInvalid'));
    return errors;
  }

  private renderState(text: string, retry = false) {
    return html`<div class="state">
      <p class=${retry ? 'error' : 'note'}>${text}</p>
      ${retry ? html`<button class="button" type="button" @click=${this.handleRetry}>${this.t('retry')}</button>` : nothing}
    </div>`;
  }

  private renderLinks(values: readonly string[], href: (value: string) => string | undefined) {
    return html`<ul class="plain">
      ${values.map((value) => {
        const url = href(value);
        return html`<li>${url ? html`<a href=${url}>${value}</a>` : value}</li>`;
      })}
    </ul>`;
  }

  private renderCustomValue(value: string | number | boolean) {
    if (typeof value === 'boolean') return this.t(value ? 'yes' : 'no');
    if (typeof value === 'number') return new Intl.NumberFormat(this.resolvedLocale).format(value);
    // Only an http(s) address becomes a link; any other scheme stays text.
    const url = /^https?:\/\//i.test(value) ? safeHref(value) : undefined;
    return url ? html`<a href=${url} rel="noopener noreferrer" target="_blank">${value}</a>` : value;
  }

  private renderDetails(contact: Contact) {
    if (this.compact) {
      const [email] = contact.emails;
      const [phone] = contact.phones;
      const emailHref = email ? mailtoHref(email) : undefined;
      const phoneHref = phone ? telHref(phone) : undefined;
      if (!email && !phone) return nothing;
      return html`<p class="reach" part="details">
        ${email ? (emailHref ? html`<a href=${emailHref}>${email}</a>` : email) : nothing}
        ${phone ? (phoneHref ? html`<a href=${phoneHref}>${phone}</a>` : phone) : nothing}
      </p>`;
    }
    const custom = shownCustomFields(contact);
    return html`<dl class="details" part="details">
      ${contact.emails.length ? html`<dt>${this.t('emails')}</dt><dd>${this.renderLinks(contact.emails, mailtoHref)}</dd>` : nothing}
      ${contact.phones.length ? html`<dt>${this.t('phones')}</dt><dd>${this.renderLinks(contact.phones, telHref)}</dd>` : nothing}
      <dt>${this.t('lifecycleStage')}</dt>
      <dd class="stage">${this.t(stageKey(contact.lifecycleStage))}</dd>
      ${contact.ownerId ? html`<dt>${this.t('owner')}</dt><dd>${contact.ownerId}</dd>` : nothing}
      ${contact.tags.length
        ? html`<dt>${this.t('tags')}</dt>
            <dd>
              <ul class="plain tags">
                ${contact.tags.map((tag) => html`<li class="tag" part="tag">${tag}</li>`)}
              </ul>
            </dd>`
        : nothing}
      ${custom.map(([name, value]) => html`<dt class="custom">${name}</dt><dd>${this.renderCustomValue(value)}</dd>`)}
    </dl>`;
  }

  private renderField(field: DraftField, label: string, control: (describedBy: string | undefined, invalid: boolean) => unknown, hint?: string) {
    const messages = this.errors[field];
    const ids = [hint ? `${field}-hint` : '', messages ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for="f-${field}">${label}</label>
      ${hint ? html`<p class="hint" id="${field}-hint">${hint}</p>` : nothing}
      ${control(ids || undefined, messages !== undefined)}
      ${messages ? html`<p class="field-error" id="${field}-error">${messages.join(' ')}</p>` : nothing}
    </div>`;
  }

  private renderForm(contact: Contact) {
    const draft = this.draft as ContactDraft;
    const text = (field: DraftField, autocomplete: string) => (describedBy: string | undefined, invalid: boolean) =>
      html`<input
        id="f-${field}"
        name=${field}
        type="text"
        autocomplete=${autocomplete}
        .value=${draft[field]}
        aria-describedby=${describedBy ?? nothing}
        aria-invalid=${invalid ? 'true' : nothing}
        @input=${this.handleInput}
      />`;
    const area = (field: DraftField) => (describedBy: string | undefined, invalid: boolean) =>
      html`<textarea
        id="f-${field}"
        name=${field}
        rows="2"
        .value=${draft[field]}
        aria-describedby=${describedBy ?? nothing}
        aria-invalid=${invalid ? 'true' : nothing}
        @input=${this.handleInput}
      ></textarea>`;
    const stageSelect = (describedBy: string | undefined, invalid: boolean) =>
      html`<select
        id="f-lifecycleStage"
        name="lifecycleStage"
        aria-describedby=${describedBy ?? nothing}
        aria-invalid=${invalid ? 'true' : nothing}
        @change=${this.handleInput}
      >
        ${stages.map((stage) => html`<option value=${stage} ?selected=${draft.lifecycleStage === stage}>${this.t(stageKey(stage))}</option>`)}
      </select>`;
    const formErrors = this.errors.form;
    return html`<form
      class="form"
      part="form"
      novalidate
      aria-label=${this.t('editForm', { name: displayName(contact) || this.t('unnamed') })}
      @submit=${this.handleSubmit}
      @keydown=${this.handleFormKeydown}
    >
      ${formErrors ? html`<p class="form-error" tabindex="-1">${formErrors.join(' ')}</p>` : nothing}
      <div class="row">
        ${this.renderField('firstName', this.t('firstName'), text('firstName', 'given-name'))}
        ${this.renderField('lastName', this.t('lastName'), text('lastName', 'family-name'))}
      </div>
      ${this.renderField('title', this.t('title'), text('title', 'organization-title'))}
      ${this.renderField('emails', this.t('emailsField'), area('emails'), this.t('emailsHint'))}
      ${this.renderField('phones', this.t('phonesField'), area('phones'), this.t('phonesHint'))}
      ${this.renderField('lifecycleStage', this.t('lifecycleStageField'), stageSelect)}
      ${this.renderField('tags', this.t('tagsField'), text('tags', 'off'), this.t('tagsHint'))}
      <div class="actions">
        <button class="button" type="button" @click=${this.handleCancel}>${this.t('cancel')}</button>
        <button class="button primary" type="submit">${this.t('save')}</button>
      </div>
    </form>`;
  }

  private renderContact(contact: Contact) {
    const name = displayName(contact);
    const subtitle =
      contact.title && contact.companyName
        ? this.t('titleAtCompany', { title: contact.title, company: contact.companyName })
        : (contact.title ?? contact.companyName ?? '');
    const saving = this.pending !== undefined;
    return html`<article class="contact" aria-labelledby="name">
      <div class="header">
        <span class="avatar" part="avatar" aria-hidden="true">${initialsOf(contact, this.resolvedLocale)}</span>
        <div class="heading">
          <h2 id="name" part="name">${name || this.t('unnamed')}</h2>
          ${subtitle ? html`<p class="subtitle" part="subtitle">${subtitle}</p>` : nothing}
        </div>
        ${contact.score
          ? html`<rapport-score-badge
              part="score"
              .crm=${this.workspace}
              .score=${contact.score}
              .contactId=${contact.id}
              .strings=${this.scoreStrings}
              locale=${this.resolvedLocale}
              theme=${this.theme ?? nothing}
              density=${this.density ?? nothing}
            ></rapport-score-badge>`
          : nothing}
        ${this.editing
          ? nothing
          : html`<button
              class="button"
              part="edit-button"
              type="button"
              aria-label=${this.t('editLabel', { name: name || this.t('unnamed') })}
              aria-disabled=${saving ? 'true' : nothing}
              @click=${this.handleEdit}
            >
              ${this.t('edit')}
            </button>`}
      </div>
      ${this.editing ? this.renderForm(contact) : this.renderDetails(contact)}
    </article>`;
  }

  protected override render(): TemplateResult {
    const contact = this.shown;
    const { state } = this.watch;
    let body;
    if (state === 'initial') body = this.renderState(this.t('initial'));
    else if (state === 'loading') body = this.renderState(this.t('loading'));
    else if (state === 'error') body = this.renderState(this.t('error'), true);
    else if (state === 'empty' || !contact) body = this.renderState(this.t('empty'));
    else body = this.renderContact(contact);
    return html`<div class="card" part="card" aria-busy=${state === 'loading' ? 'true' : 'false'}>
      ${body}
      <p class="status" part="status" role="status">${this.message}</p>
    </div>`;
  }
}
