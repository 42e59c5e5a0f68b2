import { addContactForm } from './add-contact-form.js';
import { loadConfig } from './config.js';
import { contactWorkspace } from './contact-workspace.js';
import { contactsView } from './contacts-view.js';
import { h } from './dom.js';
import { leadFormSection } from './lead-form-section.js';
import { openWorkspace } from './open-workspace.js';
import { pipelineWorkspace } from './pipeline-workspace.js';
import { reportDashboard } from './report-dashboard.js';
import { showMode } from './show-mode.js';

const summary = document.getElementById('summary') as HTMLElement;
const byId = (id: string) => document.getElementById(id) as HTMLElement;

try {
  const config = await loadConfig();
  showMode(config);
  const workspace = await openWorkspace(config, (message) => (summary.textContent = message));
  const { crm } = workspace;
  summary.textContent = await workspace.describe();

  if (workspace.reset) {
    const reset = h('button', { type: 'button', id: 'reset-demo' }, 'Reset the demo data');
    const deleteAll = workspace.reset;
    reset.addEventListener('click', async () => {
      reset.disabled = true;
      await deleteAll();
      location.reload();
    });
    summary.after(reset);
  }

  contactWorkspace(crm, byId('workspace'));
  contactsView(crm, byId('contacts'));
  addContactForm(crm, byId('add-contact'));
  leadFormSection(workspace, byId('lead-form'));
  await pipelineWorkspace(crm, byId('board'));
  await reportDashboard(crm, byId('dashboard'));
  document.body.dataset.ready = 'true';
} catch (error) {
  summary.textContent = `The workspace could not be opened: ${(error as Error).message}`;
  document.body.dataset.failed = 'true';
  throw error;
}
