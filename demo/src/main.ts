import { createCrm, memoryAdapter } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import { addContactForm } from './add-contact-form.js';
import { contactsView } from './contacts-view.js';
import { dealsView } from './deals-view.js';

const crm = createCrm({ storage: memoryAdapter() });
const { counts } = await seedWorkspace(crm.storage, { seed: 42, contacts: 400, now: new Date() });

const summary = document.getElementById('summary') as HTMLElement;
summary.textContent = `${counts.contacts} contacts, ${counts.companies} companies, ${counts.deals} deals and ${counts.interactions} interactions, generated in this page.`;

contactsView(crm, document.getElementById('contacts') as HTMLElement);
addContactForm(crm, document.getElementById('add-contact') as HTMLElement);
await dealsView(crm, document.getElementById('deals') as HTMLElement);
document.body.dataset.ready = 'true';
