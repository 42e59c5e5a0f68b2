import '@rapport/widgets/lead-form/define';
import { h } from './dom.js';
import type { DemoWorkspace } from './open-workspace.js';

/** The fields a marketing site would ask for; `email`, the names, `company` and `message` are the lead's own fields. */
const fields: readonly Readonly<Record<string, string>>[] = [
  { name: 'firstName', label: 'First name' },
  { name: 'lastName', label: 'Last name' },
  { name: 'email', label: 'Work email', required: '' },
  { name: 'company', label: 'Company' },
  { name: 'message', label: 'How can we help?', type: 'textarea' },
];

/**
 * `<rapport-lead-form>` as a site would embed it, capturing into the demo's workspace: on
 * IndexedDB through the page's `crm` (`crm.leads.capture`), in REST mode through the server's
 * public lead endpoint with a form key, as on a real site. Either way the lead then shows up in
 * the contact list, live.
 */
export function leadFormSection(workspace: DemoWorkspace, root: HTMLElement): void {
  const status = h('p', { id: 'lead-status', role: 'status', 'aria-live': 'polite' });
  const again = h('button', { type: 'button', id: 'lead-again', hidden: '' }, 'Send another lead');
  const slot = h('div');

  const showForm = () => {
    const form = document.createElement('rapport-lead-form');
    form.id = 'widget-lead-form';
    form.formId = 'demo-site';
    const { config } = workspace;
    if (config.storage === 'rest') {
      form.endpoint = config.baseUrl;
      form.formKey = config.formKey;
    } else {
      form.crm = workspace.crm;
    }
    for (const attributes of fields) {
      const field = document.createElement('rapport-field');
      for (const [name, value] of Object.entries(attributes)) field.setAttribute(name, value);
      form.append(field);
    }
    const consent = document.createElement('rapport-field');
    consent.setAttribute('type', 'checkbox');
    consent.setAttribute('consent', 'marketing-email');
    consent.textContent = 'Send me product news by email. I can unsubscribe at any time.';
    form.append(consent);
    form.addEventListener('rapport-lead-success', (event) => {
      status.textContent = event.detail.created ? 'Lead captured as a new contact: find it in the contact list.' : 'Lead merged into the contact who already had this email address.';
      again.hidden = false;
    });
    slot.replaceChildren(form);
    return form;
  };

  // The form shows its thanks in place of the fields; a fresh element starts a new submission.
  again.addEventListener('click', async () => {
    again.hidden = true;
    status.textContent = '';
    const form = showForm();
    // The button that had focus is gone: focus moves to the new form's first field.
    await form.updateComplete;
    form.shadowRoot?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  });
  showForm();
  root.append(slot, status, again);
}
