import { createCrm, memoryAdapter, UnavailableError, type Crm, type StorageAdapter } from '@rapport/core';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/lead-form/define.js';
import type { RapportLeadForm } from '../src/lead-form/lead-form.js';

interface LeadFormArgs {
  successMessage: string;
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
  disabled: boolean;
}

interface Loaded {
  crm?: Crm;
}

/** A store whose writes never finish (sending) or always fail (saved to send later). */
function stalledStorage(how: 'hang' | 'fail'): StorageAdapter {
  const inner = memoryAdapter();
  return {
    ...inner,
    name: `story-${how}`,
    collection: (name) => inner.collection(name),
    transaction: () => (how === 'hang' ? new Promise<never>(() => {}) : Promise.reject(new UnavailableError('The store is unreachable'))),
    changes: (listener) => inner.changes(listener),
  };
}

/** Each story starts with an empty outbox, so that no story delivers what another left behind. */
async function workspace(storage: StorageAdapter = memoryAdapter()): Promise<Loaded> {
  localStorage.removeItem('rapport-lead-outbox');
  return { crm: createCrm({ storage }) };
}

/** The fields of a typical contact form; `filled` gives them answers, as a visitor would. */
const fields = (filled: boolean): TemplateResult => html`
  <rapport-field name="firstName" label="First name" value=${filled ? 'Ada' : nothing}></rapport-field>
  <rapport-field name="email" label="Work email" required help="We reply within one working day." value=${filled ? 'ada@example.com' : nothing}></rapport-field>
  <rapport-field name="teamSize" type="select" label="Team size">
    <option value="1-10">1–10</option>
    <option value="11-50">11–50</option>
    <option value="51+">51 or more</option>
  </rapport-field>
  <rapport-field name="message" label="How can we help?"></rapport-field>
  <rapport-field type="checkbox" consent="marketing-email">Send me product news by email. You can unsubscribe at any time.</rapport-field>
`;

/** Submits the form as soon as it is rendered: for the stories that show what follows a submission. */
const submitted = ref((el) => {
  if (el) void (el as RapportLeadForm).updateComplete.then(() => (el as RapportLeadForm).submit());
});

const meta = {
  title: 'Widgets/LeadForm',
  component: 'rapport-lead-form',
  argTypes: {
    successMessage: { control: 'text', description: 'Shown once the lead is accepted.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: [undefined, 'comfortable', 'compact'] },
    disabled: { control: 'boolean' },
  },
  args: { successMessage: '', theme: undefined, density: undefined, disabled: false },
  loaders: [() => workspace()],
  render: (args, { loaded }) => html`<rapport-lead-form
    .crm=${(loaded as Loaded).crm}
    success-message=${args.successMessage || nothing}
    theme=${args.theme ?? nothing}
    density=${args.density ?? nothing}
    ?disabled=${args.disabled}
    >${fields(false)}</rapport-lead-form
  >`,
} satisfies Meta<LeadFormArgs>;

export default meta;
type Story = StoryObj<LeadFormArgs>;

/** A contact form with a required email, a choice, a message and a consent checkbox. */
export const Default: Story = {};

/** The dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** The fields from a JSON list instead of `<rapport-field>` children. */
export const JsonFields: Story = {
  render: (_args, { loaded }) =>
    html`<rapport-lead-form
      .crm=${(loaded as Loaded).crm}
      fields='[{"name":"email","label":"Email","required":true},{"name":"phone","label":"Phone"},{"name":"company","label":"Company"}]'
    ></rapport-lead-form>`,
};

/** Submitted empty: each error sits under its field, and focus is on the first. */
export const Errors: Story = {
  render: (_args, { loaded }) => html`<rapport-lead-form .crm=${(loaded as Loaded).crm} ${submitted}>${fields(false)}</rapport-lead-form>`,
};

/** Sending, while the store has not answered yet. */
export const Sending: Story = {
  loaders: [() => workspace(stalledStorage('hang'))],
  render: (_args, { loaded }) => html`<rapport-lead-form .crm=${(loaded as Loaded).crm} ${submitted}>${fields(true)}</rapport-lead-form>`,
};

/** The store failed: the submission waits in the outbox, to be sent automatically. */
export const SavedForLater: Story = {
  loaders: [() => workspace(stalledStorage('fail'))],
  render: (_args, { loaded }) => html`<rapport-lead-form .crm=${(loaded as Loaded).crm} ${submitted}>${fields(true)}</rapport-lead-form>`,
};

/** Accepted: the success message (or the page's own, with `success-message`). */
export const Sent: Story = {
  render: (args, { loaded }) =>
    html`<rapport-lead-form .crm=${(loaded as Loaded).crm} success-message=${args.successMessage || nothing} ${submitted}>${fields(true)}</rapport-lead-form>`,
};

/** A field list the form cannot use: visitors see a plain message, the console names the problem. */
export const Misconfigured: Story = {
  render: () => html`<rapport-lead-form fields='[{"name":"email"}]'></rapport-lead-form>`,
};

/** Inside a page's own `<form>`: no button of its own; the page's button sends both. */
export const InsideAPageForm: Story = {
  render: (_args, { loaded }) => html`<form @submit=${(event: Event) => event.preventDefault()}>
    <p><label>Order number <input name="order" value="A-1001" /></label></p>
    <rapport-lead-form .crm=${(loaded as Loaded).crm}>${fields(false)}</rapport-lead-form>
    <p><button>Place order</button></p>
  </form>`,
};

/** Strings replaced, as a page in another language would. */
export const CustomStrings: Story = {
  render: (_args, { loaded }) => html`<rapport-lead-form
    .crm=${(loaded as Loaded).crm}
    .strings=${{ submit: 'Senden', requiredMarker: '(Pflichtfeld)', required: 'Bitte „{label}“ ausfüllen.', success: 'Danke! Ihre Nachricht ist angekommen.' }}
  >
    <rapport-field name="email" label="E-Mail" required></rapport-field>
    <rapport-field name="message" label="Ihre Nachricht"></rapport-field>
  </rapport-lead-form>`,
};
