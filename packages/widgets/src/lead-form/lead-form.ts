import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { RapportLeadErrorEvent } from '../events/rapport-lead-error-event.js';
import { RapportLeadSubmitEvent } from '../events/rapport-lead-submit-event.js';
import { RapportLeadSuccessEvent } from '../events/rapport-lead-success-event.js';
import { RapportElement } from '../internal/rapport-element.js';
import { leadBody } from './lead-body.js';
import { flushOutbox, type Send } from './lead-courier.js';
import { sendToCrm } from './lead-crm.js';
import { leadsUrl, sendToEndpoint, type LeadProblem, type SendOutcome } from './lead-endpoint.js';
import { LeadFormConfigError, leadFields, type LeadField, type LeadFieldDefinition } from './lead-field.js';
import { leadFormStrings, type LeadFormStrings } from './lead-form.strings.js';
import { leadFormStyles } from './lead-form.styles.js';
import { leadLimits } from './lead-limits.js';
import { LeadOutbox, type OutboxEntry } from './lead-outbox.js';
import { validateLead, type FieldProblem, type FieldValue } from './lead-validation.js';
import { pageSource } from './page-source.js';
import { submissionId } from './submission-id.js';
import { fieldDefinitionOf } from './rapport-field.js';

type Status = 'idle' | 'submitting' | 'queued' | 'success';

/** One outbox for the page: every form's submissions, kept in `localStorage` until delivered. */
const outbox = new LeadOutbox();
/** The forms on the page, so that an outcome reaches the form that made the submission. */
const forms = new Set<RapportLeadForm>();

/** Reads the `fields` attribute: a JSON list of field definitions. */
const jsonFields = {
  fromAttribute: (value: string | null): unknown => {
    if (value === null) return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      // Kept as text: the field check then names the problem.
      return value;
    }
  },
};

/**
 * A lead-capture form that never loses a submission. Fields come from `<rapport-field>` children
 * or the `fields` list. It validates in the browser, then sends the lead to a Rapport server
 * (`endpoint` and `form-key`: `POST /v1/leads` with an `Idempotency-Key`) or to a `crm`
 * (`crm.leads.capture`). Every submission is first written to an outbox in `localStorage`;
 * offline, or when delivery fails, it stays there and is sent again when the browser is back
 * online, when the page becomes visible, and on the next page load: exactly once.
 *
 * It captures UTM parameters, referrer and landing page (without query strings), carries a
 * honeypot and the time the form was shown, and sends each consent checkbox's label as the
 * exact text the person agreed to (or not).
 *
 * Form-associated: inside a page's own `<form>` it renders no button of its own; its answers are
 * part of that form's data, an invalid answer stops that form's submission, and submitting that
 * form also sends the lead.
 *
 * @summary A lead-capture form that validates, keeps consent and never loses a submission.
 * @tag rapport-lead-form
 *
 * @csspart form - The form (a group inside a host page's `<form>`).
 * @csspart field - One field: label, hint, control and error.
 * @csspart label - A field's label.
 * @csspart control - An input, text area, select or checkbox.
 * @csspart help - A field's hint.
 * @csspart error - A field's error message.
 * @csspart alert - Why the form was not sent.
 * @csspart submit - The submit button.
 * @csspart panel - The message shown after submitting: sent, or saved to be sent.
 *
 * @cssprop --rapport-lead-form-field-gap - Space between fields.
 * @cssprop --rapport-lead-form-control-height - Height of inputs and the button.
 *
 * @fires rapport-lead-submit - A valid form was submitted, before it is stored or sent. Cancelable.
 * @fires rapport-lead-success - A submission was accepted (now, or later from the outbox).
 * @fires rapport-lead-error - An attempt failed; `willRetry` says whether it stays in the outbox.
 *
 * @example
 * <script type="module" src="rapport-lead-form.js"></script>
 * <rapport-lead-form endpoint="https://crm.example.com" form-key="fk_…">
 *   <rapport-field name="email" label="Email" required></rapport-field>
 *   <rapport-field name="message" label="How can we help?"></rapport-field>
 *   <rapport-field type="checkbox" consent="marketing-email">Send me product news by email.</rapport-field>
 * </rapport-lead-form>
 */
export class RapportLeadForm extends RapportElement<LeadFormStrings> {
  static override styles = [...RapportElement.styles, leadFormStyles];
  static formAssociated = true;

  // Declared with `static properties` rather than decorators: decorated accessors compile to
  // about 1 KB of gzipped helper code here, and this element's bundle has a 20 KB budget.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    formKey: { attribute: 'form-key' },
    formId: { attribute: 'form-id' },
    fields: { attribute: 'fields', converter: jsonFields },
    redirect: {},
    successMessage: { attribute: 'success-message' },
    disabled: { type: Boolean, reflect: true },
    status: { state: true, attribute: false },
    problems: { state: true, attribute: false },
    alert: { state: true, attribute: false },
    notice: { state: true, attribute: false },
    childFields: { state: true, attribute: false },
    formDisabled: { state: true, attribute: false },
    hostForm: { state: true, attribute: false },
  };

  /** The Rapport server's base URL (`https://crm.example.com`); used with `form-key`. */
  declare endpoint: string | undefined;
  /** The form key (`fk_…`) the server issued for this site. */
  declare formKey: string | undefined;
  /** Names the form; stored with the lead (a form key's own form id wins on the server). */
  declare formId: string | undefined;
  /** The fields, instead of `<rapport-field>` children: a list, or JSON in the attribute. */
  declare fields: readonly LeadFieldDefinition[] | undefined;
  /** A URL to go to once the lead is accepted, instead of showing the success message. */
  declare redirect: string | undefined;
  /** The message shown once the lead is accepted (default: the `success` string). */
  declare successMessage: string | undefined;
  /** Disables every field and the button. */
  declare disabled: boolean;

  declare private status: Status;
  declare private problems: ReadonlyMap<string, string>;
  declare private alert: string;
  declare private notice: string;
  declare private childFields: readonly LeadFieldDefinition[];
  declare private formDisabled: boolean;
  declare private hostForm: HTMLFormElement | null;

  protected readonly defaultStrings = leadFormStrings;
  private readonly internals = this.attachInternals();
  private values = new Map<string, FieldValue>();
  private honeypot = '';
  private startedAt = '';
  private readonly submissions = new Set<string>();
  private config: { fields: LeadField[] } | { error: Error } = { fields: [] };
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly childObserver = new MutationObserver(() => this.readChildFields());

  constructor() {
    super();
    this.disabled = false;
    this.status = 'idle';
    this.problems = new Map();
    this.alert = '';
    this.notice = '';
    this.childFields = [];
    this.formDisabled = false;
    this.hostForm = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    forms.add(this);
    // The fill time counts from when the form was first shown.
    this.startedAt ||= new Date().toISOString();
    this.childObserver.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
    this.readChildFields();
    window.addEventListener('online', this.handleOnline);
    document.addEventListener('visibilitychange', this.handleVisibility);
    this.addEventListener('invalid', this.handleInvalid);
    // Whatever an earlier page load left in the outbox goes out now.
    void this.updateComplete.then(() => this.deliver());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    forms.delete(this);
    this.childObserver.disconnect();
    window.removeEventListener('online', this.handleOnline);
    document.removeEventListener('visibilitychange', this.handleVisibility);
    this.removeEventListener('invalid', this.handleInvalid);
    this.hostForm?.removeEventListener('submit', this.handleHostSubmit);
    clearTimeout(this.retryTimer);
  }

  /** Called by the browser when the element joins or leaves a host page's `<form>`. */
  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.hostForm?.removeEventListener('submit', this.handleHostSubmit);
    this.hostForm = form;
    form?.addEventListener('submit', this.handleHostSubmit);
  }

  /** Called by the browser when a host page's `<form>` is reset. */
  formResetCallback(): void {
    this.values = new Map();
    this.honeypot = '';
    this.problems = new Map();
    this.alert = '';
    this.status = 'idle';
  }

  /** Called by the browser when a surrounding `<fieldset>` or form becomes (or stops being) disabled. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** Called by the browser to restore answers (back/forward navigation, autofill of a restored page). */
  formStateRestoreCallback(restored: unknown): void {
    if (!(restored instanceof FormData)) return;
    for (const field of this.currentFields.filter((f) => f.type !== 'hidden')) {
      const value = restored.get(field.name);
      if (field.type === 'checkbox') this.values.set(field.name, value !== null);
      else if (typeof value === 'string') this.values.set(field.name, value);
    }
    this.requestUpdate();
  }

  /** Checks the answers and, when they are valid, submits the lead (as the submit button does). */
  async submit(): Promise<void> {
    if (this.status === 'submitting') return;
    const fields = this.currentFields;
    const problems = validateLead(fields, this.values);
    if (problems.size > 0) {
      await this.showProblems(problems, true);
      return;
    }
    const { lead, body } = leadBody(fields, this.values, {
      source: pageSource(location.href, document.referrer),
      startedAt: this.startedAt,
      honeypot: this.honeypot,
      ...(this.formId ? { formId: this.formId } : {}),
    });
    const id = submissionId();
    const event = new RapportLeadSubmitEvent({ submissionId: id, lead });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const destination = this.destination;
    if (destination === undefined) {
      this.alert = this.t('unavailable');
      console.error('Rapport: <rapport-lead-form> has nowhere to send leads: set `endpoint` and `form-key`, or give it a `crm`.');
      return;
    }
    this.alert = '';
    this.status = 'submitting';
    this.submissions.add(id);
    // Stored before the first attempt: a closed tab or a crash mid-request still gets it delivered.
    outbox.add({ id, destination, body });
    await this.deliver();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('fields') || changed.has('childFields') || changed.has('formId')) {
      try {
        if ((this.formId?.trim().length ?? 0) > leadLimits.formId) throw new LeadFormConfigError(`form-id: at most ${leadLimits.formId} characters`);
        this.config = { fields: leadFields(this.fields ?? this.childFields) };
      } catch (error) {
        this.config = { error: error as Error };
        console.error(`Rapport: <rapport-lead-form> cannot show its fields. ${(error as Error).message}`);
      }
    }
    if (changed.has('endpoint') || changed.has('formKey') || changed.has('crm') || changed.has('providedCrm')) {
      void this.updateComplete.then(() => this.deliver());
    }
  }

  protected override updated(): void {
    this.updateFormValue();
  }

  private get currentFields(): LeadField[] {
    return 'fields' in this.config ? this.config.fields : [];
  }

  /** Where this form's submissions go: its outbox key, or undefined when it is not connected. */
  private get destination(): string | undefined {
    if (this.endpoint && this.formKey) {
      try {
        return `endpoint ${leadsUrl(this.endpoint)} ${this.formKey}`;
      } catch {
        return undefined;
      }
    }
    return this.workspace ? `crm ${this.formId ?? ''}` : undefined;
  }

  private get sender(): Send | undefined {
    const { endpoint, formKey } = this;
    if (endpoint && formKey) return (entry) => sendToEndpoint(entry, endpoint, formKey);
    const crm = this.workspace;
    return crm ? (entry) => sendToCrm(entry, crm) : undefined;
  }

  /** Sends what waits in the outbox for this form's destination, and schedules the next try. */
  private async deliver(): Promise<void> {
    const destination = this.destination;
    const send = this.sender;
    if (!this.isConnected || destination === undefined || send === undefined) return;
    clearTimeout(this.retryTimer);
    if (navigator.onLine === false) {
      this.markWaiting(true);
      return;
    }
    const next = await flushOutbox(outbox, destination, send, (entry, outcome) => this.ownerOf(entry).handleOutcome(entry, outcome));
    this.markWaiting(false);
    if (next !== undefined && this.isConnected) this.retryTimer = setTimeout(() => void this.deliver(), Math.max(0, next - Date.now()));
  }

  /** The form that made the submission; this one for a submission left by an earlier page load. */
  private ownerOf(entry: OutboxEntry): RapportLeadForm {
    return [...forms].find((form) => form.submissions.has(entry.id)) ?? this;
  }

  /** A submission of this form still in the outbox is shown as saved, to be sent later. */
  private markWaiting(offline: boolean): void {
    if (this.status !== 'submitting') return;
    const destination = this.destination;
    const waiting = destination !== undefined && outbox.pending(destination).some((entry) => this.submissions.has(entry.id));
    if (waiting) this.showPanel('queued', this.t(offline ? 'queued' : 'retrying'));
  }

  /** Replaces the form with a message; focus follows when it was the person's own submission that just ended. */
  private showPanel(status: 'queued' | 'success', notice: string): void {
    const focus = this.status === 'submitting';
    this.status = status;
    this.notice = notice;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.panel')?.focus());
  }

  private handleOutcome(entry: OutboxEntry, outcome: SendOutcome): void {
    const mine = this.submissions.has(entry.id);
    if (outcome.kind === 'delivered') {
      this.submissions.delete(entry.id);
      const { contactId, created, interactionId } = outcome.result;
      const delayed = !mine || entry.attempts > 0 || this.status === 'queued';
      this.dispatchEvent(new RapportLeadSuccessEvent({ submissionId: entry.id, contactId, created, interactionId, delayed }));
      if (mine) this.succeed();
      else if (this.status === 'idle') this.notice = this.t('deliveredLater');
      return;
    }
    const problem: LeadProblem = outcome.problem ?? { status: 0, code: 'unavailable', title: 'The network request failed', issues: [] };
    const willRetry = outcome.kind === 'retry';
    this.dispatchEvent(new RapportLeadErrorEvent({ submissionId: entry.id, problem, willRetry }));
    if (!mine) return;
    if (willRetry) {
      this.showPanel('queued', this.t(navigator.onLine === false ? 'queued' : 'retrying'));
      return;
    }
    this.submissions.delete(entry.id);
    this.status = 'idle';
    void this.showRefusal(problem);
  }

  private succeed(): void {
    const target = this.redirect ? redirectUrl(this.redirect) : undefined;
    if (target) {
      location.assign(target);
      return;
    }
    this.values = new Map();
    // From the "saved" message too: the person is told, wherever focus went meanwhile.
    if (this.status === 'queued') this.status = 'submitting';
    this.showPanel('success', this.successMessage || this.t('success'));
  }

  /** Shows why the server refused: its issues on the fields they name, else one message. */
  private async showRefusal(problem: LeadProblem): Promise<void> {
    const fields = this.currentFields;
    const consentFields = fields.filter((field) => field.consent !== undefined);
    const problems = new Map<string, string>();
    for (const issue of problem.issues) {
      const [head, next] = issue.path;
      const field =
        head === 'customFields' ? fields.find((f) => f.name === next) : head === 'consent' && typeof next === 'number' ? consentFields[next] : fields.find((f) => f.name === head);
      if (field && field.type !== 'hidden' && !problems.has(field.name)) problems.set(field.name, issue.message);
    }
    const tooFast = problem.issues.some((issue) => issue.path[0] === 'startedAt');
    // A refusal the person cannot do anything about (a wrong or revoked form key, a misconfigured server) says so.
    const notTheirs = [401, 403, 404, 405, 413, 415].includes(problem.status);
    this.alert = this.t(tooFast ? 'tooFast' : notTheirs ? 'unavailable' : 'refused');
    this.problems = problems;
    await this.updateComplete;
    this.focusFirstProblem();
  }

  /** Shows the browser-side problems on their fields; `focus` moves focus to the first of them. */
  private async showProblems(problems: ReadonlyMap<string, FieldProblem>, focus: boolean): Promise<void> {
    const fields = this.currentFields;
    this.problems = new Map([...problems].map(([name, problem]) => [name, this.describe(problem, fields.find((f) => f.name === name) as LeadField)]));
    this.alert = this.t(problems.size === 1 ? 'problemsOne' : 'problemsOther', { count: problems.size });
    await this.updateComplete;
    if (focus) this.focusFirstProblem();
  }

  private focusFirstProblem(): void {
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private describe(problem: FieldProblem, field: LeadField): string {
    switch (problem.kind) {
      case 'required':
        return field.type === 'checkbox' ? this.t('requiredCheckbox') : field.type === 'select' ? this.t('choice') : this.t('required', { label: field.label });
      case 'tooShort':
        return this.t('tooShort', { min: problem.min });
      case 'tooLong':
        return this.t('tooLong', { max: problem.max });
      case 'pattern':
        return this.t('pattern', { label: field.label });
      default:
        return this.t(problem.kind);
    }
  }

  /** Keeps the host page's form in step: the answers as form data, and validity from the same checks. */
  private updateFormValue(): void {
    const fields = this.currentFields;
    const data = new FormData();
    for (const field of fields) {
      const value = this.answerOf(field);
      if (value === true) data.append(field.name, 'on');
      else if (typeof value === 'string' && value !== '') data.append(field.name, value);
    }
    this.internals.setFormValue(data, data);
    const problems = validateLead(fields, this.values);
    const [first] = problems;
    if (!first || !this.hostForm) {
      this.internals.setValidity({});
      return;
    }
    const [name, problem] = first;
    const anchor = this.renderRoot.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) ?? undefined;
    const message = this.describe(problem, fields.find((f) => f.name === name) as LeadField);
    this.internals.setValidity({ customError: true }, message, anchor);
  }

  private answerOf(field: LeadField): FieldValue {
    return this.values.get(field.name) ?? (field.type === 'checkbox' ? field.checked : field.value);
  }

  private readChildFields(): void {
    this.childFields = [...this.querySelectorAll(':scope > rapport-field')].map(fieldDefinitionOf);
  }

  private readonly handleOnline = (): void => void this.deliver();

  private readonly handleVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.deliver();
  };

  /** The host page's form found an invalid answer: show the problems (the browser moves focus itself). */
  private readonly handleInvalid = (): void => {
    void this.showProblems(validateLead(this.currentFields, this.values), false);
  };

  private readonly handleHostSubmit = (event: SubmitEvent): void => {
    const problems = validateLead(this.currentFields, this.values);
    if (problems.size > 0) {
      // Reached only when the host form skips validation (`novalidate`): stop it here.
      event.preventDefault();
      void this.showProblems(problems, true);
      return;
    }
    void this.submit();
  };

  private handleOwnSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.submit();
  }

  private handleInput(field: LeadField, event: Event): void {
    const control = event.target as HTMLInputElement;
    this.values.set(field.name, field.type === 'checkbox' ? control.checked : control.value);
    // Once a field shows a problem, it is checked again as the person types, so that the message goes as soon as it is fixed.
    if (this.problems.has(field.name)) {
      const problem = validateLead(this.currentFields, this.values).get(field.name);
      const problems = new Map(this.problems);
      if (problem) problems.set(field.name, this.describe(problem, field));
      else problems.delete(field.name);
      this.problems = problems;
    }
    this.updateFormValue();
  }

  private handleKeydown(event: KeyboardEvent): void {
    // Inside a host form there is no inner form, so Enter in a one-line field submits the host form as it would natively.
    if (event.key !== 'Enter' || !this.hostForm || (event.target as HTMLElement).localName !== 'input') return;
    if ((event.target as HTMLInputElement).type === 'checkbox') return;
    event.preventDefault();
    this.hostForm.requestSubmit();
  }

  override render(): TemplateResult {
    if ('error' in this.config) return html`<p part="alert" class="alert" role="alert">${this.t('unavailable')}</p>`;
    if (this.status === 'success' || this.status === 'queued') {
      return html`<div part="panel" class=${`panel ${this.status}`} role="status" tabindex="-1">
        <p>${this.notice}</p>
      </div>`;
    }
    const disabled = this.disabled || this.formDisabled;
    const busy = this.status === 'submitting';
    const content = html`
      <p part="alert" class="alert" role="alert">${this.alert}</p>
      ${this.config.fields.map((field, i) => this.renderField(field, i, disabled))}
      <div class="trap" inert>
        <label for="trap">${this.t('honeypot')}</label>
        <input id="trap" name="website" type="text" tabindex="-1" autocomplete="off" .value=${live(this.honeypot)} @input=${(e: Event) => (this.honeypot = (e.target as HTMLInputElement).value)} />
      </div>
      <p class="notice" role="status">${this.notice}</p>
      ${this.hostForm
        ? nothing
        : html`<button part="submit" type="submit" ?disabled=${disabled} aria-disabled=${busy ? 'true' : 'false'}>
            ${busy ? this.t('submitting') : this.t('submit')}
          </button>`}
    `;
    return this.hostForm
      ? html`<div part="form" class="fields" role="group" @keydown=${this.handleKeydown}>${content}</div>`
      : html`<form part="form" novalidate @submit=${this.handleOwnSubmit}>${content}</form>`;
  }

  private renderField(field: LeadField, i: number, disabled: boolean): TemplateResult | typeof nothing {
    if (field.type === 'hidden') return nothing;
    const id = `field-${i}`;
    const problem = this.problems.get(field.name);
    const describedBy = [field.help ? `${id}-help` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
    const value = this.answerOf(field);
    const label = html`<label part="label" for=${id}>${field.label}${field.required ? html` <span class="required">${this.t('requiredMarker')}</span>` : nothing}</label>`;
    const help = field.help ? html`<p part="help" class="help" id=${`${id}-help`}>${field.help}</p>` : nothing;
    const error = problem ? html`<p part="error" class="error" id=${`${id}-error`}>${problem}</p>` : nothing;
    const common = {
      id,
      name: field.name,
      invalid: problem ? 'true' : 'false',
      describedBy: describedBy || nothing,
    };
    const onInput = (event: Event) => this.handleInput(field, event);
    if (field.type === 'checkbox') {
      return html`<div part="field" class="field checkbox">
        <input part="control" type="checkbox" id=${common.id} name=${common.name} .checked=${live(value === true)} ?required=${field.required} ?disabled=${disabled}
          aria-invalid=${common.invalid} aria-describedby=${common.describedBy} @change=${onInput} />
        ${label}${help}${error}
      </div>`;
    }
    let control: TemplateResult;
    const text = typeof value === 'string' ? value : '';
    if (field.type === 'textarea') {
      control = html`<textarea part="control" id=${common.id} name=${common.name} .value=${live(text)} ?required=${field.required} ?disabled=${disabled}
        maxlength=${field.maxLength} placeholder=${field.placeholder ?? nothing} autocomplete=${field.autocomplete ?? nothing}
        aria-invalid=${common.invalid} aria-describedby=${common.describedBy} @input=${onInput}></textarea>`;
    } else if (field.type === 'select') {
      control = html`<select part="control" id=${common.id} name=${common.name} ?required=${field.required} ?disabled=${disabled}
        autocomplete=${field.autocomplete ?? nothing} aria-invalid=${common.invalid} aria-describedby=${common.describedBy} @change=${onInput}>
        <option value="" ?selected=${text === ''}>${this.t('choose')}</option>
        ${field.options.map((option) => html`<option value=${option.value} ?selected=${option.value === text}>${option.label}</option>`)}
      </select>`;
    } else {
      const type = field.type === 'phone' ? 'tel' : field.type;
      control = html`<input part="control" type=${type} id=${common.id} name=${common.name} .value=${live(text)} ?required=${field.required} ?disabled=${disabled}
        maxlength=${field.maxLength} minlength=${field.minLength ?? nothing} placeholder=${field.placeholder ?? nothing}
        autocomplete=${field.autocomplete ?? nothing} aria-invalid=${common.invalid} aria-describedby=${common.describedBy} @input=${onInput} />`;
    }
    return html`<div part="field" class="field">${label}${help}${control}${error}</div>`;
  }
}

/** An http(s) URL to go to (relative to the page), or undefined for anything else. */
function redirectUrl(redirect: string): string | undefined {
  try {
    const url = new URL(redirect, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
