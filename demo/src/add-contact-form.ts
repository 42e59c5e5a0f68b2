import { isRapportError, type Crm, type ValidationError } from '@rapport/core';
import { h } from './dom.js';

const fields = [
  { name: 'firstName', label: 'First name', type: 'text' },
  { name: 'lastName', label: 'Last name', type: 'text' },
  { name: 'email', label: 'Email', type: 'email' },
] as const;

/**
 * A form that creates a contact through `crm.contacts.create`. Core validates; a
 * `ValidationError`'s issues are shown at the fields they name.
 */
export function addContactForm(crm: Crm, root: HTMLElement): void {
  const inputs = new Map<string, HTMLInputElement>();
  const errors = new Map<string, HTMLParagraphElement>();
  const form = h('form', { novalidate: '' });
  for (const field of fields) {
    const id = `new-${field.name}`;
    const input = h('input', { id, name: field.name, type: field.type, 'aria-describedby': `${id}-error` });
    const error = h('p', { id: `${id}-error`, class: 'error' });
    inputs.set(field.name, input);
    errors.set(field.name, error);
    form.append(h('div', { class: 'field' }, h('label', { for: id }, field.label), input, error));
  }
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  form.append(h('button', { type: 'submit' }, 'Add contact'), status);
  root.append(form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [name, error] of errors) {
      error.textContent = '';
      inputs.get(name)?.removeAttribute('aria-invalid');
    }
    const value = (name: string) => inputs.get(name)?.value.trim() || undefined;
    const email = value('email');
    try {
      const contact = await crm.contacts.create({
        ...(value('firstName') ? { firstName: value('firstName') } : {}),
        ...(value('lastName') ? { lastName: value('lastName') } : {}),
        emails: email ? [email] : [],
        source: { channel: 'demo' },
      });
      form.reset();
      status.textContent = `Added ${contact.firstName ?? contact.emails[0]}.`;
    } catch (error) {
      if (!isRapportError(error, 'validation')) {
        status.textContent = `Could not add the contact: ${(error as Error).message}`;
        return;
      }
      status.textContent = 'Please correct the marked fields.';
      for (const issue of (error as ValidationError).issues) {
        const field = issue.path[0] === 'emails' ? 'email' : String(issue.path[0]);
        const target = errors.get(field) ?? errors.get('firstName');
        target?.append(issue.message);
        inputs.get(field)?.setAttribute('aria-invalid', 'true');
      }
      const firstInvalid = form.querySelector<HTMLInputElement>('[aria-invalid="true"]');
      firstInvalid?.focus();
    }
  });
}
