import type { Contact, Crm } from '@rapport/core';
import '@rapport/widgets/score-badge/define';
import { h } from './dom.js';

const topCount = 8;

const nameOf = (contact: Contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0] || '(no name)';

/**
 * The lead scores at a glance: how many contacts each grade holds, and the best-scored contacts,
 * each with a `<rapport-score-badge>` that opens its breakdown. Both follow changes live, for as
 * long as the page lives. Meant to sit inside a `<rapport-provider>`, which hands the badges
 * their `crm`.
 */
export function leadScores(crm: Crm): HTMLElement {
  const grades = h('ul', { class: 'grades', 'aria-label': 'Contacts by grade' });
  const body = h('tbody');
  const caption = h('caption', {}, `The ${topCount} best-scored contacts`);
  const table = h(
    'table',
    { id: 'top-leads' },
    caption,
    h('thead', {}, h('tr', {}, ...['Contact', 'Company', 'Score'].map((t) => h('th', { scope: 'col' }, t)))),
    body,
  );
  const element = h('div', { class: 'lead-scores' }, h('h3', {}, 'Lead scores'), grades, table);

  const countGrades = async () => {
    const contacts = crm.storage.collection('contacts');
    const names = crm.scoring.rules.grades.map((grade) => grade.name);
    const counts = await Promise.all(names.map((grade) => contacts.count({ where: { 'score.grade': grade, deletedAt: null } })));
    grades.replaceChildren(...names.map((grade, i) => h('li', {}, h('strong', {}, `Grade ${grade}:`), ` ${counts[i] ?? 0}`)));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  crm.storage.changes((changes) => {
    if (!changes.some((change) => change.collection === 'contacts')) return;
    // Scoring a batch writes many contacts at once: count once it settles.
    clearTimeout(timer);
    timer = setTimeout(() => void countGrades(), 300);
  });
  void countGrades();

  crm.watch(
    // Scored contacts only: where a missing value sorts is each adapter's own business.
    { collection: 'contacts', where: { 'score.value': { gt: Number.MIN_SAFE_INTEGER } }, orderBy: { field: 'score.value', direction: 'desc' }, limit: topCount },
    (page) => {
      body.replaceChildren(
        ...page.items.map((contact) => {
          const badge = document.createElement('rapport-score-badge');
          badge.score = contact.score;
          badge.contactId = contact.id;
          return h('tr', {}, h('td', {}, nameOf(contact)), h('td', {}, contact.companyName ?? ''), h('td', {}, badge));
        }),
      );
    },
    { onError: (error) => (caption.textContent = `The scores could not be loaded: ${(error as Error).message}`) },
  );
  return element;
}
