import { collectionNames, createCrm } from '@rapport/core';
import { seedWorkspace } from '@rapport/core/seed';
import { indexedDbAdapter } from '@rapport/adapters/indexeddb';
import { addContactForm } from './add-contact-form.js';
import { contactWorkspace } from './contact-workspace.js';
import { contactsView } from './contacts-view.js';
import { h } from './dom.js';
import { pipelineWorkspace } from './pipeline-workspace.js';
import { reportDashboard } from './report-dashboard.js';

const storage = indexedDbAdapter({ databaseName: 'rapport-demo' });
const crm = createCrm({ storage });
const summary = document.getElementById('summary') as HTMLElement;

// The first visit seeds the workspace; later visits find it where they left it.
if ((await storage.collection('pipelines').count()) === 0) {
  summary.textContent = 'Generating a workspace for this browser…';
  await seedWorkspace(storage, { seed: 42, contacts: 400, now: new Date() });
}
const [contacts, companies, , deals, interactions] = await Promise.all(collectionNames.map((name) => storage.collection(name).count()));
summary.textContent = `${contacts} contacts, ${companies} companies, ${deals} deals and ${interactions} interactions, stored in this browser.`;

const reset = h('button', { type: 'button', id: 'reset-demo' }, 'Reset the demo data');
reset.addEventListener('click', async () => {
  reset.disabled = true;
  await storage.deleteDatabase();
  location.reload();
});
summary.after(reset);

contactWorkspace(crm, document.getElementById('workspace') as HTMLElement);
contactsView(crm, document.getElementById('contacts') as HTMLElement);
addContactForm(crm, document.getElementById('add-contact') as HTMLElement);
await pipelineWorkspace(crm, document.getElementById('board') as HTMLElement);
await reportDashboard(crm, document.getElementById('dashboard') as HTMLElement);
document.body.dataset.ready = 'true';
