import type { Contact, Crm, Unsubscribe } from '@rapport/core';
import { h } from './dom.js';

const pageSize = 25;

function nameOf(contact: Contact): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0] || '(no name)';
}

/**
 * A searchable, live list of contacts: a word-prefix search box over `crm.contacts.search`,
 * and a table kept current by `crm.watch`.
 */
export function contactsView(crm: Crm, root: HTMLElement): void {
  const search = h('input', { id: 'contact-search', type: 'search', autocomplete: 'off', placeholder: 'e.g. ann acme' });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' }, 'Loading contacts…');
  const body = h('tbody');
  const table = h(
    'table',
    { id: 'contact-table' },
    h('caption', {}, 'Contacts, by last name'),
    h('thead', {}, h('tr', {}, ...['Name', 'Email', 'Company', 'Lifecycle stage', 'Owner'].map((t) => h('th', { scope: 'col' }, t)))),
    body,
  );
  const more = h('button', { type: 'button' }, 'Show more');
  root.append(h('div', { class: 'field' }, h('label', { for: 'contact-search' }, 'Search contacts'), search), status, table, more);

  let limit = pageSize;
  let stop: Unsubscribe | undefined;
  const watch = () => {
    stop?.();
    const text = search.value.trim();
    stop = crm.watch(
      { collection: 'contacts', orderBy: { field: 'lastName' }, limit, ...(text ? { search: text } : {}) },
      (page) => {
        body.replaceChildren(
          ...page.items.map((c) =>
            h('tr', {}, h('td', {}, nameOf(c)), h('td', {}, c.emails[0] ?? ''), h('td', {}, c.companyName ?? ''), h('td', {}, c.lifecycleStage), h('td', {}, c.ownerId ?? '')),
          ),
        );
        status.textContent = page.items.length ? `Showing ${page.items.length} contact${page.items.length === 1 ? '' : 's'}${text ? ` matching “${text}”` : ''}.` : `No contact matches “${text}”.`;
        more.hidden = !page.nextCursor;
      },
      { onError: (error) => (status.textContent = `Could not load contacts: ${(error as Error).message}`) },
    );
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      limit = pageSize;
      watch();
    }, 150);
  });
  more.addEventListener('click', () => {
    limit = Math.min(limit + pageSize, 1000);
    watch();
  });
  watch();
}
