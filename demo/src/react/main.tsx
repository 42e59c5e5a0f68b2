import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConfig } from '../config.js';
import { openWorkspace } from '../open-workspace.js';
import { showMode } from '../show-mode.js';
import { ContactBrowser } from './contact-browser.js';

const summary = document.getElementById('summary') as HTMLElement;

/** Marks the page ready (for the tests) once React has committed it. */
function Ready() {
  useEffect(() => {
    document.body.dataset.ready = 'true';
  }, []);
  return null;
}

try {
  const config = await loadConfig();
  showMode(config);
  const workspace = await openWorkspace(config, (message) => (summary.textContent = message));
  summary.textContent = await workspace.describe();
  createRoot(document.getElementById('app') as HTMLElement).render(
    <StrictMode>
      <ContactBrowser crm={workspace.crm} />
      <Ready />
    </StrictMode>,
  );
} catch (error) {
  summary.textContent = `The workspace could not be opened: ${(error as Error).message}`;
  document.body.dataset.failed = 'true';
  throw error;
}
