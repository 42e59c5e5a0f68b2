import { isRapportError, type Crm, type Interaction, type InteractionInput, type ValidationIssue } from '@rapport/core';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { RapportInteractionLogEvent } from '../events/rapport-interaction-log-event.js';
import type { ActivityTimelineStrings } from './activity-timeline.strings.js';
import type { TimelineLink } from './timeline-source.js';

/** The kinds of entry the composer logs. */
export const composerTypes = ['note', 'call', 'meeting', 'task'] as const;
/** One of {@link composerTypes}. */
export type ComposerType = (typeof composerTypes)[number];

type FieldName = 'subject' | 'body' | 'direction' | 'outcome' | 'duration' | 'due';

interface Draft {
  type: ComposerType;
  subject: string;
  body: string;
  direction: 'outbound' | 'inbound';
  outcome: string;
  /** Minutes, as typed. */
  duration: string;
  /** Whether the duration box holds text that is not a number (a number input then reports ''). */
  durationBad: boolean;
  /** A `datetime-local` value, in the browser's time zone. */
  due: string;
}

/** Where an issue of `crm.interactions.log` shows: the field its path names. */
const fieldOfPath: Readonly<Record<string, FieldName>> = {
  subject: 'subject',
  body: 'body',
  direction: 'direction',
  outcome: 'outcome',
  durationSec: 'duration',
  dueAt: 'due',
};

/** The element the composer lives in. */
export type ComposerHost = ReactiveControllerHost & EventTarget & { readonly renderRoot: HTMLElement | DocumentFragment };

/** What the composer needs from its element besides the host. */
export interface ComposerContext {
  /** The workspace and the timeline's link; without both there is nothing to log to. */
  target(): { crm: Crm; link: TimelineLink; ownerId: string | undefined } | undefined;
  /** A string of the element's table. */
  t(key: keyof ActivityTimelineStrings & string, values?: Readonly<Record<string, string | number>>): string;
  /** Says `message` in the element's live region. */
  announce(message: string): void;
  /** Called with the entry just logged, so the timeline shows it at once. */
  logged(entry: Interaction): void;
}

const emptyDraft = (type: ComposerType): Draft => ({ type, subject: '', body: '', direction: 'outbound', outcome: '', duration: '', durationBad: false, due: '' });

/**
 * The timeline's form to log a note, call, meeting or task: a type select, subject and notes, and
 * the fields of each type (a call's direction, outcome and duration; a meeting's duration; a
 * task's due time). It fires a cancelable `rapport-interaction-log` before logging, shows each
 * validation issue at its field (`aria-invalid`, `aria-describedby`) and focuses the first, and
 * clears itself and announces the entry once logged.
 */
export class ActivityComposer implements ReactiveController {
  private draft: Draft = emptyDraft('note');
  private errors: Partial<Record<FieldName, string>> = {};
  private formError: string | undefined;
  private busy = false;

  constructor(
    private readonly host: ComposerHost,
    private readonly context: ComposerContext,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    this.host.requestUpdate();
  }

  private readonly handleInput = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const field = target.name as FieldName | 'type';
    if (field === 'type') {
      // Fields of the other types go; what was written stays.
      this.errors = {};
      this.formError = undefined;
      this.set({ type: target.value as ComposerType });
    } else if (field === 'duration') {
      this.set({ duration: target.value, durationBad: (target as HTMLInputElement).validity.badInput });
    } else if (field === 'direction') this.set({ direction: target.value === 'inbound' ? 'inbound' : 'outbound' });
    else this.set({ [field]: target.value });
  };

  private readonly handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const target = this.context.target();
    if (!target || this.busy) return;
    const t = this.context.t.bind(this.context);
    const draft = this.draft;
    const errors = this.check(draft);
    this.formError = undefined;
    if (Object.keys(errors).length) {
      this.errors = errors;
      await this.showErrors();
      return;
    }
    const input = this.toInput(draft, target.link, target.ownerId);
    const cancelled = !this.host.dispatchEvent(new RapportInteractionLogEvent({ input }));
    if (cancelled) {
      this.errors = {};
      this.host.requestUpdate();
      return;
    }
    this.busy = true;
    this.errors = {};
    this.host.requestUpdate();
    try {
      const entry = await target.crm.interactions.log(input);
      this.context.logged(entry);
      this.draft = emptyDraft(draft.type);
      this.context.announce(t(`logged.${draft.type}`));
    } catch (error) {
      this.busy = false;
      this.errors = {};
      if (isRapportError(error, 'validation')) {
        const issues = (error as unknown as { issues: readonly ValidationIssue[] }).issues ?? [];
        for (const issue of issues) {
          const field = fieldOfPath[String(issue.path[0])];
          if (field) this.errors[field] ??= issue.message;
          else this.formError ??= t('logInvalid', { message: issue.message });
        }
      }
      if (!Object.keys(this.errors).length) this.formError ??= t('logFailed');
      await this.showErrors();
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  /** Renders the errors, announces the form's, and moves focus to the first field in error. */
  private async showErrors(): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    if (this.formError) this.context.announce(this.formError);
    const first = this.host.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]');
    first?.focus();
  }

  /** What the form can tell without the store: a note needs text, a task a subject, a duration a number. */
  private check(draft: Draft): Partial<Record<FieldName, string>> {
    const t = this.context.t.bind(this.context);
    const errors: Partial<Record<FieldName, string>> = {};
    if (draft.type === 'note' && !draft.body.trim()) errors.body = t('errorNoteEmpty');
    if (draft.type === 'task' && !draft.subject.trim()) errors.subject = t('errorTaskSubject');
    if ((draft.type === 'call' || draft.type === 'meeting') && (draft.durationBad || (draft.duration.trim() && !Number.isFinite(Number(draft.duration))))) {
      errors.duration = t('errorDuration');
    }
    if (draft.type === 'task' && draft.due && !Number.isFinite(new Date(draft.due).getTime())) errors.due = t('errorDue');
    return errors;
  }

  private toInput(draft: Draft, link: TimelineLink, ownerId: string | undefined): InteractionInput {
    const input: InteractionInput = { type: draft.type, ...link };
    if (draft.subject.trim()) input.subject = draft.subject.trim();
    if (draft.body.trim()) input.body = draft.body;
    if (ownerId) input.ownerId = ownerId;
    if (draft.type === 'call') {
      input.direction = draft.direction;
      if (draft.outcome.trim()) input.outcome = draft.outcome.trim();
    }
    if ((draft.type === 'call' || draft.type === 'meeting') && draft.duration.trim()) input.durationSec = Math.round(Number(draft.duration) * 60);
    if (draft.type === 'task') {
      // A datetime-local value has no zone: it is the user's local time.
      if (draft.due) input.dueAt = new Date(draft.due).toISOString();
      if (ownerId) input.assigneeId = ownerId;
    }
    return input;
  }

  /** An error message under its field, and the attributes that tie it to the field. */
  private error(field: FieldName) {
    const message = this.errors[field];
    return {
      invalid: message ? 'true' : nothing,
      describedBy: message ? `composer-${field}-error` : nothing,
      message: message ? html`<p class="field-error" id=${`composer-${field}-error`}>${message}</p>` : nothing,
    };
  }

  render(): TemplateResult {
    const t = this.context.t.bind(this.context);
    const d = this.draft;
    const subject = this.error('subject');
    const body = this.error('body');
    const direction = this.error('direction');
    const outcome = this.error('outcome');
    const duration = this.error('duration');
    const due = this.error('due');
    const timed = d.type === 'call' || d.type === 'meeting';
    return html`
      <form class="composer" part="composer" novalidate aria-labelledby="composer-title" @submit=${this.handleSubmit} @input=${this.handleInput} @change=${this.handleInput}>
        <h3 class="composer-title" id="composer-title">${t('composerTitle')}</h3>
        <div class="fields">
          <div class="field">
            <label for="composer-type">${t('composerType')}</label>
            <select id="composer-type" name="type" .value=${d.type}>
              ${composerTypes.map((type) => html`<option value=${type} ?selected=${type === d.type}>${t(`type.${type}`)}</option>`)}
            </select>
          </div>
          <div class="field wide">
            <label for="composer-subject">${t(d.type === 'task' ? 'composerTaskSubject' : 'composerSubject')}</label>
            <input id="composer-subject" name="subject" autocomplete="off" .value=${d.subject} aria-invalid=${subject.invalid} aria-describedby=${subject.describedBy} />
            ${subject.message}
          </div>
          <div class="field full">
            <label for="composer-body">${t('composerBody')}</label>
            <textarea id="composer-body" name="body" rows="3" .value=${d.body} aria-invalid=${body.invalid} aria-describedby=${body.describedBy}></textarea>
            ${body.message}
          </div>
          ${d.type === 'call'
            ? html`
                <div class="field">
                  <label for="composer-direction">${t('composerDirection')}</label>
                  <select id="composer-direction" name="direction" .value=${d.direction} aria-invalid=${direction.invalid} aria-describedby=${direction.describedBy}>
                    <option value="outbound" ?selected=${d.direction === 'outbound'}>${t('direction.outbound')}</option>
                    <option value="inbound" ?selected=${d.direction === 'inbound'}>${t('direction.inbound')}</option>
                  </select>
                  ${direction.message}
                </div>
                <div class="field">
                  <label for="composer-outcome">${t('composerOutcome')}</label>
                  <input id="composer-outcome" name="outcome" autocomplete="off" .value=${d.outcome} aria-invalid=${outcome.invalid} aria-describedby=${outcome.describedBy} />
                  ${outcome.message}
                </div>
              `
            : nothing}
          ${timed
            ? html`
                <div class="field">
                  <label for="composer-duration">${t('composerDuration')}</label>
                  <input id="composer-duration" name="duration" type="number" min="0" step="1" inputmode="numeric" .value=${d.duration} aria-invalid=${duration.invalid} aria-describedby=${duration.describedBy} />
                  ${duration.message}
                </div>
              `
            : nothing}
          ${d.type === 'task'
            ? html`
                <div class="field">
                  <label for="composer-due">${t('composerDue')}</label>
                  <input id="composer-due" name="due" type="datetime-local" .value=${d.due} aria-invalid=${due.invalid} aria-describedby=${due.describedBy} />
                  ${due.message}
                </div>
              `
            : nothing}
        </div>
        <div class="actions">
          ${this.formError ? html`<p class="form-error">${this.formError}</p>` : nothing}
          <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : nothing}>${t(`submit.${d.type}`)}</button>
        </div>
      </form>
    `;
  }
}
