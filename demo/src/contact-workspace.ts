import type { Crm } from '@rapport/core';
import '@rapport/widgets/provider/define';
import '@rapport/widgets/contact-list/define';
import '@rapport/widgets/contact-card/define';
import '@rapport/widgets/activity-timeline/define';
import { h } from './dom.js';

/**
 * The widgets working together on one workspace: choosing a contact in the list shows its card
 * and its timeline. One `<rapport-provider>` hands the `Crm` to all three.
 */
export function contactWorkspace(crm: Crm, root: HTMLElement): void {
  const provider = document.createElement('rapport-provider');
  provider.crm = crm;
  const list = document.createElement('rapport-contact-list');
  list.id = 'widget-contact-list';
  const card = document.createElement('rapport-contact-card');
  card.id = 'widget-contact-card';
  const timeline = document.createElement('rapport-activity-timeline');
  timeline.id = 'widget-timeline';
  const detail = h('div', { class: 'contact-detail' }, card, timeline);
  list.addEventListener('rapport-contact-select', (event) => {
    card.setAttribute('contact-id', event.detail.contact.id);
    timeline.setAttribute('contact-id', event.detail.contact.id);
  });
  provider.append(h('div', { class: 'contact-workspace' }, list, detail));
  root.append(provider);
}
